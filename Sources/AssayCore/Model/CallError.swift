/// A failed model call, with its normalised kind.
public struct CallError: Error, Sendable, Hashable, CustomStringConvertible {
    public var kind: ErrorKind
    public var message: String
    /// HTTP status, when the server answered.
    public var status: Int?
    /// The server's requested wait before retrying, in seconds.
    public var retryAfter: Double?

    public init(kind: ErrorKind, message: String, status: Int? = nil, retryAfter: Double? = nil) {
        self.kind = kind
        self.message = message
        self.status = status
        self.retryAfter = retryAfter
    }

    public var description: String {
        if let status { return "\(kind.rawValue) (HTTP \(status)): \(message)" }
        return "\(kind.rawValue): \(message)"
    }
}

/// Why a call or a grade failed, normalised across providers.
public enum ErrorKind: String, Sendable, Codable, CaseIterable {
    case rateLimited = "rate-limited"
    case overloaded
    case quotaExhausted = "quota-exhausted"
    case authentication
    case invalidRequest = "invalid-request"
    case serverError = "server-error"
    case timeout
    case streamCut = "stream-cut"
    case malformedResponse = "malformed-response"
    case connection
    case cancelled
    case graderError = "grader-error"

    /// Worth another attempt: the same request may succeed later.
    public var isRetryable: Bool {
        switch self {
        case .rateLimited, .overloaded, .serverError, .timeout, .streamCut, .connection, .malformedResponse:
            return true
        case .quotaExhausted, .authentication, .invalidRequest, .cancelled, .graderError:
            return false
        }
    }
}

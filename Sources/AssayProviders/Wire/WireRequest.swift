public import AssayCore

/// An HTTP request ready to send: the body is JSON (send `bodyText`).
public struct WireRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: JSONValue

    public init(method: String = "POST", url: String, headers: [(name: String, value: String)], body: JSONValue) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The body as compact JSON text (keys sorted).
    public var bodyText: String { body.compactJSON }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        WireErrorClassifier.header(name, in: headers)
    }
}

import AssayCore
import NIOHTTP1

/// Maps an HTTP error response to a normalised error kind.
enum HTTPErrorClassifier {
    static func classify(status: Int, body: String, headers: HTTPHeaders) -> CallError {
        let json = try? JSONValue.parse(body)
        let error = json?["error"]
        let message = error?["message"]?.stringValue ?? error?.stringValue ?? json?["message"]?.stringValue
            ?? String(body.prefix(300))
        let type = (error?["type"]?.stringValue ?? "") + " " + (error?["code"]?.templateText ?? "")
        let kind: ErrorKind
        switch status {
        case 429:
            let quota = ["insufficient_quota", "credit_balance", "spend_limit", "billing"].contains { type.contains($0) }
            kind = quota ? .quotaExhausted : .rateLimited
        case 401, 403: kind = .authentication
        case 402: kind = .quotaExhausted
        case 408: kind = .timeout
        case 529: kind = .overloaded
        case 400, 404, 409, 413, 422: kind = .invalidRequest
        case 500...: kind = .serverError
        default: kind = .invalidRequest
        }
        return CallError(kind: kind, message: message, status: status, retryAfter: retryAfter(headers))
    }

    /// `retry-after-ms` (milliseconds) first, then `retry-after` (seconds; an HTTP date is not honoured).
    static func retryAfter(_ headers: HTTPHeaders) -> Double? {
        if let ms = headers.first(name: "retry-after-ms").flatMap(Double.init) { return ms / 1000 }
        if let s = headers.first(name: "retry-after").flatMap(Double.init) { return s }
        return nil
    }
}

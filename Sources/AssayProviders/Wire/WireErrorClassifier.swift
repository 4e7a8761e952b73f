public import AssayCore
public import Foundation

/// Shared error handling: header look-up, Retry-After, and the status/type tables the formats start from.
public enum WireErrorClassifier {
    /// The first value of a header, by case-insensitive name.
    public static func header(_ name: String, in headers: [(name: String, value: String)]) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value.trimmingCharacters(in: .whitespaces)
    }

    /// The server's requested wait in seconds: `retry-after-ms` (milliseconds) first, then `retry-after`
    /// (seconds, or an HTTP date counted from `now`), as the OpenAI and Anthropic SDKs read them.
    public static func retryAfter(_ headers: [(name: String, value: String)], now: Date = Date()) -> Double? {
        if let ms = header("retry-after-ms", in: headers).flatMap(Double.init), ms.isFinite, ms >= 0 {
            return ms / 1000
        }
        guard let value = header("retry-after", in: headers) else { return nil }
        if let seconds = Double(value), seconds.isFinite, seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// The status table shared by the formats (each may refine it): 429 rate-limited (quota-exhausted when
    /// `errorType` names a quota/billing error), 401/403 authentication, 402 quota-exhausted, 408 timeout,
    /// 529 overloaded, 5xx server-error, any other status invalid-request (400, 404, 409, 413, 422...).
    public static func kind(status: Int, errorType: String = "") -> ErrorKind {
        switch status {
        case 429: return isQuota(errorType) ? .quotaExhausted : .rateLimited
        case 401, 403: return .authentication
        case 402: return .quotaExhausted
        case 408: return .timeout
        case 529: return .overloaded
        case 500...: return .serverError
        default: return .invalidRequest
        }
    }

    /// Whether an error type or code names a spent quota or budget rather than a rate limit
    /// (`insufficient_quota`, `credit_balance_exhausted`, `project_spend_limit_exceeded`, billing errors;,).
    public static func isQuota(_ errorType: String) -> Bool {
        let text = errorType.lowercased()
        return ["insufficient_quota", "credit_balance", "spend_limit", "billing"].contains { text.contains($0) }
    }

    /// The kind of an error known only by its type or code text (an error object in a 200 body or stream).
    public static func kind(errorType: String) -> ErrorKind {
        let text = errorType.lowercased()
        func has(_ words: String...) -> Bool { words.contains { text.contains($0) } }
        if isQuota(text) { return .quotaExhausted }
        if has("overloaded") { return .overloaded }
        if has("rate_limit", "rate limit", "resource_exhausted", "too_many_requests") { return .rateLimited }
        if has("authentication", "permission", "unauthenticated", "invalid_api_key", "unauthorized") {
            return .authentication
        }
        if has("timeout", "deadline_exceeded") { return .timeout }
        if has("invalid_request", "invalid request", "not_found", "invalid_argument", "validation", "bad_request") {
            return .invalidRequest
        }
        return .serverError
    }

    /// For a request refused over a parameter the catalog controls, the catalog switch that fixes it: OpenAI's
    /// reasoning models reject `temperature`, `max_tokens` and (the oldest) the `system` role, and newer Anthropic
    /// models `temperature`. Read from the error's `param` and message; nil when the refusal names none of these.
    public static func catalogHint(status: Int, body: String) -> String? {
        guard status == 400 || status == 422 else { return nil }
        let json = try? JSONValue.parse(body)
        let error = json?["error"]
        let param = (error?["param"]?.stringValue ?? "").lowercased()
        let text = (param + " " + message(from: json, body: body)).lowercased()
        if text.contains("max_tokens"), text.contains("max_completion_tokens") || param == "max_tokens" {
            return "set `reasoning: true` on this model in the catalog (it sends max_completion_tokens)"
        }
        if text.contains("temperature") {
            return "set `temperature: false` on this model in the catalog"
        }
        if param.hasPrefix("messages") && param.hasSuffix("role") || text.contains("'system'") && text.contains("role") {
            return "set `system_role: developer` on this model in the catalog (or `user`, for a model that takes neither)"
        }
        if text.contains("reasoning_effort") {
            return "remove `reasoning_effort` from this model in the catalog, or pick a value it lists"
        }
        return nil
    }

    /// A readable message from an error body: `error.message`, a string `error`, a top-level `message`,
    /// else the start of the body.
    static func message(from json: JSONValue?, body: String) -> String {
        if let error = json?["error"] {
            if let message = error["message"]?.stringValue { return message }
            if let message = error.stringValue { return message }
        }
        if let message = json?["message"]?.stringValue { return message }
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "HTTP error with an empty body" : String(trimmed.prefix(300))
    }
}

public import AssayCore
public import Foundation

/// A provider's wire format: how to build its HTTP request and read its answers.
///
/// Pure Foundation code: the HTTP client sends `request(for:model:apiKey:)`, feeds the body to
/// `decodeResponse(_:)` or to a stream decoder, and hands non-2xx answers to `classifyError`.
/// Field names follow /work/shared/reference/providers.md (§1–§6); each format's file cites its section.
public protocol WireFormat: Sendable {
    /// "openai", "anthropic", "gemini", "cohere", "huggingface", "ollama" (the catalog's `provider` value).
    var name: String { get }
    var defaultBaseURL: String { get }
    /// The HTTP request for a chat call. `apiKey` is nil for keyless endpoints (Ollama, local servers).
    func request(for request: ChatRequest, model: ModelSpec, apiKey: String?) -> WireRequest
    /// Decodes a whole (non-streamed) response body. Throws for an error object in a 200 body or malformed JSON
    /// (kind .malformedResponse).
    func decodeResponse(_ body: String) throws(CallError) -> WireResponse
    /// A fresh incremental decoder for a streamed response body.
    func makeStreamDecoder() -> any WireStreamDecoder
    /// Classifies an HTTP error response (status != 2xx) into a CallError with kind, message, status and
    /// retryAfter (seconds, from retry-after-ms / retry-after headers).
    func classifyError(status: Int, body: String, headers: [(name: String, value: String)]) -> CallError
}

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

/// A decoded answer: text, normalised finish reason and usage.
public struct WireResponse: Sendable, Equatable {
    public var text: String
    /// Normalised: "stop", "length", "content-filter", "tool-calls", else the provider's raw value.
    public var finishReason: String?
    public var usage: WireUsage?
    /// Thinking/reasoning text, when the provider returns it (Anthropic thinking blocks, Gemini thought parts,
    /// Ollama `message.thinking`, OpenAI-compatible `reasoning_content`); empty otherwise.
    public var reasoning: String

    public init(text: String, finishReason: String?, usage: WireUsage?, reasoning: String = "") {
        self.text = text
        self.finishReason = finishReason
        self.usage = usage
        self.reasoning = reasoning
    }

    /// Folds stream events into a response: content and reasoning concatenated, the last finish reason,
    /// the last usage (each `.usage` event already holds the merged totals; see `WireStreamEvent.usage`).
    public init(events: [WireStreamEvent]) {
        var text = ""
        var reasoning = ""
        var finish: String?
        var usage: WireUsage?
        for event in events {
            switch event {
            case .content(let piece): text += piece
            case .reasoning(let piece): reasoning += piece
            case .finish(let reason): finish = reason
            case .usage(let u): usage = u
            case .started, .done: break
            }
        }
        self.init(text: text, finishReason: finish, usage: usage, reasoning: reasoning)
    }
}

/// Server-side timings some providers report (Ollama's `*_duration` fields, sent in nanoseconds, §6),
/// converted to milliseconds.
public struct WireServerTimings: Sendable, Equatable {
    public var totalMs: Double?
    public var loadMs: Double?
    public var promptEvalMs: Double?
    public var evalMs: Double?

    public init(totalMs: Double? = nil, loadMs: Double? = nil, promptEvalMs: Double? = nil, evalMs: Double? = nil) {
        self.totalMs = totalMs
        self.loadMs = loadMs
        self.promptEvalMs = promptEvalMs
        self.evalMs = evalMs
    }
}

/// Every usage field the providers report; converts to AssayCore's TokenUsage.
///
/// Conventions, the same for every format:
/// - `inputTokens` is the whole prompt: it includes `cachedInputTokens` (cache reads) and `cacheWriteTokens`.
///   Anthropic reports `input_tokens` without cache reads and writes, so its decoder adds them (§2).
/// - `outputTokens` includes `reasoningTokens`. Gemini reports thoughts apart from `candidatesTokenCount`,
///   so its decoder adds `thoughtsTokenCount` (billed as output, §3).
/// - `billedInputTokens`/`billedOutputTokens` are Cohere's `usage.billed_units` (§4); nil elsewhere.
public struct WireUsage: Sendable, Equatable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var cachedInputTokens: Int
    public var cacheWriteTokens: Int
    public var reasoningTokens: Int
    public var billedInputTokens: Int?
    public var billedOutputTokens: Int?
    /// Ollama's server-side durations; nil for the other formats.
    public var serverTimings: WireServerTimings?

    public init(
        inputTokens: Int = 0, outputTokens: Int = 0, cachedInputTokens: Int = 0, cacheWriteTokens: Int = 0,
        reasoningTokens: Int = 0, billedInputTokens: Int? = nil, billedOutputTokens: Int? = nil,
        serverTimings: WireServerTimings? = nil
    ) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedInputTokens = cachedInputTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.reasoningTokens = reasoningTokens
        self.billedInputTokens = billedInputTokens
        self.billedOutputTokens = billedOutputTokens
        self.serverTimings = serverTimings
    }

    /// The usage that prices a call (`Price.cost(of:)`).
    ///
    /// Input and output are the billed units when the provider reports them (Cohere: "price with
    /// `billed_units`", §4), else the token counts; cache reads and writes are capped so that they stay
    /// inside that input, and reasoning inside that output.
    public var tokenUsage: TokenUsage {
        let input = billedInputTokens ?? inputTokens
        let output = billedOutputTokens ?? outputTokens
        let cached = min(cachedInputTokens, input)
        return TokenUsage(
            inputTokens: input, outputTokens: output, cachedInputTokens: cached,
            reasoningTokens: min(reasoningTokens, output), cacheWriteTokens: min(cacheWriteTokens, input - cached))
    }
}

/// An incremental decoder for one streamed response body.
///
/// Every wire event (an SSE event, an NDJSON line) yields at least one `WireStreamEvent`, so the first
/// event returned times "first event". The decoders stop at the format's end signal: bytes after it are ignored.
public protocol WireStreamDecoder: Sendable {
    /// Feeds body bytes (any chunking); returns the events they complete. Throws CallError for an error event inside
    /// the stream (kind per the error type: rate-limited, overloaded, server-error, ...) or a malformed event
    /// (.malformedResponse).
    mutating func feed(_ bytes: [UInt8]) throws(CallError) -> [WireStreamEvent]
    /// The end of the body: returns remaining events.
    mutating func finish() throws(CallError) -> [WireStreamEvent]
}

/// What one wire event meant. Within one wire event the order is: `started` or reasoning/content,
/// then `finish`, then `usage`, then `done`.
public enum WireStreamEvent: Sendable, Equatable {
    /// A wire event with no text, no finish reason and no end marker (role chunk, message_start, ping,
    /// content_block_stop, an OpenAI usage-only chunk...). It may be followed by `.usage` from the same event.
    case started
    /// A non-empty text delta (TTFT is the first of these).
    case content(String)
    /// A non-empty thinking/reasoning delta (Anthropic `thinking_delta`, Gemini `thought` parts,
    /// Ollama `message.thinking`, OpenAI-compatible `reasoning_content`).
    case reasoning(String)
    /// The normalised finish reason.
    case finish(String)
    /// Usage so far. Merge rule: each `.usage` holds the **merged totals** so far, so a later one replaces an
    /// earlier one. The decoders do the merging (Anthropic: `message_start` input fields, overridden field by field
    /// by the cumulative `message_delta` usage; Gemini: the last `usageMetadata` wins; OpenAI, Cohere, Ollama
    /// report usage once). An event is sent only when the usage changed.
    case usage(WireUsage)
    /// The stream's explicit end: OpenAI/HF `data: [DONE]`, Anthropic `message_stop`, Cohere `message-end`
    /// (or a `[DONE]`), Ollama the line with `done: true`. Gemini has none: its stream ends with the body
    /// (§3), so a Gemini stream is complete when it ended after a `.finish`.
    case done
}

/// The registry of the six wire formats, by the catalog's `provider` value.
public enum WireFormats {
    public static let all: [any WireFormat] = [
        OpenAIWire(), AnthropicWire(), GeminiWire(), CohereWire(), HuggingFaceWire(), OllamaWire(),
    ]

    public static func format(named: String) -> (any WireFormat)? {
        switch named.lowercased() {
        case "openai": return OpenAIWire()
        case "anthropic": return AnthropicWire()
        case "gemini", "google": return GeminiWire()
        case "cohere": return CohereWire()
        case "huggingface", "hf": return HuggingFaceWire()
        case "ollama": return OllamaWire()
        default: return nil
        }
    }
}

/// Shared error handling: header look-up, Retry-After, and the status/type tables the formats start from.
public enum WireErrorClassifier {
    /// The first value of a header, by case-insensitive name.
    public static func header(_ name: String, in headers: [(name: String, value: String)]) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value.trimmingCharacters(in: .whitespaces)
    }

    /// The server's requested wait in seconds: `retry-after-ms` (milliseconds) first, then `retry-after`
    /// (seconds, or an HTTP date counted from `now`), as the OpenAI and Anthropic SDKs read them (§1, §2).
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
    /// (`insufficient_quota`, `credit_balance_exhausted`, `project_spend_limit_exceeded`, billing errors; §1, §2).
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

/// JSON helpers shared by the decoders.
enum WireJSON {
    /// Parses JSON text, turning a parse error into a `.malformedResponse` CallError.
    static func parse(_ text: String, what: String) throws(CallError) -> JSONValue {
        do {
            return try JSONValue.parse(text)
        } catch {
            throw CallError(kind: .malformedResponse, message: "\(what) is not JSON: \(error)")
        }
    }

    /// Parses a JSON object keeping only the members named (see `JSONValue.parse(_:keeping:)`).
    static func parse(_ text: String, what: String, keeping keys: Set<String>) throws(CallError) -> JSONValue {
        do {
            return try JSONValue.parse(text, keeping: keys)
        } catch {
            throw CallError(kind: .malformedResponse, message: "\(what) is not a JSON object: \(error)")
        }
    }

    /// A JSON number as an Int (Cohere sends counts as floats); nil when absent or not a number.
    static func int(_ value: JSONValue?) -> Int? {
        guard let n = value?.numberValue, n.isFinite, abs(n) < 1e15 else { return nil }
        return Int(n.rounded())
    }

    static func number(_ value: Int) -> JSONValue { .number(Double(value)) }

    /// A base URL without trailing slashes.
    static func trimmed(_ base: String) -> String {
        var s = base
        while s.hasSuffix("/") { s.removeLast() }
        return s
    }
}

/// Keeps the last usage sent, so that `.usage` is only emitted when it changed.
struct UsageTracker: Sendable {
    var last: WireUsage?

    mutating func changed(_ usage: WireUsage?) -> WireUsage? {
        guard let usage, usage != last else { return nil }
        last = usage
        return usage
    }
}

extension WireStreamEvent {
    /// The events of one wire event, in the documented order; `.started` when it carries no text, finish or end.
    static func assemble(
        reasoning: String? = nil, content: String? = nil, finish: String? = nil, usage: WireUsage? = nil,
        done: Bool = false
    ) -> [WireStreamEvent] {
        var events: [WireStreamEvent] = []
        if let reasoning, !reasoning.isEmpty { events.append(.reasoning(reasoning)) }
        if let content, !content.isEmpty { events.append(.content(content)) }
        if let finish { events.append(.finish(finish)) }
        if events.isEmpty && !done { events.append(.started) }
        if let usage { events.append(.usage(usage)) }
        if done { events.append(.done) }
        return events
    }
}

/// Handles one SSE event of a format's stream.
protocol WireSSEHandler: Sendable {
    mutating func handle(_ event: SSEEvent) throws(CallError) -> [WireStreamEvent]
}

/// A stream decoder for the SSE formats (OpenAI, HF, Anthropic, Cohere): SSE framing by `SSEDecoder`,
/// meaning by the format's handler; events after `.done` are ignored.
struct SSEWireStreamDecoder<Handler: WireSSEHandler>: WireStreamDecoder {
    var sse = SSEDecoder()
    var handler: Handler
    var finished = false

    init(handler: Handler) {
        self.handler = handler
    }

    mutating func feed(_ bytes: [UInt8]) throws(CallError) -> [WireStreamEvent] {
        try handle(sse.feed(bytes))
    }

    mutating func finish() throws(CallError) -> [WireStreamEvent] {
        try handle(sse.finish())
    }

    private mutating func handle(_ events: [SSEEvent]) throws(CallError) -> [WireStreamEvent] {
        var out: [WireStreamEvent] = []
        for event in events where !finished {
            let decoded = try handler.handle(event)
            if decoded.contains(.done) { finished = true }
            out += decoded
        }
        return out
    }
}

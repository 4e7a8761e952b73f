public import AssayCore
public import Foundation

/// Google Gemini Developer API, `generateContent` (https://ai.google.dev/api/generate-content).
///
/// Request: `POST {base}/models/{model}:generateContent`, or `:streamGenerateContent?alt=sse` when streaming, with
/// `x-goog-api-key` (never `?key=`, which leaks keys into logs). The default base includes the API version,
/// `https://generativelanguage.googleapis.com/v1beta` (v1beta, not the SDK's new default v1, because
/// `systemInstruction` and `responseMimeType` are v1beta features in most examples); a base URL without a version
/// segment (`/v1`, `/v1beta`, `/v1alpha`) gets `/v1beta` appended. Body (camelCase): `contents: [{role: user,
/// parts: [{text}]}]`, `systemInstruction: {role: user, parts: [{text}]}` (the role as the SDK sends it),
/// `generationConfig: {maxOutputTokens, temperature (when supported), stopSequences, seed,
/// responseMimeType: "application/json" in JSON mode}`.
///
/// Response: text = `candidates[0].content.parts[].text` without `thought: true` parts (those are reasoning);
/// `functionCall` parts are tool calls, and a candidate holding one finished with a tool call (Gemini says `STOP`).
/// Usage: `inputTokens` = `promptTokenCount + toolUsePromptTokenCount` (cached content is a subset of the prompt),
/// `outputTokens` = `candidatesTokenCount + thoughtsTokenCount` (thoughts are billed as output but not counted in
/// `candidatesTokenCount`), `reasoningTokens` = `thoughtsTokenCount`, `cachedInputTokens` = `cachedContentTokenCount`.
/// A blocked prompt (no candidates, `promptFeedback.blockReason`) reads as finish reason "content-filter".
/// Stream: SSE `data:` lines, each a whole response; the last `usageMetadata` wins; **no end marker** (no `.done`):
/// the stream is complete when the body ends after a finish reason. An `{"error": ...}` object, possibly spread over
/// several lines without `data:`, throws (the SDK reads it the same way).
public struct GeminiWire: WireFormat {
    public static let defaultBaseURL = "https://generativelanguage.googleapis.com/v1beta"

    public var name: String { "gemini" }
    public var defaultBaseURL: String { Self.defaultBaseURL }

    public init() {}

    public func request(for request: ChatRequest, model: ModelSpec, apiKey: String?) -> WireRequest {
        var base = WireJSON.trimmed(model.baseURL ?? Self.defaultBaseURL)
        let lastSegment = base.split(separator: "/").last.map(String.init) ?? ""
        if !["v1", "v1beta", "v1alpha"].contains(lastSegment) { base += "/v1beta" }
        let modelPath = model.model.hasPrefix("models/") ? model.model : "models/" + model.model
        let method = request.stream ? ":streamGenerateContent?alt=sse" : ":generateContent"
        let headers = WireRequest.headers(streaming: request.stream, credential: apiKey.map { ("x-goog-api-key", $0) })
        let body = Self.body(for: request, model: model)
        return WireRequest(url: base + "/" + modelPath + method, headers: headers, body: body)
    }

    /// The JSON body.
    public static func body(for request: ChatRequest, model: ModelSpec) -> JSONValue {
        var config: [String: JSONValue] = ["maxOutputTokens": WireJSON.number(request.maxTokens)]
        if let t = request.temperature, model.supportsTemperature { config["temperature"] = .number(t) }
        if !request.stop.isEmpty { config["stopSequences"] = .array(request.stop.map(JSONValue.string)) }
        if let seed = request.seed { config["seed"] = WireJSON.number(seed) }
        if request.jsonMode { config["responseMimeType"] = "application/json" }
        var body: [String: JSONValue] = [
            "contents": .array(Self.contents(request.conversation)),
            "generationConfig": .object(config),
        ]
        if !request.tools.isEmpty { body["tools"] = Self.tools(request.tools) }
        if let choice = request.toolChoice, !request.tools.isEmpty { body["toolConfig"] = Self.toolConfig(choice) }
        if let system = request.system {
            body["systemInstruction"] = ["role": "user", "parts": [["text": .string(system)]]]
        }
        return .object(body)
    }

    public func decodeResponse(_ body: String) throws(CallError) -> WireResponse {
        let json = try WireJSON.parse(body, what: "the response")
        if let error = Self.errorObject(json) { throw error }
        let chunk = Self.chunk(json)
        guard json["candidates"]?.arrayValue?.isEmpty == false || chunk.finish != nil else {
            throw CallError(kind: .malformedResponse, message: "the response has no candidates")
        }
        return WireResponse(
            text: chunk.text, toolCalls: chunk.toolCalls, finishReason: chunk.finish, usage: chunk.usage,
            reasoning: chunk.reasoning)
    }

    public func makeStreamDecoder() -> any WireStreamDecoder {
        GeminiStreamDecoder()
    }

    /// `error.status` first: INVALID_ARGUMENT and FAILED_PRECONDITION → invalid-request (an
    /// `API_KEY_INVALID` reason → authentication), PERMISSION_DENIED/UNAUTHENTICATED → authentication, NOT_FOUND →
    /// invalid-request, RESOURCE_EXHAUSTED → rate-limited (quota-exhausted when a `QuotaFailure` names a per-day
    /// quota), INTERNAL → server-error, UNAVAILABLE → overloaded, DEADLINE_EXCEEDED → timeout; else by HTTP status
    /// (503 overloaded, 504 timeout, the shared table). Retry-After headers first, else a `RetryInfo.retryDelay`.
    public func classifyError(status: Int, body: String, headers: [(name: String, value: String)]) -> CallError {
        let json = try? JSONValue.parse(body)
        let error = json?["error"]
        let kind = error.flatMap { Self.kind(error: $0) } ?? Self.kind(status: status)
        let retryAfter = WireErrorClassifier.retryAfter(headers) ?? error.flatMap(Self.retryDelay)
        return CallError(
            kind: kind, message: WireErrorClassifier.message(from: json, body: body), status: status,
            retryAfter: retryAfter)
    }

    static func kind(status: Int) -> ErrorKind {
        switch status {
        case 503: return .overloaded
        case 504: return .timeout
        default: return WireErrorClassifier.kind(status: status)
        }
    }

    /// The kind named by an error object's `status` (or its `code` when the status is unknown).
    static func kind(error: JSONValue) -> ErrorKind? {
        let details = error["details"]?.arrayValue ?? []
        switch error["status"]?.stringValue {
        case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE":
            let keyInvalid = details.contains { $0["reason"]?.stringValue == "API_KEY_INVALID" }
            return keyInvalid ? .authentication : .invalidRequest
        case "PERMISSION_DENIED", "UNAUTHENTICATED": return .authentication
        case "NOT_FOUND": return .invalidRequest
        case "RESOURCE_EXHAUSTED":
            let perDay = details.contains { detail in
                (detail["violations"]?.arrayValue ?? []).contains {
                    ($0["quotaId"]?.stringValue ?? "").contains("PerDay")
                }
            }
            return perDay ? .quotaExhausted : .rateLimited
        case "INTERNAL", "UNKNOWN", "DATA_LOSS": return .serverError
        case "UNAVAILABLE": return .overloaded
        case "DEADLINE_EXCEEDED": return .timeout
        default: return WireJSON.int(error["code"]).map(kind(status:))
        }
    }

    /// `google.rpc.RetryInfo.retryDelay` ("13s", "1.5s") in seconds.
    static func retryDelay(_ error: JSONValue) -> Double? {
        for detail in error["details"]?.arrayValue ?? [] {
            guard let delay = detail["retryDelay"]?.stringValue, delay.hasSuffix("s") else { continue }
            if let seconds = Double(delay.dropLast()), seconds.isFinite, seconds >= 0 { return seconds }
        }
        return nil
    }

    /// An `error` object in a 200 body or in the stream.
    static func errorObject(_ json: JSONValue) -> CallError? {
        guard let error = json["error"], error != .null else { return nil }
        let message = error["message"]?.stringValue ?? error.stringValue ?? error.compactJSON
        return CallError(
            kind: kind(error: error) ?? .serverError, message: "error in the response: \(message)",
            status: WireJSON.int(error["code"]))
    }

    /// What one response (or stream chunk) holds.
    struct Chunk {
        var text = ""
        var reasoning = ""
        /// Whole `functionCall` parts: Gemini sends each call complete, in one chunk.
        var toolCalls: [ToolCall] = []
        var finish: String?
        var usage: WireUsage?
    }

    static func chunk(_ json: JSONValue) -> Chunk {
        var chunk = Chunk()
        if let candidate = json["candidates"]?.arrayValue?.first {
            for part in candidate["content"]?["parts"]?.arrayValue ?? [] {
                if let call = part["functionCall"], let name = call["name"]?.stringValue {
                    chunk.toolCalls.append(ToolCall(
                        id: call["id"]?.stringValue, name: name, arguments: (call["args"] ?? .object([:])).compactJSON,
                        signature: part["thoughtSignature"]?.stringValue))
                }
                guard let text = part["text"]?.stringValue else { continue }
                if part["thought"] == .bool(true) { chunk.reasoning += text } else { chunk.text += text }
            }
            chunk.finish = finishReason(candidate["finishReason"]?.stringValue)
        } else if json["promptFeedback"]?["blockReason"]?.stringValue != nil {
            chunk.finish = "content-filter"
        }
        chunk.usage = usage(json["usageMetadata"])
        return chunk
    }

    /// `usageMetadata`, with the totals described on the type.
    public static func usage(_ json: JSONValue?) -> WireUsage? {
        guard let u = json, case .object = u else { return nil }
        let thoughts = WireJSON.int(u["thoughtsTokenCount"]) ?? 0
        return WireUsage(
            inputTokens: (WireJSON.int(u["promptTokenCount"]) ?? 0) + (WireJSON.int(u["toolUsePromptTokenCount"]) ?? 0),
            outputTokens: (WireJSON.int(u["candidatesTokenCount"]) ?? 0) + thoughts,
            cachedInputTokens: WireJSON.int(u["cachedContentTokenCount"]) ?? 0, reasoningTokens: thoughts)
    }

    /// `finishReason`: STOP → stop (a stop-sequence hit also reports STOP), MAX_TOKENS → length, the safety
    /// family (SAFETY, RECITATION, BLOCKLIST, PROHIBITED_CONTENT, SPII, IMAGE_SAFETY, IMAGE_PROHIBITED_CONTENT,
    /// IMAGE_RECITATION, MODEL_ARMOR) → content-filter; others (LANGUAGE, OTHER, MALFORMED_FUNCTION_CALL...) pass
    /// through; FINISH_REASON_UNSPECIFIED is no finish reason.
    public static func finishReason(_ raw: String?) -> String? {
        switch raw {
        case nil, "FINISH_REASON_UNSPECIFIED": return nil
        case "STOP": return "stop"
        case "MAX_TOKENS": return "length"
        case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
            "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "MODEL_ARMOR":
            return "content-filter"
        case let other?: return other
        }
    }
}

/// Gemini's `alt=sse` stream, read line by line as the SDK reads it: a `data:` line is one whole response;
/// other non-empty lines are collected until their braces balance (an error object not prefixed by `data:`);
/// comments and other SSE fields are ignored.
struct GeminiStreamDecoder: WireStreamDecoder {
    var lines = NDJSONLineSplitter()
    var pending: [UInt8] = []
    var balance = JSONBraceBalance()
    var usage = UsageTracker()
    var toolCallsSeen = 0

    mutating func feed(_ bytes: [UInt8]) throws(CallError) -> [WireStreamEvent] {
        var events: [WireStreamEvent] = []
        for line in lines.feed(bytes) { events += try handle(line) }
        return events
    }

    mutating func finish() throws(CallError) -> [WireStreamEvent] {
        var events: [WireStreamEvent] = []
        for line in lines.finish() { events += try handle(line) }
        if !pending.isEmpty {
            throw CallError(kind: .malformedResponse, message: "the stream ended inside a JSON object")
        }
        return events
    }

    private mutating func handle(_ line: [UInt8]) throws(CallError) -> [WireStreamEvent] {
        if pending.isEmpty {
            if line.isEmpty || line.first == UInt8(ascii: ":") { return [] }
            if line.starts(with: Array("data:".utf8)) {
                var payload = line.dropFirst(5)
                if payload.first == UInt8(ascii: " ") { payload = payload.dropFirst() }
                return try handle(json: String(decoding: payload, as: UTF8.self))
            }
            guard line.first == UInt8(ascii: "{") else { return [] }  // event:, id:, retry: and the like
        }
        pending += line
        pending.append(0x0A)
        balance.scan(line)
        guard balance.isBalanced else { return [] }
        let text = String(decoding: pending, as: UTF8.self)
        pending.removeAll()
        balance = JSONBraceBalance()
        return try handle(json: text)
    }

    private mutating func handle(json text: String) throws(CallError) -> [WireStreamEvent] {
        let json = try WireJSON.parse(text, what: "a stream chunk")
        if let error = GeminiWire.errorObject(json) { throw error }
        let chunk = GeminiWire.chunk(json)
        let calls = chunk.toolCalls.map { call in
            defer { toolCallsSeen += 1 }
            return ToolCallDelta(index: toolCallsSeen, id: call.id, name: call.name, arguments: call.arguments, signature: call.signature)
        }
        return WireStreamEvent.assemble(
            reasoning: chunk.reasoning, content: chunk.text, toolCalls: calls, finish: chunk.finish,
            usage: usage.changed(chunk.usage))
    }
}

/// Counts `{`/`}` outside JSON strings, to tell when a multi-line JSON object is complete.
struct JSONBraceBalance: Sendable {
    var depth = 0
    var inString = false
    var escaped = false

    var isBalanced: Bool { depth <= 0 && !inString }

    mutating func scan(_ bytes: [UInt8]) {
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{") {
                depth += 1
            } else if byte == UInt8(ascii: "}") {
                depth -= 1
            }
        }
    }
}

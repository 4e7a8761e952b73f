public import AssayCore
public import Foundation

/// Anthropic Messages API (https://docs.anthropic.com/en/api/messages).
///
/// Request: `POST {base}/v1/messages` with `anthropic-version: <version>` and, for versions before 2026-10-21,
/// `x-api-key` (from 2026-10-21 on, `Authorization: Bearer`, as SDK 2.x sends it). Body: `model`, `max_tokens`
/// (required), top-level `system`, `messages: [{role: user}]`, `stop_sequences`, `stream: true` when streaming,
/// and `temperature` only when the model supports it **and** the version is older than 2026-10-21 (which rejects
/// sampling parameters). No `seed` (the API has none).
///
/// JSON mode: Anthropic has no `json_object` mode (only `output_config.format` with a full JSON schema, which a
/// `ChatRequest` does not carry), so `jsonInstruction` is appended to the system prompt (after a blank line), or is
/// the system prompt when there is none. No assistant prefill is used (newer models reject prefills).
///
/// Usage: `input_tokens` excludes cache reads and writes, so `WireUsage.inputTokens` is
/// `input_tokens + cache_read_input_tokens + cache_creation_input_tokens`; `cachedInputTokens` is the cache reads,
/// `cacheWriteTokens` the cache writes, `reasoningTokens` is `output_tokens_details.thinking_tokens` (part of
/// `output_tokens`). Stream: named SSE events; usage starts in `message_start` and is overridden field by field by
/// the cumulative `message_delta` usage; `message_stop` → `.done`; `error` events throw.
public struct AnthropicWire: WireFormat {
    public static let defaultBaseURL = "https://api.anthropic.com"
    /// The version the official docs show; sent unless configured otherwise.
    public static let defaultVersion = "2023-06-01"
    /// From this version on, the key goes in `Authorization: Bearer` and sampling parameters are rejected.
    public static let bearerAuthVersion = "2026-10-21"
    /// Appended to the system prompt in JSON mode (the simulator recognises it).
    public static let jsonInstruction =
        "Respond with a single valid JSON object and nothing else: no text before or after it, no code fences."

    /// The `anthropic-version` sent for models without an override.
    public var version: String
    /// Per-model versions, keyed by catalog id (`ModelSpec.id`) or by provider model name (`ModelSpec.model`);
    /// the id wins. The caller fills it from the catalog's optional per-model setting.
    public var versionOverrides: [String: String]

    public var name: String { "anthropic" }
    public var defaultBaseURL: String { Self.defaultBaseURL }

    public init(version: String = AnthropicWire.defaultVersion, versionOverrides: [String: String] = [:]) {
        self.version = version
        self.versionOverrides = versionOverrides
    }

    /// The `anthropic-version` for one model.
    public func version(for model: ModelSpec) -> String {
        versionOverrides[model.id] ?? versionOverrides[model.model] ?? version
    }

    /// Versions are dates (`YYYY-MM-DD`), so they compare as strings.
    public static func usesBearerAuth(version: String) -> Bool { version >= bearerAuthVersion }

    public static func acceptsSamplingParameters(version: String) -> Bool { version < bearerAuthVersion }

    public func request(for request: ChatRequest, model: ModelSpec, apiKey: String?) -> WireRequest {
        let version = version(for: model)
        let base = WireJSON.trimmed(model.baseURL ?? Self.defaultBaseURL)
        let url = WireJSON.endpoint(base, version: "/v1", path: "/messages")
        let credential = Self.usesBearerAuth(version: version) ? WireRequest.bearer(apiKey) : apiKey.map { ("x-api-key", $0) }
        let headers = WireRequest.headers(streaming: request.stream, extra: [("anthropic-version", version)], credential: credential)
        return WireRequest(url: url, headers: headers, body: Self.body(for: request, model: model, version: version))
    }

    /// The JSON body.
    public static func body(for request: ChatRequest, model: ModelSpec, version: String = defaultVersion) -> JSONValue {
        var body: [String: JSONValue] = [
            "model": .string(model.model),
            "max_tokens": WireJSON.number(request.maxTokens),
            "messages": .array(Self.messages(request.conversation)),
        ]
        if !request.tools.isEmpty { body["tools"] = Self.tools(request.tools) }
        if let choice = request.toolChoice, !request.tools.isEmpty { body["tool_choice"] = Self.toolChoice(choice) }
        if let system = systemPrompt(request.system, jsonMode: request.jsonMode) { body["system"] = .string(system) }
        if !request.stop.isEmpty { body["stop_sequences"] = .array(request.stop.map(JSONValue.string)) }
        if let t = request.temperature, model.supportsTemperature, acceptsSamplingParameters(version: version) {
            body["temperature"] = .number(t)
        }
        if request.stream { body["stream"] = true }
        return .object(body)
    }

    /// The system prompt sent: the request's, with `jsonInstruction` appended in JSON mode.
    public static func systemPrompt(_ system: String?, jsonMode: Bool) -> String? {
        guard jsonMode else { return system }
        guard let system, !system.isEmpty else { return jsonInstruction }
        return system + "\n\n" + jsonInstruction
    }

    public func decodeResponse(_ body: String) throws(CallError) -> WireResponse {
        let json = try WireJSON.parse(body, what: "the response")
        if let error = Self.errorEvent(json) { throw error }
        guard let blocks = json["content"]?.arrayValue else {
            throw CallError(kind: .malformedResponse, message: "the response has no content array")
        }
        var text = ""
        var reasoning = ""
        var toolCalls: [ToolCall] = []
        for block in blocks {
            switch block["type"]?.stringValue {
            case "text": text += block["text"]?.stringValue ?? ""
            case "thinking": reasoning += block["thinking"]?.stringValue ?? ""
            case "tool_use":
                toolCalls.append(ToolCall(
                    id: block["id"]?.stringValue, name: block["name"]?.stringValue ?? "",
                    arguments: (block["input"] ?? .object([:])).compactJSON))
            default: break
            }
        }
        var usage = AnthropicUsage()
        usage.merge(json["usage"])
        return WireResponse(
            text: text, toolCalls: toolCalls, finishReason: Self.finishReason(json["stop_reason"]?.stringValue), usage: usage.wireUsage,
            reasoning: reasoning)
    }

    public func makeStreamDecoder() -> any WireStreamDecoder {
        SSEWireStreamDecoder(handler: AnthropicStreamHandler())
    }

    /// `error.type` first; else the status (529 overloaded, 504 timeout, the shared table).
    public func classifyError(status: Int, body: String, headers: [(name: String, value: String)]) -> CallError {
        let json = try? JSONValue.parse(body)
        let error = json?["error"]
        let type = error?["type"]?.stringValue ?? ""
        let code = error?["details"]?["error_code"]?.stringValue ?? ""
        let message = WireErrorClassifier.message(from: json, body: body)
        var kind = Self.kind(errorType: type, code: code, message: message)
            ?? (status == 504 ? .timeout : WireErrorClassifier.kind(status: status, errorType: code))
        if status == 529 { kind = .overloaded }
        return CallError(
            kind: kind, message: message, status: status, retryAfter: WireErrorClassifier.retryAfter(headers))
    }

    /// The kind for an Anthropic `error.type`; nil for an unknown type.
    static func kind(errorType: String, code: String, message: String) -> ErrorKind? {
        switch errorType {
        case "overloaded_error": return .overloaded
        case "rate_limit_error":
            let spend = WireErrorClassifier.isQuota(code) || message.lowercased().contains("spend limit")
            return spend ? .quotaExhausted : .rateLimited
        case "billing_error": return .quotaExhausted
        case "authentication_error", "permission_error": return .authentication
        case "invalid_request_error", "not_found_error", "request_too_large": return .invalidRequest
        case "timeout_error": return .timeout
        case "api_error": return .serverError
        default: return nil
        }
    }

    /// An error body (`{"type": "error", "error": {...}}`) in a 200 body or an `error` stream event.
    static func errorEvent(_ json: JSONValue) -> CallError? {
        guard json["type"]?.stringValue == "error" || json["error"].map({ $0 != .null }) == true else { return nil }
        let error = json["error"]
        let type = error?["type"]?.stringValue ?? ""
        let message = error?["message"]?.stringValue ?? json.compactJSON
        let kind = kind(errorType: type, code: error?["details"]?["error_code"]?.stringValue ?? "", message: message)
            ?? WireErrorClassifier.kind(errorType: type)
        return CallError(kind: kind, message: "error event in the response: \(message)")
    }

    /// `stop_reason`: `end_turn` and `stop_sequence` → stop, `max_tokens` and `model_context_window_exceeded`
    /// → length, `tool_use` → tool-calls, `refusal` → content-filter; others (`pause_turn`) pass through.
    public static func finishReason(_ raw: String?) -> String? {
        switch raw {
        case nil: return nil
        case "end_turn", "stop_sequence": return "stop"
        case "max_tokens", "model_context_window_exceeded": return "length"
        case "tool_use": return "tool-calls"
        case "refusal": return "content-filter"
        case let other?: return other
        }
    }
}

/// Anthropic usage fields as they arrive; later values override earlier ones field by field.
struct AnthropicUsage: Sendable {
    var input: Int?
    var output: Int?
    var cacheRead: Int?
    var cacheWrite: Int?
    var thinking: Int?

    mutating func merge(_ json: JSONValue?) {
        guard let u = json, case .object = u else { return }
        input = WireJSON.int(u["input_tokens"]) ?? input
        output = WireJSON.int(u["output_tokens"]) ?? output
        cacheRead = WireJSON.int(u["cache_read_input_tokens"]) ?? cacheRead
        cacheWrite = WireJSON.int(u["cache_creation_input_tokens"]) ?? cacheWrite
        thinking = WireJSON.int(u["output_tokens_details"]?["thinking_tokens"]) ?? thinking
    }

    var wireUsage: WireUsage? {
        guard input != nil || output != nil else { return nil }
        let read = cacheRead ?? 0
        let write = cacheWrite ?? 0
        return WireUsage(
            inputTokens: (input ?? 0) + read + write, outputTokens: output ?? 0, cachedInputTokens: read,
            cacheWriteTokens: write, reasoningTokens: thinking ?? 0)
    }
}

/// One named Anthropic SSE event at a time. Events are dispatched on the SSE event name, or on the data's
/// `type` when the name is missing.
struct AnthropicStreamHandler: WireSSEHandler {
    var fields = AnthropicUsage()
    var usage = UsageTracker()
    /// Content-block indexes of `tool_use` blocks started, and whether their input has had a delta: a block
    /// that stops without one had no arguments, `{}`.
    var toolBlocks: [Int: Bool] = [:]

    mutating func handle(_ event: SSEEvent) throws(CallError) -> [WireStreamEvent] {
        let json = try WireJSON.parse(event.data, what: "a stream event")
        let type = event.event ?? json["type"]?.stringValue ?? ""
        switch type {
        case "error":
            throw AnthropicWire.errorEvent(json) ?? CallError(kind: .serverError, message: "error event in the stream")
        case "message_start":
            fields.merge(json["message"]?["usage"])
            return WireStreamEvent.assemble(usage: usage.changed(fields.wireUsage))
        case "content_block_start":
            let block = json["content_block"]
            if block?["type"]?.stringValue == "tool_use" {
                let index = WireJSON.int(json["index"]) ?? toolBlocks.count
                // The start holds `input: {}`; the input arrives in `input_json_delta` pieces.
                toolBlocks[index] = false
                return [.toolCall(ToolCallDelta(index: index, id: block?["id"]?.stringValue, name: block?["name"]?.stringValue))]
            }
            return WireStreamEvent.assemble(
                reasoning: block?["thinking"]?.stringValue,
                content: block?["type"]?.stringValue == "text" ? block?["text"]?.stringValue : nil)
        case "content_block_delta":
            let delta = json["delta"]
            switch delta?["type"]?.stringValue {
            case "text_delta": return WireStreamEvent.assemble(content: delta?["text"]?.stringValue)
            case "thinking_delta": return WireStreamEvent.assemble(reasoning: delta?["thinking"]?.stringValue)
            case "input_json_delta":
                let index = WireJSON.int(json["index"]) ?? 0
                let piece = delta?["partial_json"]?.stringValue ?? ""
                guard !piece.isEmpty else { return [.started] }
                toolBlocks[index] = true
                return [.toolCall(ToolCallDelta(index: index, arguments: piece))]
            default: return [.started]
            }
        case "message_delta":
            fields.merge(json["usage"])
            return WireStreamEvent.assemble(
                finish: AnthropicWire.finishReason(json["delta"]?["stop_reason"]?.stringValue),
                usage: usage.changed(fields.wireUsage))
        case "content_block_stop":
            let index = WireJSON.int(json["index"]) ?? -1
            guard toolBlocks[index] == false else { return [.started] }
            toolBlocks[index] = true
            return [.toolCall(ToolCallDelta(index: index, arguments: "{}"))]
        case "message_stop":
            return [.done]
        default:
            // ping and event types added later.
            return [.started]
        }
    }
}

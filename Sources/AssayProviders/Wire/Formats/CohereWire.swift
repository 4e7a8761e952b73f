public import AssayCore
public import Foundation

/// Cohere Chat API v2 (https://docs.cohere.com/reference/chat).
///
/// Request: `POST {base}/v2/chat` with `Authorization: Bearer`. Body: `model`, `messages` (system and user roles),
/// `max_tokens`, `temperature` (when supported), `stop_sequences`, `seed`, `response_format: {"type": "json_object"}`
/// in JSON mode, and `stream` always (`false` too, as the SDK sends it).
///
/// Response: text = `message.content[]` blocks of type `text` (`thinking` blocks are reasoning); `finish_reason`
/// COMPLETE/STOP_SEQUENCE → stop, MAX_TOKENS → length, TOOL_CALL → tool-calls, others (ERROR, TIMEOUT) pass
/// through.
/// Usage: `inputTokens`/`outputTokens` = `usage.tokens` (raw, prompt template included), `billedInputTokens`/
/// `billedOutputTokens` = `usage.billed_units` (what is priced: `WireUsage.tokenUsage` uses them),
/// `cachedInputTokens` = `usage.cached_tokens`. Stream: SSE whose `data` JSON carries a `type`
/// (`message-start`, `content-start`, `content-delta` with `delta.message.content.text`, `content-end`,
/// `message-end` with `delta.{finish_reason, usage, error}`); `message-end` → `.done` (a `data: [DONE]` is
/// tolerated too); a `message-end` with an `error` throws.
public struct CohereWire: WireFormat {
    public static let defaultBaseURL = "https://api.cohere.com"

    public var name: String { "cohere" }
    public var defaultBaseURL: String { Self.defaultBaseURL }

    public init() {}

    public func request(for request: ChatRequest, model: ModelSpec, apiKey: String?) -> WireRequest {
        let base = WireJSON.trimmed(model.baseURL ?? Self.defaultBaseURL)
        let url = WireJSON.endpoint(base, version: "/v2", path: "/chat")
        let headers = WireRequest.headers(streaming: request.stream, credential: WireRequest.bearer(apiKey))
        return WireRequest(url: url, headers: headers, body: Self.body(for: request, model: model))
    }

    /// The JSON body.
    public static func body(for request: ChatRequest, model: ModelSpec) -> JSONValue {
        var messages: [JSONValue] = []
        if let system = request.system { messages.append(["role": "system", "content": .string(system)]) }
        messages += Self.messages(request.conversation)
        var body: [String: JSONValue] = [
            "model": .string(model.model), "messages": .array(messages),
            "max_tokens": WireJSON.number(request.maxTokens), "stream": .bool(request.stream),
        ]
        if !request.tools.isEmpty {
            let (tools, choice) = Self.tools(request.tools, choice: request.toolChoice)
            body["tools"] = OpenAIWire.tools(tools)
            if let choice { body["tool_choice"] = choice }
        }
        if let t = request.temperature, model.supportsTemperature { body["temperature"] = .number(t) }
        if !request.stop.isEmpty { body["stop_sequences"] = .array(request.stop.map(JSONValue.string)) }
        if let seed = request.seed { body["seed"] = WireJSON.number(seed) }
        if request.jsonMode { body["response_format"] = ["type": "json_object"] }
        return .object(body)
    }

    public func decodeResponse(_ body: String) throws(CallError) -> WireResponse {
        let json = try WireJSON.parse(body, what: "the response")
        if let error = Self.errorInBody(json) { throw error }
        guard let message = json["message"], case .object = message else {
            throw CallError(kind: .malformedResponse, message: "the response has no message")
        }
        var text = ""
        var reasoning = ""
        for block in message["content"]?.arrayValue ?? [] {
            switch block["type"]?.stringValue {
            case "text": text += block["text"]?.stringValue ?? ""
            case "thinking": reasoning += block["thinking"]?.stringValue ?? ""
            default: break
            }
        }
        return WireResponse(
            text: text, toolCalls: OpenAIWire.toolCalls(message["tool_calls"]),
            finishReason: Self.finishReason(json["finish_reason"]?.stringValue),
            usage: Self.usage(json["usage"]), reasoning: reasoning)
    }

    public func makeStreamDecoder() -> any WireStreamDecoder {
        SSEWireStreamDecoder(handler: CohereStreamHandler())
    }

    /// status table: 429 rate-limited (quota-exhausted when the message names a monthly trial limit),
    /// 401/403/498 authentication, 400/404/422 invalid-request, 499 connection, 504 timeout, other 5xx server-error.
    public func classifyError(status: Int, body: String, headers: [(name: String, value: String)]) -> CallError {
        let json = try? JSONValue.parse(body)
        let message = WireErrorClassifier.message(from: json, body: body)
        let kind: ErrorKind
        switch status {
        case 429:
            let lower = message.lowercased()
            kind = lower.contains("/ month") || lower.contains("per month") || lower.contains("monthly")
                ? .quotaExhausted : .rateLimited
        case 498: kind = .authentication
        case 499: kind = .connection
        case 504: kind = .timeout
        default: kind = WireErrorClassifier.kind(status: status)
        }
        return CallError(
            kind: kind, message: message, status: status, retryAfter: WireErrorClassifier.retryAfter(headers))
    }

    /// The kind of Cohere's `error_type` (its discriminator, where the message is prose): a tool call the model
    /// generated invalid is a request the model cannot answer as asked, not retried; no valid response
    /// generated is transient; other types by their words.
    static func kind(errorType: String) -> ErrorKind {
        switch errorType.uppercased() {
        case "INVALID_TOOL_GENERATION": return .invalidRequest
        case "NO_VALID_RESPONSE_GENERATED": return .serverError
        default: return WireErrorClassifier.kind(errorType: errorType)
        }
    }

    /// An error object in a 200 body: Cohere's error bodies carry a string `message` where a chat response has an
    /// object, or an `error` key.
    static func errorInBody(_ json: JSONValue) -> CallError? {
        if let message = json["message"]?.stringValue {
            let type = json["error_type"]?.stringValue
            let kind = type.map(Self.kind(errorType:)) ?? WireErrorClassifier.kind(errorType: message)
            return CallError(kind: kind, message: "error in the response: \(type.map { "\($0): " } ?? "")\(message)")
        }
        if let error = json["error"], error != .null {
            let message = error.stringValue ?? error["message"]?.stringValue ?? error.compactJSON
            return CallError(kind: .serverError, message: "error in the response: \(message)")
        }
        return nil
    }

    /// usage: `tokens`, `billed_units` and `cached_tokens` (numbers the SDK types as floats).
    public static func usage(_ json: JSONValue?) -> WireUsage? {
        guard let u = json, case .object = u else { return nil }
        let billed = u["billed_units"]
        let tokens = u["tokens"]
        let billedInput = WireJSON.int(billed?["input_tokens"])
        let billedOutput = WireJSON.int(billed?["output_tokens"])
        return WireUsage(
            inputTokens: WireJSON.int(tokens?["input_tokens"]) ?? billedInput ?? 0,
            outputTokens: WireJSON.int(tokens?["output_tokens"]) ?? billedOutput ?? 0,
            cachedInputTokens: WireJSON.int(u["cached_tokens"]) ?? 0,
            billedInputTokens: billedInput, billedOutputTokens: billedOutput)
    }

    /// `finish_reason`, normalised (see the type's documentation).
    public static func finishReason(_ raw: String?) -> String? {
        switch raw {
        case nil: return nil
        case "COMPLETE", "STOP_SEQUENCE": return "stop"
        case "MAX_TOKENS": return "length"
        case "TOOL_CALL": return "tool-calls"
        case let other?: return other
        }
    }
}

/// One Cohere v2 stream event at a time, dispatched on the data's `type` (the SDK ignores the SSE event name).
struct CohereStreamHandler: WireSSEHandler {
    var usage = UsageTracker()

    mutating func handle(_ event: SSEEvent) throws(CallError) -> [WireStreamEvent] {
        if event.isDoneSentinel { return [.done] }
        let json = try WireJSON.parse(event.data, what: "a stream event")
        guard let type = json["type"]?.stringValue else {
            if let error = CohereWire.errorInBody(json) { throw error }
            return [.started]
        }
        switch type {
        case "content-start", "content-delta":
            let content = json["delta"]?["message"]?["content"]
            return WireStreamEvent.assemble(
                reasoning: content?["thinking"]?.stringValue, content: content?["text"]?.stringValue)
        case "tool-call-start", "tool-call-delta":
            // `delta.message.tool_calls` is one call here, not a list: id and name on its start, argument pieces after.
            let call = json["delta"]?["message"]?["tool_calls"]
            let piece = ToolCallDelta(
                index: WireJSON.int(json["index"]) ?? 0, id: call?["id"]?.stringValue,
                name: call?["function"]?["name"]?.stringValue,
                arguments: OpenAIWire.argumentsText(call?["function"]?["arguments"]))
            return [.toolCall(piece)]
        case "message-end":
            let delta = json["delta"]
            if let error = delta?["error"]?.stringValue, !error.isEmpty {
                // The type is the discriminator (`INVALID_TOOL_GENERATION`); the message is prose.
                let type = delta?["error_type"]?.stringValue
                let kind = type.map(CohereWire.kind(errorType:)) ?? WireErrorClassifier.kind(errorType: error)
                throw CallError(kind: kind, message: "error event in the stream: \(type.map { "\($0): " } ?? "")\(error)")
            }
            return WireStreamEvent.assemble(
                finish: CohereWire.finishReason(delta?["finish_reason"]?.stringValue),
                usage: usage.changed(CohereWire.usage(delta?["usage"])), done: true)
        default:
            // message-start, content-end, tool-plan-delta, tool-call-end, citation-*, debug.
            return [.started]
        }
    }
}

public import AssayCore
public import Foundation

/// OpenAI Chat Completions (https://platform.openai.com/docs/api-reference/chat), and the OpenAI-compatible servers (vLLM, llama.cpp, TGI...).
///
/// Request: `POST {base}/chat/completions`, `Authorization: Bearer`, `messages` with system (or the catalog's
/// `system_role`: developer for reasoning models) and user roles, `max_completion_tokens` for api.openai.com and for
/// reasoning models on any host and `max_tokens` elsewhere, `reasoning_effort` when the catalog sets it, `stop`, `seed`,
/// `response_format: {"type": "json_object"}`, and when streaming `stream: true` with
/// `stream_options.include_usage` (without it a stream carries no usage).
/// Stream: SSE `data:` chunks ending with `data: [DONE]` (→ `.done`); usage arrives in a last chunk with
/// `choices: []`; an `error` object in a chunk is an error.
public struct OpenAIWire: WireFormat {
    public static let defaultBaseURL = "https://api.openai.com/v1"

    public var name: String { "openai" }
    public var defaultBaseURL: String { Self.defaultBaseURL }

    public init() {}

    public func request(for request: ChatRequest, model: ModelSpec, apiKey: String?) -> WireRequest {
        let base = WireJSON.trimmed(model.baseURL ?? Self.defaultBaseURL)
        // OpenAI deprecated max_tokens, and its reasoning models reject it on any host; compatible servers mostly
        // know only max_tokens.
        let body = Self.body(for: request, model: model, useMaxCompletionTokens: base.contains("api.openai.com") || model.reasoning)
        let headers = Self.headers(for: request, apiKey: apiKey)
        return WireRequest(url: base + "/chat/completions", headers: headers, body: body)
    }

    /// Content-Type, Accept, and `Authorization: Bearer` when there is a key.
    static func headers(for request: ChatRequest, apiKey: String?) -> [(name: String, value: String)] {
        WireRequest.headers(streaming: request.stream, credential: WireRequest.bearer(apiKey))
    }

    /// The JSON body, as OpenAI's API defines it.
    public static func body(for request: ChatRequest, model: ModelSpec, useMaxCompletionTokens: Bool) -> JSONValue {
        var messages: [JSONValue] = []
        // `user`: for models that take neither a system nor a developer message, the system prompt leads.
        let lead = model.systemRole == "user" ? request.system : nil
        if let system = request.system, lead == nil {
            messages.append(["role": .string(model.systemRole), "content": .string(system)])
        }
        messages += Self.messages(request.conversation, leadingSystem: lead)
        var body: [String: JSONValue] = ["model": .string(model.model), "messages": .array(messages)]
        if !request.tools.isEmpty { body["tools"] = Self.tools(request.tools) }
        if let choice = request.toolChoice, !request.tools.isEmpty { body["tool_choice"] = Self.toolChoice(choice) }
        if let effort = model.reasoningEffort { body["reasoning_effort"] = .string(effort) }
        body[useMaxCompletionTokens ? "max_completion_tokens" : "max_tokens"] = WireJSON.number(request.maxTokens)
        if let t = request.temperature, model.supportsTemperature { body["temperature"] = .number(t) }
        if !request.stop.isEmpty { body["stop"] = .array(request.stop.map(JSONValue.string)) }
        if let seed = request.seed { body["seed"] = WireJSON.number(seed) }
        if request.jsonMode { body["response_format"] = ["type": "json_object"] }
        if request.stream {
            body["stream"] = true
            body["stream_options"] = ["include_usage": true]
        }
        return .object(body)
    }

    public func decodeResponse(_ body: String) throws(CallError) -> WireResponse {
        let json = try WireJSON.parse(body, what: "the response")
        if let error = Self.errorInBody(json) { throw error }
        guard let choice = json["choices"]?.arrayValue?.first else {
            throw CallError(kind: .malformedResponse, message: "the response has no choices")
        }
        let message = choice["message"]
        let parts = Self.contentParts(message?["content"])
        return WireResponse(
            text: parts.text ?? "", toolCalls: Self.toolCalls(message?["tool_calls"]),
            finishReason: Self.finishReason(choice["finish_reason"]?.stringValue), usage: Self.usage(of: json),
            reasoning: Self.reasoningText(message) ?? parts.reasoning ?? "")
    }

    public func makeStreamDecoder() -> any WireStreamDecoder {
        SSEWireStreamDecoder(handler: OpenAIStreamHandler())
    }

    public func classifyError(status: Int, body: String, headers: [(name: String, value: String)]) -> CallError {
        Self.classify(status: status, body: body, headers: headers)
    }

    /// Status table of (429 split by `error.type`/`error.code` into rate-limited and quota-exhausted), with
    /// TGI's `{"error": "...", "error_type": "overloaded"}` read as overloaded.
    static func classify(status: Int, body: String, headers: [(name: String, value: String)]) -> CallError {
        let json = try? JSONValue.parse(body)
        let error = json?["error"]
        let type = [error?["type"]?.stringValue, error?["code"]?.stringValue, json?["error_type"]?.stringValue]
            .compactMap { $0 }.joined(separator: " ")
        var kind = WireErrorClassifier.kind(status: status, errorType: type)
        if type.lowercased().contains("overloaded") { kind = .overloaded }
        return CallError(
            kind: kind, message: WireErrorClassifier.message(from: json, body: body), status: status,
            retryAfter: WireErrorClassifier.retryAfter(headers))
    }

    /// Usage: `prompt_tokens` (includes cached and cache-write tokens), `completion_tokens` (includes
    /// reasoning), `prompt_tokens_details.{cached_tokens, cache_write_tokens}`,
    /// `completion_tokens_details.reasoning_tokens`. Nil when absent or null.
    public static func usage(_ json: JSONValue?) -> WireUsage? {
        guard let u = json, case .object = u else { return nil }
        return WireUsage(
            inputTokens: WireJSON.int(u["prompt_tokens"]) ?? 0,
            outputTokens: WireJSON.int(u["completion_tokens"]) ?? 0,
            cachedInputTokens: WireJSON.int(u["prompt_tokens_details"]?["cached_tokens"]) ?? 0,
            cacheWriteTokens: WireJSON.int(u["prompt_tokens_details"]?["cache_write_tokens"]) ?? 0,
            reasoningTokens: WireJSON.int(u["completion_tokens_details"]?["reasoning_tokens"]) ?? 0)
    }

    /// A response's or chunk's usage: `usage`, or Groq's `x_groq.usage`, where Groq's streams carry it
    /// (recorded Groq streams end with a chunk whose only usage is there).
    static func usage(of json: JSONValue) -> WireUsage? {
        usage(json["usage"]) ?? usage(json["x_groq"]?["usage"])
    }

    /// Normalised finish reasons; unknown values pass through.
    public static func finishReason(_ raw: String?) -> String? {
        switch raw {
        case nil: return nil
        case "stop": return "stop"
        case "length": return "length"
        case "content_filter": return "content-filter"
        case "tool_calls", "function_call": return "tool-calls"
        case let other?: return other
        }
    }

    /// `content` as a string, or as Mistral's list of typed parts (its reasoning models, streamed or not):
    /// the `text` parts are the answer, the `thinking` parts (each a list of text parts) its reasoning.
    static func contentParts(_ content: JSONValue?) -> (text: String?, reasoning: String?) {
        guard let parts = content?.arrayValue else { return (content?.stringValue, nil) }
        var text: String?
        var reasoning: String?
        for part in parts {
            switch part["type"]?.stringValue {
            case "text": text = (text ?? "") + (part["text"]?.stringValue ?? "")
            case "thinking":
                let thought = (part["thinking"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined()
                reasoning = (reasoning ?? "") + thought
            default: continue
            }
        }
        return (text, reasoning)
    }

    /// `message.tool_calls`: `{id, type: function, function: {name, arguments}}`, the arguments as the model wrote them.
    static func toolCalls(_ json: JSONValue?) -> [ToolCall] {
        (json?.arrayValue ?? []).compactMap { call in
            guard let function = call["function"], let name = function["name"]?.stringValue else { return nil }
            return ToolCall(id: call["id"]?.stringValue, name: name, arguments: argumentsText(function["arguments"]))
        }
    }

    /// Arguments as text: a string as sent; an object (some compatible servers send one) written as JSON.
    static func argumentsText(_ json: JSONValue?) -> String {
        switch json {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case let other?: return other.compactJSON
        }
    }

    /// `delta.tool_calls` pieces: `{index, id, function: {name, arguments}}`, id and name on a call's first piece.
    static func toolCallDeltas(_ json: JSONValue?) -> [ToolCallDelta] {
        (json?.arrayValue ?? []).enumerated().map { offset, call in
            ToolCallDelta(
                index: WireJSON.int(call["index"]) ?? offset, id: call["id"]?.stringValue,
                name: call["function"]?["name"]?.stringValue, arguments: argumentsText(call["function"]?["arguments"]))
        }
    }

    /// Reasoning text of OpenAI-compatible servers (`reasoning_content` of vLLM/DeepSeek, `reasoning` of others).
    static func reasoningText(_ message: JSONValue?) -> String? {
        message?["reasoning_content"]?.stringValue ?? message?["reasoning"]?.stringValue
    }

    /// An `error` in a 200 body or a stream chunk: an OpenAI error object, or TGI's string `error`.
    static func errorInBody(_ json: JSONValue) -> CallError? {
        guard let error = json["error"], error != .null else { return nil }
        let message = error["message"]?.stringValue ?? error.stringValue ?? error.compactJSON
        let type = [error["type"]?.stringValue, error["code"]?.stringValue, json["error_type"]?.stringValue]
            .compactMap { $0 }.joined(separator: " ")
        return CallError(kind: WireErrorClassifier.kind(errorType: type), message: "error in the response: \(message)")
    }
}

/// One Chat Completions chunk at a time.
struct OpenAIStreamHandler: WireSSEHandler {
    var usage = UsageTracker()
    /// What a chunk is read for; its id, model, timestamps and fingerprint, repeated on every token, are skipped.
    static let membersRead: Set<String> = ["choices", "usage", "x_groq", "error", "error_type"]

    mutating func handle(_ event: SSEEvent) throws(CallError) -> [WireStreamEvent] {
        if event.isDoneSentinel { return [.done] }
        if event.isBlank { return [.started] }
        if let chunk = OpenAIChunkScanner.scan(event.data) {
            return WireStreamEvent.assemble(
                content: chunk.content, finish: OpenAIWire.finishReason(chunk.finishReason), usage: usage.changed(nil))
        }
        return try handleParsed(event)
    }

    /// The full parse, for every chunk the fast path does not take.
    mutating func handleParsed(_ event: SSEEvent) throws(CallError) -> [WireStreamEvent] {
        let json = try WireJSON.parse(event.data, what: "a stream chunk", keeping: Self.membersRead)
        if let error = OpenAIWire.errorInBody(json) { throw error }
        let choice = json["choices"]?.arrayValue?.first
        let parts = OpenAIWire.contentParts(choice?["delta"]?["content"])
        return WireStreamEvent.assemble(
            reasoning: OpenAIWire.reasoningText(choice?["delta"]) ?? parts.reasoning,
            content: parts.text, toolCalls: OpenAIWire.toolCallDeltas(choice?["delta"]?["tool_calls"]),
            finish: OpenAIWire.finishReason(choice?["finish_reason"]?.stringValue),
            usage: usage.changed(OpenAIWire.usage(of: json)))
    }
}

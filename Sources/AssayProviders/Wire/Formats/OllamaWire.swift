public import AssayCore
public import Foundation

/// Ollama's native chat API (https://github.com/ollama/ollama/blob/main/docs/api.md).
///
/// Request: `POST {base}/api/chat` (default base `http://localhost:11434`; `OLLAMA_HOST` is the caller's),
/// `Authorization: Bearer` only when a key is given (ollama.com cloud). Body: `model`, `messages` (system and
/// user roles), `stream` always explicit (it defaults to true), `options: {num_predict, temperature (when
/// supported), stop, seed}`, `format: "json"` in JSON mode.
///
/// Response and final stream line: `message.content` (and `message.thinking` as reasoning), `done_reason`
/// (stop, length; others such as load/unload pass through), `prompt_eval_count` → input tokens, `eval_count` →
/// output tokens, durations (nanoseconds) → `WireUsage.serverTimings` in milliseconds.
/// Stream: NDJSON, one object per line; the line with `done: true` → `.finish`, `.usage`, `.done`.
/// An `{"error": "..."}` body or line throws.
public struct OllamaWire: WireFormat {
    public static let defaultBaseURL = "http://localhost:11434"

    public var name: String { "ollama" }
    public var defaultBaseURL: String { Self.defaultBaseURL }

    public init() {}

    public func request(for request: ChatRequest, model: ModelSpec, apiKey: String?) -> WireRequest {
        let base = WireJSON.trimmed(model.baseURL ?? Self.defaultBaseURL)
        let url = WireJSON.endpoint(base, version: "/api", path: "/chat")
        // JSON lines, and the SDK asks for JSON, streaming or not.
        let headers = WireRequest.headers(streaming: request.stream, acceptsStream: false, credential: WireRequest.bearer(apiKey))
        return WireRequest(url: url, headers: headers, body: Self.body(for: request, model: model))
    }

    /// The JSON body.
    public static func body(for request: ChatRequest, model: ModelSpec) -> JSONValue {
        var messages: [JSONValue] = []
        if let system = request.system { messages.append(["role": "system", "content": .string(system)]) }
        messages += Self.messages(request.conversation)
        var options: [String: JSONValue] = ["num_predict": WireJSON.number(request.maxTokens)]
        if let t = request.temperature, model.supportsTemperature { options["temperature"] = .number(t) }
        if !request.stop.isEmpty { options["stop"] = .array(request.stop.map(JSONValue.string)) }
        if let seed = request.seed { options["seed"] = WireJSON.number(seed) }
        var body: [String: JSONValue] = [
            "model": .string(model.model), "messages": .array(messages), "stream": .bool(request.stream),
            "options": .object(options),
        ]
        if request.jsonMode { body["format"] = "json" }
        if !request.tools.isEmpty && request.toolChoice != ToolChoice.none { body["tools"] = OpenAIWire.tools(request.tools) }
        return .object(body)
    }

    public func decodeResponse(_ body: String) throws(CallError) -> WireResponse {
        let json = try WireJSON.parse(body, what: "the response")
        if let error = Self.errorInBody(json) { throw error }
        guard let message = json["message"], case .object = message else {
            throw CallError(kind: .malformedResponse, message: "the response has no message")
        }
        return WireResponse(
            text: message["content"]?.stringValue ?? "", toolCalls: Self.toolCalls(message["tool_calls"]),
            finishReason: Self.finishReason(json["done_reason"]?.stringValue), usage: Self.usage(json),
            reasoning: message["thinking"]?.stringValue ?? "")
    }

    public func makeStreamDecoder() -> any WireStreamDecoder {
        OllamaStreamDecoder()
    }

    /// `{"error": "..."}` bodies: 404 (model not pulled) and 400 invalid-request, 503 ("server busy")
    /// overloaded, 500 server-error, the shared table otherwise. Ollama sends no rate-limit headers locally.
    public func classifyError(status: Int, body: String, headers: [(name: String, value: String)]) -> CallError {
        let json = try? JSONValue.parse(body)
        let kind: ErrorKind = status == 503 ? .overloaded : WireErrorClassifier.kind(status: status)
        return CallError(
            kind: kind, message: WireErrorClassifier.message(from: json, body: body), status: status,
            retryAfter: WireErrorClassifier.retryAfter(headers))
    }

    static func errorInBody(_ json: JSONValue) -> CallError? {
        guard let error = json["error"], error != .null else { return nil }
        let message = error.stringValue ?? error["message"]?.stringValue ?? error.compactJSON
        let lower = message.lowercased()
        let kind: ErrorKind = lower.contains("busy") || lower.contains("overloaded") ? .overloaded : .serverError
        return CallError(kind: kind, message: "error in the response: \(message)")
    }

    /// Counts and durations of a `done: true` object; nil when it has no counts.
    public static func usage(_ json: JSONValue) -> WireUsage? {
        let input = WireJSON.int(json["prompt_eval_count"])
        let output = WireJSON.int(json["eval_count"])
        guard input != nil || output != nil else { return nil }
        func ms(_ key: String) -> Double? { json[key]?.numberValue.map { $0 / 1_000_000 } }
        let timings = WireServerTimings(
            totalMs: ms("total_duration"), loadMs: ms("load_duration"), promptEvalMs: ms("prompt_eval_duration"),
            evalMs: ms("eval_duration"))
        let hasTimings = timings != WireServerTimings()
        return WireUsage(inputTokens: input ?? 0, outputTokens: output ?? 0, serverTimings: hasTimings ? timings : nil)
    }

    /// `message.tool_calls`: `{id?, function: {index?, name, arguments: {…}}}`, the arguments an object.
    static func toolCalls(_ json: JSONValue?) -> [ToolCall] {
        (json?.arrayValue ?? []).compactMap { call in
            guard let function = call["function"], let name = function["name"]?.stringValue else { return nil }
            return ToolCall(id: call["id"]?.stringValue, name: name, arguments: OpenAIWire.argumentsText(function["arguments"]))
        }
    }

    /// `done_reason`: stop, length; others pass through.
    public static func finishReason(_ raw: String?) -> String? {
        switch raw {
        case nil: return nil
        case "stop": return "stop"
        case "length": return "length"
        case let other?: return other
        }
    }
}

/// Ollama's NDJSON stream: one JSON object per line.
struct OllamaStreamDecoder: WireStreamDecoder {
    var lines = NDJSONLineSplitter()
    var finished = false
    var toolCallsSeen = 0

    mutating func feed(_ bytes: [UInt8]) throws(CallError) -> [WireStreamEvent] {
        try handle(lines.feed(bytes))
    }

    mutating func finish() throws(CallError) -> [WireStreamEvent] {
        try handle(lines.finish())
    }

    private mutating func handle(_ lines: [[UInt8]]) throws(CallError) -> [WireStreamEvent] {
        var events: [WireStreamEvent] = []
        for line in lines where !finished {
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            let json = try WireJSON.parse(String(decoding: line, as: UTF8.self), what: "a stream line")
            if let error = OllamaWire.errorInBody(json) { throw error }
            let message = json["message"]
            // Ollama sends each tool call whole, in one line.
            let calls = OllamaWire.toolCalls(message?["tool_calls"]).map { call in
                defer { toolCallsSeen += 1 }
                return ToolCallDelta(index: toolCallsSeen, id: call.id, name: call.name, arguments: call.arguments)
            }
            guard json["done"] == .bool(true) else {
                events += WireStreamEvent.assemble(
                    reasoning: message?["thinking"]?.stringValue, content: message?["content"]?.stringValue, toolCalls: calls)
                continue
            }
            finished = true
            events += WireStreamEvent.assemble(
                reasoning: message?["thinking"]?.stringValue, content: message?["content"]?.stringValue, toolCalls: calls,
                finish: OllamaWire.finishReason(json["done_reason"]?.stringValue), usage: OllamaWire.usage(json),
                done: true)
        }
        return events
    }
}

/// Splits a byte stream into lines: LF, CRLF or a lone CR ends a line (the terminator is dropped); bytes are kept
/// until their line is complete, so multi-byte characters split across chunks survive.
public struct NDJSONLineSplitter: Sendable {
    private var line: [UInt8] = []
    private var lastWasCR = false

    public init() {}

    /// Feeds bytes; returns the lines they complete (empty lines included).
    public mutating func feed(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        for byte in bytes {
            if byte == 0x0A {
                if lastWasCR {
                    lastWasCR = false
                    continue
                }
                lines.append(line)
                line.removeAll(keepingCapacity: true)
            } else if byte == 0x0D {
                lastWasCR = true
                lines.append(line)
                line.removeAll(keepingCapacity: true)
            } else {
                lastWasCR = false
                line.append(byte)
            }
        }
        return lines
    }

    /// The last line, when the body did not end with a line break.
    public mutating func finish() -> [[UInt8]] {
        defer { line.removeAll() }
        return line.isEmpty ? [] : [line]
    }
}

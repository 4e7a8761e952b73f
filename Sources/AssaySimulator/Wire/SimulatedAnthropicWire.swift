import AssayCore
import Foundation

/// Anthropic Messages as the fleet serves it (https://docs.anthropic.com/en/api/messages), at `POST /v1/messages`.
///
/// Requests need the `anthropic-version` header and `max_tokens`, as the real API does (400 otherwise); any version is
/// accepted. JSON mode is recognised by `output_config.format` or by the JSON instruction that `AnthropicWire` appends
/// to the system prompt (`jsonInstruction`, the same text), which is removed from the recovered system prompt.
/// The stream has named events: `message_start` (input usage), `content_block_start`, `ping`, one
/// `content_block_delta`/`text_delta` per token, `content_block_stop`, `message_delta` (stop reason and cumulative
/// `output_tokens`) and `message_stop`.
public struct SimulatedAnthropicWire: SimulatedJSONWire {
    /// Must equal `AnthropicWire.jsonInstruction` (a test checks it).
    public static let jsonInstruction =
        "Respond with a single valid JSON object and nothing else: no text before or after it, no code fences."

    public var name: String { "anthropic" }
    public var streamContentType: String { "text/event-stream; charset=utf-8" }

    public init() {}

    public var path: String { "/v1/messages" }

    func read(_ json: JSONValue, headers: [(name: String, value: String)]) -> Result<SimulatedRequest, SimulatedWireError> {
        guard SimulatedWireSupport.header("anthropic-version", in: headers) != nil else {
            return .failure(SimulatedWireError(message: "anthropic-version: header is required"))
        }
        guard let model = json["model"]?.stringValue, let messages = json["messages"]?.arrayValue else {
            return .failure(SimulatedWireError(message: "model and messages: Field required"))
        }
        guard let maxTokens = SimulatedWireSupport.int(json["max_tokens"]) else {
            return .failure(SimulatedWireError(message: "max_tokens: Field required"))
        }
        var system = SimulatedWireSupport.text(json["system"])
        var jsonMode = json["output_config"]?["format"] != nil
        if let s = system, s.hasSuffix(Self.jsonInstruction) {
            jsonMode = true
            var rest = String(s.dropLast(Self.jsonInstruction.count))
            if rest.hasSuffix("\n\n") { rest.removeLast(2) }
            system = rest.isEmpty ? nil : rest
        }
        // The user's last message with text: a message of tool results is not one.
        func hasText(_ message: JSONValue) -> Bool {
            message["content"]?.stringValue != nil || (message["content"]?.arrayValue ?? []).contains { $0["type"] == "text" }
        }
        let user = messages.last { $0["role"]?.stringValue == "user" && hasText($0) }
        var request = SimulatedRequest(
            model: model, system: system, user: SimulatedWireSupport.text(user?["content"]) ?? "", maxTokens: maxTokens,
            jsonMode: jsonMode, stream: json["stream"] == .bool(true), seed: nil, includeUsage: true,
            temperature: json["temperature"]?.numberValue, stop: SimulatedWireSupport.strings(json["stop_sequences"]))
        request.tools = json["tool_choice"]?["type"] == "none" ? [] : (json["tools"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        request.toolTurns = SimulatedWireSupport.toolTurns(
            messages, userText: hasText, calls: { ($0["content"]?.arrayValue ?? []).contains { $0["type"] == "tool_use" } })
        return .success(request)
    }

    /// `{"type": "error", "error": {"type", "message"}, "request_id"}`, with the fleet's error type mapped to
    /// Anthropic's by status (429 `rate_limit_error`, 529 `overloaded_error`, 500 `api_error`...).
    public func errorBody(status: Int, type: String, message: String) -> String {
        let error: JSONValue = [
            "type": .string(Self.errorType(status: status, type: type)), "message": .string(message),
        ]
        return JSONValue.object(["type": "error", "error": error, "request_id": "req_simulated"]).compactJSON
    }

    static func errorType(status: Int, type: String) -> String {
        let known = [
            "invalid_request_error", "authentication_error", "billing_error", "permission_error", "not_found_error",
            "rate_limit_error", "timeout_error", "api_error", "overloaded_error",
        ]
        if known.contains(type) && !(type == "invalid_request_error" && status == 404) { return type }
        switch status {
        case 401: return "authentication_error"
        case 402: return "billing_error"
        case 403: return "permission_error"
        case 404: return "not_found_error"
        case 408, 504: return "timeout_error"
        case 429: return "rate_limit_error"
        case 529: return "overloaded_error"
        case 500...: return "api_error"
        default: return "invalid_request_error"
        }
    }

    /// stop → `end_turn`, length → `max_tokens`, tool_calls → `tool_use`.
    static func stopReason(_ finish: String) -> String {
        switch finish {
        case "stop": return "end_turn"
        case "length": return "max_tokens"
        case "tool_calls": return "tool_use"
        default: return finish
        }
    }

    public func completeBody(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String {
        var message = self.message(request: request, id: id)
        var content: [JSONValue] = answer.toolCalls.isEmpty || !answer.text.isEmpty ? [["type": "text", "text": .string(answer.text)]] : []
        content += answer.toolCalls.map { call in
            ["type": "tool_use", "id": .string("toolu_\(call.id)"), "name": .string(call.name), "input": (try? JSONValue.parse(call.arguments)) ?? .object([:])]
        }
        message["content"] = .array(content)
        message["stop_reason"] = .string(Self.stopReason(answer.finishReason))
        message["usage"] = usage(input: answer.inputTokens, output: answer.outputTokens)
        return JSONValue.object(message).compactJSON
    }

    /// Without the answer the input count is not known yet: `message_start` says 0, and the final
    /// `message_delta` carries the cumulative input count (as `MessageDeltaUsage` allows,).
    public func streamStart(request: SimulatedRequest, id: String) -> String {
        streamStart(inputTokens: 0, request: request, id: id)
    }

    /// `message_start` with the answer's input count, as the real API sends it.
    public func streamStart(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String {
        streamStart(inputTokens: answer.inputTokens, request: request, id: id)
    }

    func streamStart(inputTokens: Int, request: SimulatedRequest, id: String) -> String {
        var message = self.message(request: request, id: id)
        message["content"] = []
        message["stop_reason"] = .null
        // The real API counts one output token in message_start.
        message["usage"] = usage(input: inputTokens, output: 1)
        return SimulatedWireSupport.sse(["type": "message_start", "message": .object(message)], event: "message_start")
            + SimulatedWireSupport.sse(
                ["type": "content_block_start", "index": 0, "content_block": ["type": "text", "text": ""]],
                event: "content_block_start")
            + SimulatedWireSupport.sse(["type": "ping"], event: "ping")
    }

    public func streamToken(_ token: String, index: Int, request: SimulatedRequest, id: String) -> String {
        SimulatedWireSupport.sse(
            ["type": "content_block_delta", "index": 0, "delta": ["type": "text_delta", "text": .string(token)]],
            event: "content_block_delta")
    }

    /// The text block (index 0) stops; each call is a `tool_use` block whose input arrives in `input_json_delta` pieces.
    public func streamToolCalls(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String {
        guard !answer.toolCalls.isEmpty else { return "" }
        var out = SimulatedWireSupport.sse(["type": "content_block_stop", "index": 0], event: "content_block_stop")
        for (offset, call) in answer.toolCalls.enumerated() {
            let index = JSONValue.number(Double(offset + 1))
            let block: JSONValue = ["type": "tool_use", "id": .string("toolu_\(call.id)"), "name": .string(call.name), "input": .object([:])]
            out += SimulatedWireSupport.sse(["type": "content_block_start", "index": index, "content_block": block], event: "content_block_start")
            for piece in call.argumentPieces {
                out += SimulatedWireSupport.sse(
                    ["type": "content_block_delta", "index": index, "delta": ["type": "input_json_delta", "partial_json": .string(piece)]],
                    event: "content_block_delta")
            }
            out += SimulatedWireSupport.sse(["type": "content_block_stop", "index": index], event: "content_block_stop")
        }
        return out
    }

    public func streamEnd(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String {
        let delta: JSONValue = ["stop_reason": .string(Self.stopReason(answer.finishReason)), "stop_sequence": nil]
        // Cumulative counts: the output, and the input fields again.
        let deltaUsage: JSONValue = [
            "input_tokens": .number(Double(answer.inputTokens)), "output_tokens": .number(Double(answer.outputTokens)),
            "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0,
        ]
        let textStop = answer.toolCalls.isEmpty ? SimulatedWireSupport.sse(["type": "content_block_stop", "index": 0], event: "content_block_stop") : ""
        return textStop
            + SimulatedWireSupport.sse(
                ["type": "message_delta", "delta": delta, "usage": deltaUsage],
                event: "message_delta")
            + SimulatedWireSupport.sse(["type": "message_stop"], event: "message_stop")
    }

    func message(request: SimulatedRequest, id: String) -> [String: JSONValue] {
        [
            "id": .string("msg_\(id)"), "type": "message", "role": "assistant", "model": .string(request.model),
            "stop_sequence": nil,
        ]
    }

    func usage(input: Int, output: Int) -> JSONValue {
        [
            "input_tokens": .number(Double(input)), "output_tokens": .number(Double(output)),
            "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0, "service_tier": "standard",
        ]
    }
}

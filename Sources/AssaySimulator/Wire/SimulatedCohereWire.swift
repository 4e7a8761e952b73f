import AssayCore
import Foundation

/// Cohere Chat v2 as the fleet serves it (https://docs.cohere.com/reference/chat), at `POST /v2/chat`.
///
/// The stream's events carry their `type` in the data (which the SDK dispatches on) and also as the SSE event name:
/// `message-start` (with the id), `content-start`, one `content-delta` per token, `content-end`, and `message-end`
/// with `finish_reason` (COMPLETE or MAX_TOKENS) and usage. The fleet has no prompt template, so
/// `billed_units` equal `tokens`.
public struct SimulatedCohereWire: SimulatedJSONWire {
    public var name: String { "cohere" }
    public var streamContentType: String { "text/event-stream" }

    public init() {}

    public var path: String { "/v2/chat" }

    func read(_ json: JSONValue, headers: [(name: String, value: String)]) -> Result<SimulatedRequest, SimulatedWireError> {
        guard let model = json["model"]?.stringValue, let messages = json["messages"]?.arrayValue else {
            return .failure(SimulatedWireError(message: "invalid request: model and messages are required"))
        }
        let (system, user) = SimulatedWireSupport.conversation(messages)
        let toolTurns = SimulatedWireSupport.toolTurns(messages, userText: { _ in true }, calls: { !($0["tool_calls"]?.arrayValue ?? []).isEmpty })
        return .success(SimulatedRequest(
            model: model, system: system, user: user,
            maxTokens: SimulatedWireSupport.int(json["max_tokens"]) ?? SimulatedWireSupport.defaultMaxTokens,
            jsonMode: json["response_format"]?["type"]?.stringValue == "json_object",
            stream: json["stream"] == .bool(true), seed: SimulatedWireSupport.int(json["seed"]), includeUsage: true,
            temperature: json["temperature"]?.numberValue, stop: SimulatedWireSupport.strings(json["stop_sequences"])
        ).withTools(json["tool_choice"] == "NONE" ? [] : SimulatedWireSupport.functionNames(json["tools"]), turns: toolTurns))
    }

    static func toolCalls(_ answer: SimulatedAnswer) -> JSONValue {
        .array(answer.toolCalls.map { call in
            ["id": .string("\(call.name)_\(call.id)"), "type": "function", "function": ["name": .string(call.name), "arguments": .string(call.arguments)]]
        })
    }

    /// `{"id", "message"}`: Cohere's error bodies carry a human-readable `message`.
    public func errorBody(status: Int, type: String, message: String) -> String {
        JSONValue.object(["id": "error-simulated", "message": .string(message)]).compactJSON
    }

    /// stop → COMPLETE, length → MAX_TOKENS.
    static func finishReason(_ finish: String) -> String {
        switch finish {
        case "stop": return "COMPLETE"
        case "length": return "MAX_TOKENS"
        case "tool_calls": return "TOOL_CALL"
        default: return finish.uppercased()
        }
    }

    public func completeBody(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String {
        var message: JSONValue = ["role": "assistant", "content": [["type": "text", "text": .string(answer.text)]]]
        if !answer.toolCalls.isEmpty {
            // A tool-calling answer has a plan instead of content, as Cohere's do.
            message = ["role": "assistant", "tool_plan": "I will call the tools needed.", "tool_calls": Self.toolCalls(answer)]
        }
        return JSONValue.object([
            "id": .string(id), "finish_reason": .string(Self.finishReason(answer.finishReason)), "message": message,
            "usage": usage(answer),
        ]).compactJSON
    }

    public func streamStart(request: SimulatedRequest, id: String) -> String {
        let message: JSONValue = [
            "role": "assistant", "content": [], "tool_plan": "", "tool_calls": [], "citations": [],
        ]
        let block: JSONValue = ["message": ["content": ["type": "text", "text": ""]]]
        return event(["type": "message-start", "id": .string(id), "delta": ["message": message]])
            + event(["type": "content-start", "index": 0, "delta": block])
    }

    public func streamToken(_ token: String, index: Int, request: SimulatedRequest, id: String) -> String {
        event(["type": "content-delta", "index": 0, "delta": ["message": ["content": ["text": .string(token)]]]])
    }

    /// The text block ends; each call is `tool-call-start` (id, name, empty arguments), `tool-call-delta` argument
    /// pieces and `tool-call-end`.
    public func streamToolCalls(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String {
        guard !answer.toolCalls.isEmpty else { return "" }
        var out = event(["type": "content-end", "index": 0])
        guard case .array(let calls) = Self.toolCalls(answer) else { return out }
        for (index, call) in calls.enumerated() {
            let position = JSONValue.number(Double(index))
            var start = call.objectValue ?? [:]
            start["function"] = ["name": call["function"]?["name"] ?? "", "arguments": ""]
            out += event(["type": "tool-call-start", "index": position, "delta": ["message": ["tool_calls": .object(start)]]])
            for piece in answer.toolCalls[index].argumentPieces {
                out += event(["type": "tool-call-delta", "index": position, "delta": ["message": ["tool_calls": ["function": ["arguments": .string(piece)]]]]])
            }
            out += event(["type": "tool-call-end", "index": position])
        }
        return out
    }

    public func streamEnd(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String {
        let delta: JSONValue = [
            "finish_reason": .string(Self.finishReason(answer.finishReason)), "usage": usage(answer),
        ]
        return (answer.toolCalls.isEmpty ? event(["type": "content-end", "index": 0]) : "")
            + event(["type": "message-end", "id": .string(id), "delta": delta])
    }

    func event(_ json: JSONValue) -> String {
        SimulatedWireSupport.sse(json, event: json["type"]?.stringValue)
    }

    func usage(_ answer: SimulatedAnswer) -> JSONValue {
        let counts: JSONValue = [
            "input_tokens": .number(Double(answer.inputTokens)), "output_tokens": .number(Double(answer.outputTokens)),
        ]
        return ["billed_units": counts, "tokens": counts, "cached_tokens": 0]
    }
}

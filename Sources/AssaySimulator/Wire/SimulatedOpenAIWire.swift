import AssayCore
import Foundation

/// OpenAI Chat Completions as the fleet serves it (https://platform.openai.com/docs/api-reference/chat), at `POST /v1/chat/completions`; Hugging Face's
/// router and TGI use the same paths and shapes. The stream is `data:` chunks: a role chunk, one chunk per
/// token, a chunk with `finish_reason`, a usage chunk with `choices: []` when `stream_options.include_usage` was
/// asked for, and `data: [DONE]`.
public struct SimulatedOpenAIWire: SimulatedJSONWire {
    public var name: String { "openai" }
    public var streamContentType: String { "text/event-stream; charset=utf-8" }

    public init() {}

    public var path: String { "/v1/chat/completions" }

    func read(_ json: JSONValue, headers: [(name: String, value: String)]) -> Result<SimulatedRequest, SimulatedWireError> {
        guard let model = json["model"]?.stringValue, let messages = json["messages"]?.arrayValue else {
            return .failure(SimulatedWireError(message: "Expected a JSON body with model and messages"))
        }
        let (system, user) = SimulatedWireSupport.conversation(messages, systemRoles: ["system", "developer"])
        let format = json["response_format"]?["type"]?.stringValue
        var request = SimulatedRequest(
            model: model, system: system, user: user,
            maxTokens: SimulatedWireSupport.int(json["max_completion_tokens"])
                ?? SimulatedWireSupport.int(json["max_tokens"]) ?? SimulatedWireSupport.defaultMaxTokens,
            jsonMode: format == "json_object" || format == "json_schema", stream: json["stream"] == .bool(true),
            seed: SimulatedWireSupport.int(json["seed"]),
            includeUsage: json["stream_options"]?["include_usage"] == .bool(true),
            temperature: json["temperature"]?.numberValue, stop: SimulatedWireSupport.strings(json["stop"]))
        request.tools = json["tool_choice"] == "none" ? [] : SimulatedWireSupport.functionNames(json["tools"])
        request.toolTurns = SimulatedWireSupport.toolTurns(
            messages, userText: { _ in true }, calls: { !($0["tool_calls"]?.arrayValue ?? []).isEmpty })
        return .success(request)
    }

    /// `tool_calls` as a message holds them.
    static func toolCalls(_ answer: SimulatedAnswer) -> JSONValue {
        .array(answer.toolCalls.map { call in
            ["id": .string("call_\(call.id)"), "type": "function", "function": ["name": .string(call.name), "arguments": .string(call.arguments)]]
        })
    }

    /// `{"error": {"message", "type", "param", "code"}}`.
    public func errorBody(status: Int, type: String, message: String) -> String {
        let error: JSONValue = ["message": .string(message), "type": .string(type), "param": nil, "code": .string(type)]
        return JSONValue.object(["error": error]).compactJSON
    }

    public func completeBody(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String {
        var message: JSONValue = ["role": "assistant", "content": .string(answer.text), "refusal": nil]
        if !answer.toolCalls.isEmpty {
            message = ["role": "assistant", "content": answer.text.isEmpty ? nil : .string(answer.text), "refusal": nil, "tool_calls": Self.toolCalls(answer)]
        }
        let choice: JSONValue = [
            "index": 0, "message": message, "logprobs": nil, "finish_reason": .string(answer.finishReason),
        ]
        var object = header(id: id, request: request, object: "chat.completion")
        object["choices"] = [choice]
        object["usage"] = usage(answer)
        return JSONValue.object(object).compactJSON
    }

    public func streamStart(request: SimulatedRequest, id: String) -> String {
        chunk(delta: ["role": "assistant", "content": ""], finish: nil, request: request, id: id)
    }

    public func streamToken(_ token: String, index: Int, request: SimulatedRequest, id: String) -> String {
        chunk(delta: ["content": .string(token)], finish: nil, request: request, id: id)
    }

    /// Per call: a chunk with its index, id, type, name and empty arguments, then the arguments in pieces.
    public func streamToolCalls(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String {
        var out = ""
        for (index, call) in answer.toolCalls.enumerated() {
            let start: JSONValue = [
                "index": .number(Double(index)), "id": .string("call_\(call.id)"), "type": "function",
                "function": ["name": .string(call.name), "arguments": ""],
            ]
            out += chunk(delta: ["tool_calls": [start]], finish: nil, request: request, id: id)
            for piece in call.argumentPieces {
                let delta: JSONValue = ["index": .number(Double(index)), "function": ["arguments": .string(piece)]]
                out += chunk(delta: ["tool_calls": [delta]], finish: nil, request: request, id: id)
            }
        }
        return out
    }

    public func streamEnd(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String {
        var out = chunk(delta: [:], finish: answer.finishReason, request: request, id: id)
        if request.includeUsage {
            var object = header(id: id, request: request, object: "chat.completion.chunk")
            object["choices"] = []
            object["usage"] = usage(answer)
            out += SimulatedWireSupport.sse(.object(object))
        }
        return out + "data: [DONE]\n\n"
    }

    func header(id: String, request: SimulatedRequest, object: String) -> [String: JSONValue] {
        [
            "id": .string("chatcmpl-\(id)"), "object": .string(object),
            "created": SimulatedWireSupport.number(SimulatedWireSupport.created), "model": .string(request.model),
            "system_fingerprint": "fp_simulated",
        ]
    }

    func chunk(delta: JSONValue, finish: String?, request: SimulatedRequest, id: String) -> String {
        var object = header(id: id, request: request, object: "chat.completion.chunk")
        object["choices"] = [["index": 0, "delta": delta, "logprobs": nil, "finish_reason": .string(finish)]]
        object["usage"] = .null
        return SimulatedWireSupport.sse(.object(object))
    }

    func usage(_ answer: SimulatedAnswer) -> JSONValue {
        [
            "prompt_tokens": SimulatedWireSupport.number(answer.inputTokens),
            "completion_tokens": SimulatedWireSupport.number(answer.outputTokens),
            "total_tokens": SimulatedWireSupport.number(answer.inputTokens + answer.outputTokens),
            "prompt_tokens_details": ["cached_tokens": 0],
            "completion_tokens_details": ["reasoning_tokens": 0],
        ]
    }
}

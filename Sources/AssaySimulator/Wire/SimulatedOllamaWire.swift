import AssayCore
import Foundation

/// Ollama's native chat API as the fleet serves it (https://github.com/ollama/ollama/blob/main/docs/api.md), at `POST /api/chat`.
///
/// `stream` defaults to true, as in Ollama. The stream is NDJSON (`application/x-ndjson`): one line per token with
/// `done: false`, then a line with `done: true`, `done_reason` (stop or length), `prompt_eval_count`, `eval_count` and
/// the durations in nanoseconds (from the answer's simulated timing). There is no opening line (`streamStart` is
/// empty). `created_at` is a fixed instant, so that bodies are deterministic.
public struct SimulatedOllamaWire: SimulatedJSONWire {
    public var name: String { "ollama" }
    public var streamContentType: String { "application/x-ndjson" }

    public init() {}

    public var path: String { "/api/chat" }

    func read(_ json: JSONValue, headers: [(name: String, value: String)]) -> Result<SimulatedRequest, SimulatedWireError> {
        guard let model = json["model"]?.stringValue, !model.isEmpty else {
            return .failure(SimulatedWireError(message: "model is required"))
        }
        let messages = json["messages"]?.arrayValue ?? []
        let (system, user) = SimulatedWireSupport.conversation(messages)
        let options = json["options"]
        // num_predict -1 (the default) means "no limit"; the fleet then gets the usual cap.
        let numPredict = SimulatedWireSupport.int(options?["num_predict"]).flatMap { $0 > 0 ? $0 : nil }
        let format = json["format"]
        let toolTurns = SimulatedWireSupport.toolTurns(messages, userText: { _ in true }, calls: { !($0["tool_calls"]?.arrayValue ?? []).isEmpty })
        return .success(SimulatedRequest(
            model: model, system: system, user: user,
            maxTokens: numPredict ?? SimulatedWireSupport.defaultMaxTokens,
            jsonMode: format?.stringValue == "json" || format?.objectValue != nil,
            stream: json["stream"] != .bool(false), seed: SimulatedWireSupport.int(options?["seed"]),
            includeUsage: true,
            temperature: options?["temperature"]?.numberValue, stop: SimulatedWireSupport.strings(options?["stop"])
        ).withTools(SimulatedWireSupport.functionNames(json["tools"]), turns: toolTurns))
    }

    /// `tool_calls` as Ollama writes them: `{function: {name, arguments}}`, the arguments an object.
    static func toolCalls(_ answer: SimulatedAnswer) -> JSONValue {
        .array(answer.toolCalls.enumerated().map { index, call in
            ["function": ["index": .number(Double(index)), "name": .string(call.name), "arguments": (try? JSONValue.parse(call.arguments)) ?? .object([:])]]
        })
    }

    /// Ollama sends the calls whole, in one line before the last.
    public func streamToolCalls(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String {
        guard !answer.toolCalls.isEmpty else { return "" }
        let line: JSONValue = [
            "model": .string(request.model), "created_at": .string(SimulatedWireSupport.createdAt),
            "message": ["role": "assistant", "content": "", "tool_calls": Self.toolCalls(answer)], "done": false,
        ]
        return line.compactJSON + "\n"
    }

    /// `{"error": "message"}`.
    public func errorBody(status: Int, type: String, message: String) -> String {
        JSONValue.object(["error": .string(message)]).compactJSON
    }

    public func completeBody(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String {
        var object = final(answer, content: answer.text, request: request)
        if !answer.toolCalls.isEmpty, case .object(var fields) = object {
            fields["message"] = ["role": "assistant", "content": .string(answer.text), "tool_calls": Self.toolCalls(answer)]
            object = .object(fields)
        }
        return object.compactJSON
    }

    public func streamStart(request: SimulatedRequest, id: String) -> String { "" }

    public func streamToken(_ token: String, index: Int, request: SimulatedRequest, id: String) -> String {
        let line: JSONValue = [
            "model": .string(request.model), "created_at": .string(SimulatedWireSupport.createdAt),
            "message": ["role": "assistant", "content": .string(token)], "done": false,
        ]
        return line.compactJSON + "\n"
    }

    public func streamEnd(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String {
        final(answer, content: "", request: request).compactJSON + "\n"
    }

    /// The `done: true` object: the whole answer, or the stream's last line with empty content.
    func final(_ answer: SimulatedAnswer, content: String, request: SimulatedRequest) -> JSONValue {
        func ns(_ ms: Double) -> JSONValue { .number((ms * 1_000_000).rounded()) }
        let evalMs = answer.interTokenMs * Double(answer.tokens.count)
        return [
            "model": .string(request.model), "created_at": .string(SimulatedWireSupport.createdAt),
            "message": ["role": "assistant", "content": .string(content)], "done": true,
            // Ollama says stop after a tool call too.
            "done_reason": .string(answer.finishReason == "tool_calls" ? "stop" : answer.finishReason),
            "total_duration": ns(answer.ttftMs + evalMs), "load_duration": 0,
            "prompt_eval_count": .number(Double(answer.inputTokens)), "prompt_eval_duration": ns(answer.ttftMs),
            "eval_count": .number(Double(answer.outputTokens)), "eval_duration": ns(evalMs),
        ]
    }
}

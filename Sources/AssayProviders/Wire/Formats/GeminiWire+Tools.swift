public import AssayCore

/// Conversations and tools in Gemini's format (https://ai.google.dev/gemini-api/docs/function-calling):
/// `tools: [{functionDeclarations: [{name, description, parametersJsonSchema}]}]` (the JSON Schema field, which takes
/// `additionalProperties` and the rest of JSON Schema where `parameters` takes an OpenAPI subset), `toolConfig:
/// {functionCallingConfig: {mode: AUTO|ANY|NONE, allowedFunctionNames}}`; the model's calls are `functionCall` parts
/// of a `model` turn, and results `functionResponse` parts (`response` an object: a result that is not one is
/// wrapped as `{"result": …}`) of the next `user` turn, consecutive results in one turn.
extension GeminiWire {
    static func contents(_ conversation: [ChatMessage]) -> [JSONValue] {
        var out: [JSONValue] = []
        var responses: [JSONValue] = []
        func flushResponses() {
            guard !responses.isEmpty else { return }
            out.append(["role": "user", "parts": .array(responses)])
            responses = []
        }
        for message in conversation {
            switch message.role {
            case .tool:
                let parsed = try? JSONValue.parse(message.content)
                let response: JSONValue = parsed?.objectValue != nil ? parsed! : ["result": parsed ?? .string(message.content)]
                var part: [String: JSONValue] = ["name": .string(message.toolName ?? ""), "response": response]
                if let id = message.toolCallID, !id.isEmpty, !id.hasPrefix("assay-") { part["id"] = .string(id) }
                responses.append(["functionResponse": .object(part)])
            case .user:
                flushResponses()
                out.append(["role": "user", "parts": [["text": .string(message.content)]]])
            case .assistant:
                flushResponses()
                var parts: [JSONValue] = message.content.isEmpty ? [] : [["text": .string(message.content)]]
                parts += message.toolCalls.map { call in
                    var fields: [String: JSONValue] = ["name": .string(call.name), "args": call.parsedArguments ?? .object([:])]
                    if let id = call.id, !id.hasPrefix("assay-") { fields["id"] = .string(id) }
                    // The signature goes back on the part, as it came (Gemini 3 refuses a turn without it).
                    guard let signature = call.signature else { return ["functionCall": .object(fields)] }
                    return ["functionCall": .object(fields), "thoughtSignature": .string(signature)]
                }
                out.append(["role": "model", "parts": .array(parts)])
            }
        }
        flushResponses()
        return out
    }

    static func tools(_ tools: [ToolSpec]) -> JSONValue {
        [["functionDeclarations": .array(tools.map {
            ["name": .string($0.name), "description": .string($0.description), "parametersJsonSchema": $0.parameters]
        })]]
    }

    static func toolConfig(_ choice: ToolChoice) -> JSONValue {
        switch choice {
        case .auto: return ["functionCallingConfig": ["mode": "AUTO"]]
        case .required: return ["functionCallingConfig": ["mode": "ANY"]]
        case .none: return ["functionCallingConfig": ["mode": "NONE"]]
        case .named(let name): return ["functionCallingConfig": ["mode": "ANY", "allowedFunctionNames": [.string(name)]]]
        }
    }
}

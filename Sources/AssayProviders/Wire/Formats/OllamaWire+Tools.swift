public import AssayCore

/// Conversations and tools in Ollama's format (https://github.com/ollama/ollama/blob/main/docs/api.md): `tools`
/// as Chat Completions writes them; an assistant turn's `tool_calls` carry `{function: {name, arguments}}` with the
/// arguments as an object; results are `tool` messages naming the tool (`tool_name`). Ollama has no tool choice:
/// `none` sends no tools, and `required` or a named tool cannot be asked for (the tools are sent as for auto).
extension OllamaWire {
    static func messages(_ conversation: [ChatMessage]) -> [JSONValue] {
        conversation.map { message in
            switch message.role {
            case .user:
                return ["role": "user", "content": .string(message.content)]
            case .assistant:
                var out: [String: JSONValue] = ["role": "assistant", "content": .string(message.content)]
                if !message.toolCalls.isEmpty {
                    out["tool_calls"] = .array(message.toolCalls.map { call in
                        ["function": ["name": .string(call.name), "arguments": call.parsedArguments ?? .object([:])]]
                    })
                }
                return .object(out)
            case .tool:
                return ["role": "tool", "content": .string(message.content), "tool_name": .string(message.toolName ?? "")]
            }
        }
    }
}

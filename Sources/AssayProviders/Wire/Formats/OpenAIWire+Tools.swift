public import AssayCore

/// Conversations and tools in the Chat Completions format (OpenAI, Hugging Face, Cohere's tool shapes too):
/// `tools: [{type: function, function: {name, description, parameters}}]`, `tool_choice` `auto`, `required`,
/// `none` or `{type: function, function: {name}}`; an assistant turn carries `tool_calls` (arguments as JSON text)
/// and each result is a `tool` message with its `tool_call_id`.
extension OpenAIWire {
    /// The conversation after the system prompt; a `user` system role puts the system prompt at the head of the
    /// first user message.
    static func messages(_ conversation: [ChatMessage], leadingSystem: String?) -> [JSONValue] {
        var lead = leadingSystem
        return conversation.map { message in
            switch message.role {
            case .user:
                defer { lead = nil }
                return ["role": "user", "content": .string(lead.map { $0 + "\n\n" + message.content } ?? message.content)]
            case .assistant:
                var out: [String: JSONValue] = ["role": "assistant", "content": message.content.isEmpty && !message.toolCalls.isEmpty ? .null : .string(message.content)]
                if !message.toolCalls.isEmpty { out["tool_calls"] = .array(message.toolCalls.map(toolCallJSON)) }
                return .object(out)
            case .tool:
                return ["role": "tool", "tool_call_id": .string(message.toolCallID ?? ""), "content": .string(message.content)]
            }
        }
    }

    static func toolCallJSON(_ call: ToolCall) -> JSONValue {
        ["id": .string(call.id ?? ""), "type": "function", "function": ["name": .string(call.name), "arguments": .string(call.arguments)]]
    }

    static func tools(_ tools: [ToolSpec]) -> JSONValue {
        .array(tools.map { tool in
            ["type": "function", "function": ["name": .string(tool.name), "description": .string(tool.description), "parameters": tool.parameters]]
        })
    }

    static func toolChoice(_ choice: ToolChoice) -> JSONValue {
        switch choice {
        case .auto: return "auto"
        case .required: return "required"
        case .none: return "none"
        case .named(let name): return ["type": "function", "function": ["name": .string(name)]]
        }
    }
}

public import AssayCore

/// Conversations and tools in Cohere's v2 format (https://docs.cohere.com/reference/chat): `tools` as Chat
/// Completions writes them; `tool_choice` only `REQUIRED` or `NONE` (Cohere has no auto value, which is its
/// default, and cannot name a tool: a named choice is sent as `REQUIRED` with the other tools left out); an
/// assistant turn with calls gives its text as `tool_plan`; results are `tool` messages with `tool_call_id`.
extension CohereWire {
    static func messages(_ conversation: [ChatMessage]) -> [JSONValue] {
        conversation.map { message in
            switch message.role {
            case .user:
                return ["role": "user", "content": .string(message.content)]
            case .assistant:
                guard !message.toolCalls.isEmpty else { return ["role": "assistant", "content": .string(message.content)] }
                var out: [String: JSONValue] = ["role": "assistant", "tool_calls": .array(message.toolCalls.map(OpenAIWire.toolCallJSON))]
                if !message.content.isEmpty { out["tool_plan"] = .string(message.content) }
                return .object(out)
            case .tool:
                return ["role": "tool", "tool_call_id": .string(message.toolCallID ?? ""), "content": .string(message.content)]
            }
        }
    }

    /// The tools sent, and the `tool_choice` value (nil for auto).
    static func tools(_ tools: [ToolSpec], choice: ToolChoice?) -> (tools: [ToolSpec], choice: JSONValue?) {
        switch choice {
        case nil, .auto?: return (tools, nil)
        case .required?: return (tools, "REQUIRED")
        case .none?: return (tools, "NONE")
        case .named(let name)?: return (tools.filter { $0.name == name }, "REQUIRED")
        }
    }
}

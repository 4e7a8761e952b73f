public import AssayCore

/// Conversations and tools in Anthropic's Messages format (https://docs.anthropic.com/en/api/messages):
/// `tools: [{name, description, input_schema}]`, `tool_choice` `{type: auto|any|none}` or `{type: tool, name}`;
/// an assistant turn's calls are `tool_use` blocks (`input` an object), and results are `tool_result` blocks in
/// the next user message (consecutive results share one message, as the API requires).
extension AnthropicWire {
    static func messages(_ conversation: [ChatMessage]) -> [JSONValue] {
        var out: [JSONValue] = []
        var results: [JSONValue] = []
        func flushResults() {
            guard !results.isEmpty else { return }
            out.append(["role": "user", "content": .array(results)])
            results = []
        }
        for message in conversation {
            switch message.role {
            case .tool:
                results.append(["type": "tool_result", "tool_use_id": .string(message.toolCallID ?? ""), "content": .string(message.content)])
            case .user:
                flushResults()
                out.append(["role": "user", "content": .string(message.content)])
            case .assistant:
                flushResults()
                guard !message.toolCalls.isEmpty else {
                    out.append(["role": "assistant", "content": .string(message.content)])
                    continue
                }
                var blocks: [JSONValue] = message.content.isEmpty ? [] : [["type": "text", "text": .string(message.content)]]
                blocks += message.toolCalls.map { call in
                    ["type": "tool_use", "id": .string(call.id ?? ""), "name": .string(call.name), "input": call.parsedArguments ?? .object([:])]
                }
                out.append(["role": "assistant", "content": .array(blocks)])
            }
        }
        flushResults()
        return out
    }

    static func tools(_ tools: [ToolSpec]) -> JSONValue {
        .array(tools.map { ["name": .string($0.name), "description": .string($0.description), "input_schema": $0.parameters] })
    }

    static func toolChoice(_ choice: ToolChoice) -> JSONValue {
        switch choice {
        case .auto: return ["type": "auto"]
        case .required: return ["type": "any"]
        case .none: return ["type": "none"]
        case .named(let name): return ["type": "tool", "name": .string(name)]
        }
    }
}

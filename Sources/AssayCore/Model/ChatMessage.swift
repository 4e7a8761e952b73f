/// One message of a conversation after the system prompt: the user's, the assistant's (text and the tools it
/// called), or a tool's result.
public struct ChatMessage: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable {
        case user
        case assistant
        case tool
    }

    public var role: Role
    public var content: String
    /// The assistant's calls (assistant messages only).
    public var toolCalls: [ToolCall]
    /// The call a tool message answers, and the tool's name (tool messages only).
    public var toolCallID: String?
    public var toolName: String?

    public init(role: Role, content: String, toolCalls: [ToolCall] = [], toolCallID: String? = nil, toolName: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.toolName = toolName
    }

    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }

    public static func assistant(_ text: String, calls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: text, toolCalls: calls)
    }

    public static func toolResult(_ result: String, for call: ToolCall) -> ChatMessage {
        ChatMessage(role: .tool, content: result, toolCallID: call.id, toolName: call.name)
    }
}

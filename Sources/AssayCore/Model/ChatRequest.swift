/// A provider-neutral chat request; each client maps it to its wire format.
public struct ChatRequest: Sendable, Hashable {
    public var system: String?
    public var user: String
    public var maxTokens: Int
    public var temperature: Double?
    public var jsonMode: Bool
    public var stop: [String]
    public var seed: Int?
    public var stream: Bool
    /// The functions the model may call; none for a plain chat.
    public var tools: [ToolSpec]
    public var toolChoice: ToolChoice?
    /// The conversation after the system prompt, when there is more than one user message (earlier turns, tool
    /// calls and their results); empty for a single turn, which is `user` alone.
    public var messages: [ChatMessage]

    public init(
        system: String? = nil, user: String, maxTokens: Int = 512, temperature: Double? = 0, jsonMode: Bool = false,
        stop: [String] = [], seed: Int? = nil, stream: Bool = true, tools: [ToolSpec] = [], toolChoice: ToolChoice? = nil,
        messages: [ChatMessage] = []
    ) {
        self.system = system
        self.user = user
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.jsonMode = jsonMode
        self.stop = stop
        self.seed = seed
        self.stream = stream
        self.tools = tools
        self.toolChoice = toolChoice
        self.messages = messages
    }

    /// The messages after the system prompt: `messages`, or the one user message.
    public var conversation: [ChatMessage] { messages.isEmpty ? [.user(user)] : messages }
}

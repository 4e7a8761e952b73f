/// A model's answer kept in the store's response cache, so that the same request is not paid for twice.
public struct CachedResponse: Sendable, Hashable, Codable {
    /// `ResponseCacheKey.of(...)`: provider, model, base URL, request body and repeat index.
    public var key: String
    public var provider: String
    public var model: String
    public var text: String
    public var toolCalls: [ToolCall]
    public var finishReason: String?
    public var usage: TokenUsage?
    public var createdAt: String

    public init(
        key: String, provider: String, model: String, text: String, toolCalls: [ToolCall] = [], finishReason: String?, usage: TokenUsage?,
        createdAt: String
    ) {
        self.key = key
        self.provider = provider
        self.model = model
        self.text = text
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
        self.createdAt = createdAt
    }

    /// Entries cached before tool calls were kept have no `toolCalls`: they are text answers.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decode(String.self, forKey: .key)
        provider = try c.decode(String.self, forKey: .provider)
        model = try c.decode(String.self, forKey: .model)
        text = try c.decode(String.self, forKey: .text)
        toolCalls = try c.decodeIfPresent([ToolCall].self, forKey: .toolCalls) ?? []
        finishReason = try c.decodeIfPresent(String.self, forKey: .finishReason)
        usage = try c.decodeIfPresent(TokenUsage.self, forKey: .usage)
        createdAt = try c.decode(String.self, forKey: .createdAt)
    }
}

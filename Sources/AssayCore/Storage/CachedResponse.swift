/// A model's answer kept in the store's response cache, so that the same request is not paid for twice.
public struct CachedResponse: Sendable, Hashable, Codable {
    /// `ResponseCacheKey.of(...)`: provider, model, base URL, request body and repeat index.
    public var key: String
    public var provider: String
    public var model: String
    public var text: String
    public var finishReason: String?
    public var usage: TokenUsage?
    public var createdAt: String

    public init(key: String, provider: String, model: String, text: String, finishReason: String?, usage: TokenUsage?, createdAt: String) {
        self.key = key
        self.provider = provider
        self.model = model
        self.text = text
        self.finishReason = finishReason
        self.usage = usage
        self.createdAt = createdAt
    }
}

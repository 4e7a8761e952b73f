/// Token counts as the provider reported them.
public struct TokenUsage: Sendable, Hashable, Codable {
    public var inputTokens: Int
    public var outputTokens: Int
    /// Input tokens served from the prompt cache (included in `inputTokens`).
    public var cachedInputTokens: Int
    /// Reasoning tokens (included in `outputTokens`).
    public var reasoningTokens: Int
    /// Input tokens written to the prompt cache (included in `inputTokens`; Anthropic's cache_creation_input_tokens).
    public var cacheWriteTokens: Int

    public init(
        inputTokens: Int = 0, outputTokens: Int = 0, cachedInputTokens: Int = 0, reasoningTokens: Int = 0, cacheWriteTokens: Int = 0
    ) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedInputTokens = cachedInputTokens
        self.reasoningTokens = reasoningTokens
        self.cacheWriteTokens = cacheWriteTokens
    }

    public static func + (a: TokenUsage, b: TokenUsage) -> TokenUsage {
        TokenUsage(
            inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens,
            cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
            reasoningTokens: a.reasoningTokens + b.reasoningTokens, cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens)
    }
}

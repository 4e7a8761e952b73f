/// Token counts as the provider reported them.
public struct TokenUsage: Sendable, Hashable, Codable {
    /// The whole prompt, as the model read it (cache reads and writes included).
    public var inputTokens: Int
    /// Everything generated (reasoning included).
    public var outputTokens: Int
    /// Input tokens served from the prompt cache (included in `inputTokens`).
    public var cachedInputTokens: Int
    /// Reasoning tokens (included in `outputTokens`).
    public var reasoningTokens: Int
    /// Input tokens written to the prompt cache (included in `inputTokens`; Anthropic's cache_creation_input_tokens).
    public var cacheWriteTokens: Int
    /// What the provider bills, where it bills other counts than the tokens it reports (Cohere's
    /// `billed_units`, which leave out the prompt template); nil elsewhere. `Price.cost(of:)` prices these.
    public var billedInputTokens: Int?
    public var billedOutputTokens: Int?

    public init(
        inputTokens: Int = 0, outputTokens: Int = 0, cachedInputTokens: Int = 0, reasoningTokens: Int = 0, cacheWriteTokens: Int = 0,
        billedInputTokens: Int? = nil, billedOutputTokens: Int? = nil
    ) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedInputTokens = cachedInputTokens
        self.reasoningTokens = reasoningTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.billedInputTokens = billedInputTokens
        self.billedOutputTokens = billedOutputTokens
    }

    public static func + (a: TokenUsage, b: TokenUsage) -> TokenUsage {
        func sum(_ x: Int?, _ y: Int?) -> Int? { x == nil && y == nil ? nil : (x ?? 0) + (y ?? 0) }
        return TokenUsage(
            inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens,
            cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
            reasoningTokens: a.reasoningTokens + b.reasoningTokens, cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
            billedInputTokens: sum(a.billedInputTokens, b.billedInputTokens),
            billedOutputTokens: sum(a.billedOutputTokens, b.billedOutputTokens))
    }
}

/// Prices in USD per million tokens.
public struct Price: Sendable, Hashable, Codable {
    public var input: Double
    public var output: Double
    /// Price of input tokens served from the provider's prompt cache; defaults to `input`.
    public var cachedInput: Double?
    /// Price of input tokens written to the prompt cache; defaults to `input`.
    public var cacheWrite: Double?
    /// Where the price comes from (`catalog`, a table name and date).
    public var source: String

    public init(input: Double, output: Double, cachedInput: Double? = nil, cacheWrite: Double? = nil, source: String = "catalog") {
        self.input = input
        self.output = output
        self.cachedInput = cachedInput
        self.cacheWrite = cacheWrite
        self.source = source
    }

    /// The cost in USD of one call's usage. Cached-input and cache-write tokens are part of `inputTokens`;
    /// reasoning tokens are part of `outputTokens` and billed as output (LiteLLM's recipe, providers.md §7).
    /// Where the provider reports billed units (Cohere), those are priced at the input and output rates and
    /// nothing else: its billed units leave the prompt template out and have no cached-token rate, so the
    /// cached tokens it reports (counted in the raw prompt, not in the billed units) are not discounted.
    public func cost(of usage: TokenUsage) -> Double {
        let perToken = 1.0 / 1_000_000
        if usage.billedInputTokens != nil || usage.billedOutputTokens != nil {
            let billedInput = usage.billedInputTokens ?? usage.inputTokens
            let billedOutput = usage.billedOutputTokens ?? usage.outputTokens
            return (Double(billedInput) * input + Double(billedOutput) * output) * perToken
        }
        let cached = min(usage.cachedInputTokens, usage.inputTokens)
        let written = min(usage.cacheWriteTokens, usage.inputTokens - cached)
        let uncached = usage.inputTokens - cached - written
        return (Double(uncached) * input + Double(cached) * (cachedInput ?? input) + Double(written) * (cacheWrite ?? input)
            + Double(usage.outputTokens) * output) * perToken
    }
}

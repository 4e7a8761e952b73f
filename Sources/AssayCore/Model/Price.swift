/// Prices in USD per million tokens.
public struct Price: Sendable, Hashable, Codable {
    public var input: Double
    public var output: Double
    /// Price of input tokens served from the provider's prompt cache; defaults to `input`.
    public var cachedInput: Double?
    /// Where the price comes from (`catalog`, a table name and date).
    public var source: String

    public init(input: Double, output: Double, cachedInput: Double? = nil, source: String = "catalog") {
        self.input = input
        self.output = output
        self.cachedInput = cachedInput
        self.source = source
    }

    /// The cost in USD of one call's usage. Cached input tokens are part of `inputTokens`;
    /// reasoning tokens are part of `outputTokens` and billed as output.
    public func cost(of usage: TokenUsage) -> Double {
        let cached = min(usage.cachedInputTokens, usage.inputTokens)
        let uncached = usage.inputTokens - cached
        let perToken = 1.0 / 1_000_000
        return (Double(uncached) * input + Double(cached) * (cachedInput ?? input) + Double(usage.outputTokens) * output)
            * perToken
    }
}

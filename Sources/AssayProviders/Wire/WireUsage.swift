public import AssayCore

/// Every usage field the providers report; converts to AssayCore's TokenUsage.
///
/// Conventions, the same for every format:
/// - `inputTokens` is the whole prompt: it includes `cachedInputTokens` (cache reads) and `cacheWriteTokens`.
///   Anthropic reports `input_tokens` without cache reads and writes, so its decoder adds them.
/// - `outputTokens` includes `reasoningTokens`. Gemini reports thoughts apart from `candidatesTokenCount`,
///   so its decoder adds `thoughtsTokenCount` (billed as output,).
/// - `billedInputTokens`/`billedOutputTokens` are Cohere's `usage.billed_units`; nil elsewhere.
public struct WireUsage: Sendable, Equatable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var cachedInputTokens: Int
    public var cacheWriteTokens: Int
    public var reasoningTokens: Int
    public var billedInputTokens: Int?
    public var billedOutputTokens: Int?
    /// Ollama's server-side durations; nil for the other formats.
    public var serverTimings: WireServerTimings?

    public init(
        inputTokens: Int = 0, outputTokens: Int = 0, cachedInputTokens: Int = 0, cacheWriteTokens: Int = 0,
        reasoningTokens: Int = 0, billedInputTokens: Int? = nil, billedOutputTokens: Int? = nil,
        serverTimings: WireServerTimings? = nil
    ) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedInputTokens = cachedInputTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.reasoningTokens = reasoningTokens
        self.billedInputTokens = billedInputTokens
        self.billedOutputTokens = billedOutputTokens
        self.serverTimings = serverTimings
    }

    /// The usage that prices a call (`Price.cost(of:)`).
    ///
    /// Input and output are the billed units when the provider reports them (Cohere: "price with
    /// `billed_units`",), else the token counts; cache reads and writes are capped so that they stay
    /// inside that input, and reasoning inside that output.
    public var tokenUsage: TokenUsage {
        let input = billedInputTokens ?? inputTokens
        let output = billedOutputTokens ?? outputTokens
        let cached = min(cachedInputTokens, input)
        return TokenUsage(
            inputTokens: input, outputTokens: output, cachedInputTokens: cached,
            reasoningTokens: min(reasoningTokens, output), cacheWriteTokens: min(cacheWriteTokens, input - cached))
    }
}

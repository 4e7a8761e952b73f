public import AssayCore

/// Every usage field the providers report; converts to AssayCore's TokenUsage.
///
/// Conventions, the same for every format:
/// - `inputTokens` is the whole prompt: it includes `cachedInputTokens` (cache reads) and `cacheWriteTokens`.
///   Anthropic reports `input_tokens` without cache reads and writes, so its decoder adds them.
/// - `outputTokens` includes `reasoningTokens`. Gemini reports thoughts apart from `candidatesTokenCount`,
///   so its decoder adds `thoughtsTokenCount` (billed as output,).
/// - `billedInputTokens`/`billedOutputTokens` are Cohere's `usage.billed_units` (what it bills: the prompt
///   without its template); nil elsewhere. `inputTokens`/`outputTokens` are then its raw `tokens`, and its
///   `cached_tokens` count within those raw tokens.
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

    /// The usage as Assay keeps it. Cache reads and writes are capped so that they stay inside the input, and
    /// reasoning inside the output. Billed units (Cohere) are kept beside the raw counts: `Price.cost(of:)` prices
    /// them, and the raw counts are what the model read and wrote (what throughput is measured on).
    public var tokenUsage: TokenUsage {
        let cached = min(cachedInputTokens, inputTokens)
        return TokenUsage(
            inputTokens: inputTokens, outputTokens: outputTokens, cachedInputTokens: cached,
            reasoningTokens: min(reasoningTokens, outputTokens), cacheWriteTokens: min(cacheWriteTokens, inputTokens - cached),
            billedInputTokens: billedInputTokens, billedOutputTokens: billedOutputTokens)
    }
}

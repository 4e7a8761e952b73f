/// What one successful call returned, with its measurements.
public struct ChatResponse: Sendable, Hashable {
    public var text: String
    /// Normalised: `stop`, `length`, `content-filter`, `tool-calls`, or the provider's own value.
    public var finishReason: String?
    /// Nil when the provider reported no usage.
    public var usage: TokenUsage?
    public var timings: CallTimings
    /// Attempts made, including the successful one.
    public var attempts: Int
    /// Served from the response cache: no call was made and `timings` measure nothing.
    public var cached: Bool

    public init(text: String, finishReason: String?, usage: TokenUsage?, timings: CallTimings, attempts: Int = 1, cached: Bool = false) {
        self.text = text
        self.finishReason = finishReason
        self.usage = usage
        self.timings = timings
        self.attempts = attempts
        self.cached = cached
    }
}

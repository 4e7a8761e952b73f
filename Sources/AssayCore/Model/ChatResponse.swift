/// What one successful call returned, with its measurements.
public struct ChatResponse: Sendable, Hashable {
    public var text: String
    /// The functions the model called, in order; empty for a text answer.
    public var toolCalls: [ToolCall]
    /// Normalised: `stop`, `length`, `content-filter`, `tool-calls`, or the provider's own value.
    public var finishReason: String?
    /// Nil when the provider reported no usage.
    public var usage: TokenUsage?
    public var timings: CallTimings
    /// Attempts made, including the successful one.
    public var attempts: Int
    /// Served from the response cache: no call was made and `timings` measure nothing.
    public var cached: Bool

    public init(
        text: String, toolCalls: [ToolCall] = [], finishReason: String?, usage: TokenUsage?, timings: CallTimings, attempts: Int = 1,
        cached: Bool = false
    ) {
        self.text = text
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
        self.timings = timings
        self.attempts = attempts
        self.cached = cached
    }
}

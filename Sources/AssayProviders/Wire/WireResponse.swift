/// A decoded answer: text, normalised finish reason and usage.
public struct WireResponse: Sendable, Equatable {
    public var text: String
    /// Normalised: "stop", "length", "content-filter", "tool-calls", else the provider's raw value.
    public var finishReason: String?
    public var usage: WireUsage?
    /// Thinking/reasoning text, when the provider returns it (Anthropic thinking blocks, Gemini thought parts,
    /// Ollama `message.thinking`, OpenAI-compatible `reasoning_content`); empty otherwise.
    public var reasoning: String

    public init(text: String, finishReason: String?, usage: WireUsage?, reasoning: String = "") {
        self.text = text
        self.finishReason = finishReason
        self.usage = usage
        self.reasoning = reasoning
    }

    /// Folds stream events into a response: content and reasoning concatenated, the last finish reason,
    /// the last usage (each `.usage` event already holds the merged totals; see `WireStreamEvent.usage`).
    public init(events: [WireStreamEvent]) {
        var text = ""
        var reasoning = ""
        var finish: String?
        var usage: WireUsage?
        for event in events {
            switch event {
            case .content(let piece): text += piece
            case .reasoning(let piece): reasoning += piece
            case .finish(let reason): finish = reason
            case .usage(let u): usage = u
            case .started, .done: break
            }
        }
        self.init(text: text, finishReason: finish, usage: usage, reasoning: reasoning)
    }
}

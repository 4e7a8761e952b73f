public import AssayCore

/// A decoded answer: text, tool calls, normalised finish reason and usage.
public struct WireResponse: Sendable, Equatable {
    public var text: String
    /// The functions the model called, in the order the answer holds them.
    public var toolCalls: [ToolCall]
    /// Normalised: "stop", "length", "content-filter", "tool-calls", else the provider's raw value.
    public var finishReason: String?
    public var usage: WireUsage?
    /// Thinking/reasoning text, when the provider returns it (Anthropic thinking blocks, Gemini thought parts,
    /// Ollama `message.thinking`, OpenAI-compatible `reasoning_content`); empty otherwise.
    public var reasoning: String

    /// An answer that holds a tool call and would otherwise read `stop` finished with the call: Gemini says
    /// `STOP` and Ollama `stop` after a function call, and OpenAI `stop` when `tool_choice` named the function.
    public init(text: String, toolCalls: [ToolCall] = [], finishReason: String?, usage: WireUsage?, reasoning: String = "") {
        self.text = text
        self.toolCalls = toolCalls
        self.finishReason = !toolCalls.isEmpty && finishReason == "stop" ? "tool-calls" : finishReason
        self.usage = usage
        self.reasoning = reasoning
    }

    /// Folds stream events into a response: content and reasoning concatenated, tool-call pieces joined per
    /// index (in the order the calls started), the last finish reason, the last usage (each `.usage` event already
    /// holds the merged totals; see `WireStreamEvent.usage`).
    public init(events: [WireStreamEvent]) {
        var text = ""
        var reasoning = ""
        var finish: String?
        var usage: WireUsage?
        var calls: [ToolCallDelta] = []
        var position: [Int: Int] = [:]
        for event in events {
            switch event {
            case .content(let piece): text += piece
            case .reasoning(let piece): reasoning += piece
            case .toolCall(let piece):
                // A piece with an id other than its index's call is a new call: a server that sends whole parallel
                // calls all at index 0 must not have them merged.
                let continues = position[piece.index].map { at in piece.id == nil || calls[at].id == nil || calls[at].id == piece.id }
                if continues == true, let at = position[piece.index] {
                    calls[at].id = calls[at].id ?? piece.id
                    calls[at].name = calls[at].name ?? piece.name
                    calls[at].signature = calls[at].signature ?? piece.signature
                    calls[at].arguments += piece.arguments
                } else {
                    position[piece.index] = calls.count
                    calls.append(piece)
                }
            case .finish(let reason): finish = reason
            case .usage(let u): usage = u
            case .started, .done: break
            }
        }
        let toolCalls = calls.map { ToolCall(id: $0.id, name: $0.name ?? "", arguments: $0.arguments, signature: $0.signature) }
        self.init(text: text, toolCalls: toolCalls, finishReason: finish, usage: usage, reasoning: reasoning)
    }
}

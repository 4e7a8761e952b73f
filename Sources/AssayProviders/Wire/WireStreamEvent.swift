/// What one wire event meant. Within one wire event the order is: `started` or reasoning/content,
/// then tool calls, then `finish`, then `usage`, then `done`.
public enum WireStreamEvent: Sendable, Equatable {
    /// A wire event with no text, no finish reason and no end marker (role chunk, message_start, ping,
    /// content_block_stop, an OpenAI usage-only chunk...). It may be followed by `.usage` from the same event.
    case started
    /// A non-empty text delta (TTFT is the first of these).
    case content(String)
    /// A non-empty thinking/reasoning delta (Anthropic `thinking_delta`, Gemini `thought` parts,
    /// Ollama `message.thinking`, OpenAI-compatible `reasoning_content`).
    case reasoning(String)
    /// A piece of a tool call (see `ToolCallDelta`); it counts as output for TTFT, as a text delta does.
    case toolCall(ToolCallDelta)
    /// The normalised finish reason.
    case finish(String)
    /// Usage so far. Merge rule: each `.usage` holds the **merged totals** so far, so a later one replaces an
    /// earlier one. The decoders do the merging (Anthropic: `message_start` input fields, overridden field by field
    /// by the cumulative `message_delta` usage; Gemini: the last `usageMetadata` wins; OpenAI, Cohere, Ollama
    /// report usage once). An event is sent only when the usage changed.
    case usage(WireUsage)
    /// The stream's explicit end: OpenAI/HF `data: [DONE]`, Anthropic `message_stop`, Cohere `message-end`
    /// (or a `[DONE]`), Ollama the line with `done: true`. Gemini has none: its stream ends with the body
    ///, so a Gemini stream is complete when it ended after a `.finish`.
    case done
}

/// A piece of a streamed tool call: the call at `index` (its position in the answer), with its id and name when
/// this piece is the call's start, and a fragment of its arguments' JSON text. Fragments of one index are
/// concatenated in order (OpenAI `tool_calls[].function.arguments`, Anthropic `input_json_delta`, Cohere
/// `tool-call-delta`); formats that send whole calls (Gemini, Ollama) send each as one piece.
public struct ToolCallDelta: Sendable, Hashable {
    public var index: Int
    public var id: String?
    public var name: String?
    public var arguments: String
    /// Gemini's `thoughtSignature` on the call's part.
    public var signature: String?

    public init(index: Int, id: String? = nil, name: String? = nil, arguments: String = "", signature: String? = nil) {
        self.index = index
        self.id = id
        self.name = name
        self.arguments = arguments
        self.signature = signature
    }
}

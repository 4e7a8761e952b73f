public import AssayCore

/// What a grader sees of one answered call.
public struct GradingInput: Sendable {
    public var output: String
    /// The rendered user prompt, shown to judges.
    public var prompt: String
    public var vars: [String: JSONValue]
    public var latencyMs: Double?
    public var cost: Double?
    public var finishReason: String?
    /// Every tool call of the exchange, in order.
    public var toolCalls: [ToolCall]
    /// The whole exchange as text (conversation, calls, results, replies), for judges that read it; nil for a
    /// single-turn case, whose judges read `prompt` and `output`.
    public var transcript: String?

    public init(
        output: String, prompt: String = "", vars: [String: JSONValue] = [:], latencyMs: Double? = nil,
        cost: Double? = nil, finishReason: String? = nil, toolCalls: [ToolCall] = [], transcript: String? = nil
    ) {
        self.output = output
        self.prompt = prompt
        self.vars = vars
        self.latencyMs = latencyMs
        self.cost = cost
        self.finishReason = finishReason
        self.toolCalls = toolCalls
        self.transcript = transcript
    }
}

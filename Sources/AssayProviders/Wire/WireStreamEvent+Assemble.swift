extension WireStreamEvent {
    /// The events of one wire event, in the documented order; `.started` when it carries no text, finish or end.
    static func assemble(
        reasoning: String? = nil, content: String? = nil, toolCalls: [ToolCallDelta] = [], finish: String? = nil,
        usage: WireUsage? = nil, done: Bool = false
    ) -> [WireStreamEvent] {
        var events: [WireStreamEvent] = []
        if let reasoning, !reasoning.isEmpty { events.append(.reasoning(reasoning)) }
        if let content, !content.isEmpty { events.append(.content(content)) }
        events += toolCalls.map(WireStreamEvent.toolCall)
        if let finish { events.append(.finish(finish)) }
        if events.isEmpty && !done { events.append(.started) }
        if let usage { events.append(.usage(usage)) }
        if done { events.append(.done) }
        return events
    }

    /// Answer output (a text delta or a piece of a tool call): the first one marks the time to first token.
    public var isOutput: Bool {
        switch self {
        case .content, .toolCall: return true
        default: return false
        }
    }
}

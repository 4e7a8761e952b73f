extension WireStreamEvent {
    /// The events of one wire event, in the documented order; `.started` when it carries no text, finish or end.
    static func assemble(
        reasoning: String? = nil, content: String? = nil, finish: String? = nil, usage: WireUsage? = nil,
        done: Bool = false
    ) -> [WireStreamEvent] {
        var events: [WireStreamEvent] = []
        if let reasoning, !reasoning.isEmpty { events.append(.reasoning(reasoning)) }
        if let content, !content.isEmpty { events.append(.content(content)) }
        if let finish { events.append(.finish(finish)) }
        if events.isEmpty && !done { events.append(.started) }
        if let usage { events.append(.usage(usage)) }
        if done { events.append(.done) }
        return events
    }
}

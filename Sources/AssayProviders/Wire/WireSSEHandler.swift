import AssayCore

/// Handles one SSE event of a format's stream.
protocol WireSSEHandler: Sendable {
    mutating func handle(_ event: SSEEvent) throws(CallError) -> [WireStreamEvent]
}

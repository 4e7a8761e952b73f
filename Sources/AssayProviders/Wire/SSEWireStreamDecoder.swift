import AssayCore

/// A stream decoder for the SSE formats (OpenAI, HF, Anthropic, Cohere): SSE framing by `SSEDecoder`,
/// meaning by the format's handler; events after `.done` are ignored.
struct SSEWireStreamDecoder<Handler: WireSSEHandler>: WireStreamDecoder {
    var sse = SSEDecoder()
    var handler: Handler
    var finished = false

    init(handler: Handler) {
        self.handler = handler
    }

    mutating func feed(_ bytes: [UInt8]) throws(CallError) -> [WireStreamEvent] {
        try handle(sse.feed(bytes))
    }

    mutating func finish() throws(CallError) -> [WireStreamEvent] {
        try handle(sse.finish())
    }

    private mutating func handle(_ events: [SSEEvent]) throws(CallError) -> [WireStreamEvent] {
        var out: [WireStreamEvent] = []
        for event in events where !finished {
            let decoded = try handler.handle(event)
            if decoded.contains(.done) { finished = true }
            out += decoded
        }
        return out
    }
}

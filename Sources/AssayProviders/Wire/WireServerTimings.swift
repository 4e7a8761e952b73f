/// Server-side timings some providers report (Ollama's `*_duration` fields, sent in nanoseconds,),
/// converted to milliseconds.
public struct WireServerTimings: Sendable, Equatable {
    public var totalMs: Double?
    public var loadMs: Double?
    public var promptEvalMs: Double?
    public var evalMs: Double?

    public init(totalMs: Double? = nil, loadMs: Double? = nil, promptEvalMs: Double? = nil, evalMs: Double? = nil) {
        self.totalMs = totalMs
        self.loadMs = loadMs
        self.promptEvalMs = promptEvalMs
        self.evalMs = evalMs
    }
}

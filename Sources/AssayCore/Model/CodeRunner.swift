/// Runs model-written code in isolation. Implemented by AssaySandbox.
public protocol CodeRunner: Sendable {
    /// Runs a Python program and reports how it ended. Never throws: a failure to start is a result too.
    func runPython(_ program: String) async -> CodeRunResult
}

/// How a sandboxed program ended.
public struct CodeRunResult: Sendable, Hashable {
    public var exitCode: Int32?
    public var timedOut: Bool
    /// Combined stdout and stderr, truncated.
    public var output: String
    public var durationMs: Double
    /// Limits the sandbox could not apply on this system (e.g. no network namespace).
    public var notes: [String]

    public init(exitCode: Int32?, timedOut: Bool, output: String, durationMs: Double, notes: [String] = []) {
        self.exitCode = exitCode
        self.timedOut = timedOut
        self.output = output
        self.durationMs = durationMs
        self.notes = notes
    }

    public var succeeded: Bool { exitCode == 0 && !timedOut }
}

public import AssayCore
public import AssayReporting

/// How a run ended, for the CLI to map to an exit code.
public struct RunOutcome: Sendable {
    public var runID: String
    public var reportDirectory: String
    /// Nil for a shard, whose reports `assay merge` writes once every shard has finished.
    public var summary: RunSummary?
    /// True when Ctrl-C or the budget stopped the run before every planned sample ran.
    public var interrupted: Bool

    public var passedGates: Bool { summary?.passedGates ?? true }
}

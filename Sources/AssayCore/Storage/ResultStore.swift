/// Where samples are persisted as they complete, and read back for aggregation and reports.
/// Implemented by AssayStore (SQLite).
public protocol ResultStore: Sendable {
    func beginRun(_ run: RunRecord) throws
    /// Stores one sample and its grades atomically; storing the same planned sample again replaces it.
    func record(_ sample: Sample) throws
    func finishRun(id: String, status: RunRecord.Status, finishedAt: String) throws
    func run(id: String) throws -> RunRecord?
    /// Samples of a run in the order they were stored.
    func samples(runID: String) throws -> [Sample]
    /// Runs, newest first.
    func runs() throws -> [RunRecord]
    /// Stores the pairwise judgments of a run (replacing those of the same suite, case, repeat and pair).
    func recordPairwise(runID: String, _ records: [PairwiseRecord]) throws
    func pairwise(runID: String) throws -> [PairwiseRecord]
}

/// A run as the store keeps it.
public struct RunRecord: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable {
        case running
        case complete
        /// Stopped before every planned sample ran (Ctrl-C).
        case incomplete
    }

    public var id: String
    public var startedAt: String
    public var finishedAt: String?
    public var status: Status
    public var simulated: Bool
    public var seed: UInt64
    /// The run's configuration as JSON: suites and versions, models, flags, git revision.
    public var configuration: JSONValue

    public init(
        id: String, startedAt: String, finishedAt: String? = nil, status: Status = .running, simulated: Bool, seed: UInt64,
        configuration: JSONValue
    ) {
        self.id = id
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.simulated = simulated
        self.seed = seed
        self.configuration = configuration
    }
}

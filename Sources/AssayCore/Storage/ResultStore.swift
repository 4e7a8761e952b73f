/// Where samples are persisted as they complete, and read back for aggregation and reports.
/// Implemented by AssayStore for SQLite (one machine) and PostgreSQL (shards on many machines).
public protocol ResultStore: Sendable {
    /// Creates the run; when a run with this id is already stored (a resumed run, or another shard of
    /// it), marks it running again and keeps its record. Returns the stored record.
    func beginRun(_ run: RunRecord) async throws -> RunRecord
    /// Stores one sample and its grades atomically; storing the same planned sample again replaces it.
    func record(_ sample: Sample) async throws
    /// Stores samples, each as `record(_:)` does; in one transaction where the store can (fewer commits when
    /// many samples complete at once).
    func record(_ samples: [Sample]) async throws
    /// - Parameter note: why the run stopped early (Ctrl-C, the budget), shown in its reports.
    func finishRun(id: String, status: RunRecord.Status, finishedAt: String, note: String?) async throws
    func run(id: String) async throws -> RunRecord?
    /// Runs, newest first.
    func runs() async throws -> [RunRecord]
    /// Streams a run's samples (of one suite and model when given) one at a time, so that memory does not
    /// grow with the run, in key order: suite, case, model, repeat, comparing text by its UTF-8 bytes
    /// (the order of `PlannedKey`). Without `text`, answers, error messages and grade reasons are left out.
    func forEachSample(runID: String, suite: String?, model: String?, text: Bool, _ body: (Sample) throws -> Void) async throws
    /// Calls `body` with the key of each stored sample of a run (whatever its outcome), without holding them
    /// all (a million keys in a set are a few hundred megabytes).
    func forEachSampleKey(runID: String, _ body: (PlannedKey) throws -> Void) async throws
    /// Stores the pairwise judgments of a run (replacing those of the same suite, case, repeat and pair).
    func recordPairwise(runID: String, _ records: [PairwiseRecord]) async throws
    func pairwise(runID: String) async throws -> [PairwiseRecord]
    /// Stores how far the run's judges agree with human labels (replacing those of the same suite and metric).
    func recordCalibrations(runID: String, _ calibrations: [JudgeCalibration]) async throws
    func calibrations(runID: String) async throws -> [JudgeCalibration]
    /// Records that a shard started (`finished` false) or ran its whole part (true); a finish is never
    /// taken back by a later start.
    func recordShard(runID: String, _ shard: ShardMark, finished: Bool) async throws
    /// Every shard of the run that started, and whether it finished.
    func shards(runID: String) async throws -> [ShardMark: Bool]
    /// A cached response by its key (see `ResponseCacheKey`), or nil.
    func cachedResponse(key: String) async throws -> CachedResponse?
    func storeCachedResponse(_ response: CachedResponse) async throws
    /// Releases connections; the store is not used afterwards.
    func close() async
}

extension ResultStore {
    public func close() async {}

    public func record(_ samples: [Sample]) async throws {
        for sample in samples { try await record(sample) }
    }

    /// Every sample of a run, in key order.
    public func samples(runID: String, text: Bool = true) async throws -> [Sample] {
        var samples: [Sample] = []
        try await forEachSample(runID: runID, suite: nil, model: nil, text: text) { samples.append($0) }
        return samples
    }

    /// The keys of a run's stored samples, all together.
    public func sampleKeys(runID: String) async throws -> Set<PlannedKey> {
        var keys = Set<PlannedKey>()
        try await forEachSampleKey(runID: runID) { keys.insert($0) }
        return keys
    }

    public func forEachSample(runID: String, text: Bool, _ body: (Sample) throws -> Void) async throws {
        try await forEachSample(runID: runID, suite: nil, model: nil, text: text, body)
    }
}

/// A run as the store keeps it.
public struct RunRecord: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable {
        case running
        case complete
        /// Stopped before every planned sample ran (Ctrl-C, the budget, a killed process, a shard not yet done).
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
    /// Why the run stopped early, when it did.
    public var note: String?

    public init(
        id: String, startedAt: String, finishedAt: String? = nil, status: Status = .running, simulated: Bool, seed: UInt64,
        configuration: JSONValue, note: String? = nil
    ) {
        self.id = id
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.simulated = simulated
        self.seed = seed
        self.configuration = configuration
        self.note = note
    }
}

/// What a run tells its user as it goes, as values: the CLI renders them (`RunEventRenderer`), a test
/// can collect them.
public enum RunEvent: Sendable, Hashable {
    /// Suites and catalog loaded.
    case loaded(suites: Int, cases: Int, models: Int, catalog: String)
    /// A catalog model left out of the run, and why.
    case skipped(model: String, reason: String)
    /// No real model has credentials (or `--simulate`): the run uses the simulated fleet.
    case usingSimulatedFleet
    case fleetListening(port: Int)
    /// Something the user should know that does not stop the run.
    case warning(String)
    /// What the sandbox could not set up (each limit it left out).
    case sandboxNotes([String])
    /// A stored run to compare with names no run yet (a first night).
    case noBaselineYet(reference: String)
    case started(RunStart)
    /// An adaptive run's round: its number, the rounds at most, what each category calls, and how many
    /// of its samples were stored already (a resumed run).
    case round(number: Int, of: Int, calls: [CategoryCalls], alreadyStored: Int)
    /// An adaptive run stops calling these models in a category.
    case modelsStopped(category: String, models: [String], stillCalled: Int)
    /// A sample was stored; the renderer decides how often to show it.
    case progress(RunProgress)
    /// The run's calls are over (the renderer ends a live progress line).
    case callsFinished
    case judgingPairs(suites: [String])
    /// Ctrl-C or the budget stopped the run before every planned sample ran.
    case stopped(reason: String, stored: Int, planned: Int, adaptive: Bool, runID: String)
    case shardFinished(ShardFinish)
    case reportsWritten(seconds: Double)
    /// `assay merge`: samples copied from another store, and what the run holds.
    case copied(samples: Int, runID: String, from: String)
    case mergedRun(runID: String, stored: Int, planned: Int, missing: Int, adaptive: Bool, unfinishedShards: [String])

    public struct RunStart: Sendable, Hashable {
        public var runID: String
        public var planned: Int
        public var suites: Int
        public var models: Int
        public var repeats: Int
        public var concurrency: Int
        /// Cases per category a round, for an adaptive run.
        public var roundSize: Int?
        public var shard: String?
        /// What the shard owns: its samples (a full-grid run) or its categories (an adaptive one).
        public var shardSamples: Int?
        public var shardCategories: [String]?
        public var alreadyStored: Int
        public var toRun: Int?
        public var cache: Bool
        public var budget: Double?
    }

    public struct CategoryCalls: Sendable, Hashable {
        public var category: String
        public var models: Int
        public var cases: Int
    }

    public struct RunProgress: Sendable, Hashable {
        public var done: Int
        /// At most this many samples in all (an adaptive run lowers it as models stop).
        public var total: Int
        public var cached: Int
        public var errorsByKind: [String: Int]
        public var spent: Double
        public var elapsedSeconds: Double
    }

    public struct ShardFinish: Sendable, Hashable {
        public var shard: String
        public var samples: Int
        public var runID: String
        /// Every shard has finished: the merge can write the reports.
        public var complete: Bool
        /// Samples of other shards not stored yet, and shards that stored theirs but have not finished.
        public var othersMissing: Int
        public var unfinishedShards: [String]
    }
}

/// Where a run's events go.
public struct RunEvents: Sendable {
    let sink: @Sendable (RunEvent) -> Void

    public init(_ sink: @escaping @Sendable (RunEvent) -> Void) {
        self.sink = sink
    }

    public static let ignored = RunEvents { _ in }

    public func callAsFunction(_ event: RunEvent) {
        sink(event)
    }
}

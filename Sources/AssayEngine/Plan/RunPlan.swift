import AssayCore

/// Every planned (suite, case, repeat, model) of a run in a fixed order, and the part of it that this
/// process runs: its shard, less what the store already holds (a resumed run or a restarted shard).
/// Entries are indices, 16 bytes each, so that a plan of 100,000 samples costs little memory; the
/// suite, case and model they name are looked up when a sample is run.
struct RunPlan: Sendable {
    struct Entry: Sendable, Hashable {
        let suite: Int32
        let testCase: Int32
        let model: Int32
        let repeatIndex: Int32
    }

    let suites: [Suite]
    /// Per suite, its cases with their prompts rendered (once, here).
    let cases: [[PreparedCase]]
    let models: [ModelSpec]
    /// Each case's repeats (at least 1).
    let repeats: Int
    /// Per suite, whether its cases may take several turns (`Suite.isConversational`, which reads every case).
    let conversational: [Bool]
    /// An adaptive run's rounds; nil for a run of the full grid.
    let schedule: AdaptiveSchedule?
    /// The whole run, every shard.
    let all: [Entry]
    /// This shard's part of `all`.
    let shardPart: [Entry]
    /// This shard's samples that are not stored yet: what this process will call.
    let pending: [Entry]

    /// - Parameters:
    ///   - cases: the suites' cases already rendered (`Suite.prepared(index:)`); rendered here when nil.
    ///   - schedule: an adaptive run's rounds. Its shards own whole categories (dealt out in order), so that
    ///     each decides its categories' rounds on its own; a full-grid run's shards own cases.
    init(
        suites: [Suite], cases: [[PreparedCase]]? = nil, models: [ModelSpec], repeats: Int, shard: Shard?, stored: Set<PlannedKey>,
        schedule: AdaptiveSchedule? = nil
    ) {
        self.init(
            suites: suites, cases: cases, models: models, repeats: repeats, shard: shard,
            stored: StoredSamples(stored, suites: suites, models: models, repeats: repeats), schedule: schedule)
    }

    init(
        suites: [Suite], cases: [[PreparedCase]]? = nil, models: [ModelSpec], repeats: Int, shard: Shard?, stored: StoredSamples,
        schedule: AdaptiveSchedule? = nil
    ) {
        var all: [Entry] = []
        var shardPart: [Entry] = []
        var casePosition = 0
        let categories = schedule?.categories ?? []
        for (s, suite) in suites.enumerated() {
            for c in suite.cases.indices {
                let owned: Bool
                if let shard, schedule != nil {
                    owned = shard.owns(casePosition: categories.firstIndex(of: suite.category) ?? 0)
                } else {
                    owned = shard?.owns(casePosition: casePosition) ?? true
                }
                casePosition += 1
                for repeatIndex in 0..<max(1, repeats) {
                    for m in models.indices {
                        let entry = Entry(suite: Int32(s), testCase: Int32(c), model: Int32(m), repeatIndex: Int32(repeatIndex))
                        all.append(entry)
                        if owned, shard != nil { shardPart.append(entry) }
                    }
                }
            }
        }
        self.suites = suites
        self.cases = cases ?? suites.enumerated().map { $1.prepared(index: $0) }
        self.models = models
        self.repeats = max(1, repeats)
        self.conversational = suites.map(\.isConversational)
        self.schedule = schedule
        self.all = all
        // Without a shard, the part is the whole: one array, not two copies of it.
        self.shardPart = shard == nil ? all : shardPart
        self.pending = stored.isEmpty ? self.shardPart : self.shardPart.filter { !stored.contains($0) }
    }

    func job(_ entry: Entry) -> PlannedSample {
        let suite = suites[Int(entry.suite)]
        return PlannedSample(
            suite: suite, testCase: suite.cases[Int(entry.testCase)], prepared: cases[Int(entry.suite)][Int(entry.testCase)],
            model: models[Int(entry.model)], repeatIndex: Int(entry.repeatIndex), conversational: conversational[Int(entry.suite)])
    }

    func key(_ entry: Entry) -> PlannedKey {
        RunPlan.key(entry, suites: suites, models: models)
    }

    static func key(_ entry: Entry, suites: [Suite], models: [ModelSpec]) -> PlannedKey {
        let suite = suites[Int(entry.suite)]
        return PlannedKey(
            suite: suite.name, caseID: suite.cases[Int(entry.testCase)].id, model: models[Int(entry.model)].id,
            repeatIndex: Int(entry.repeatIndex))
    }

    /// The categories this process runs (all without a shard).
    var ownedCategories: Set<String> {
        Set(shardPart.map { suites[Int($0.suite)].category })
    }

    /// How many planned samples of the whole run `stored` lacks.
    func missing(from stored: StoredSamples) -> Int {
        all.reduce(0) { $0 + (stored.contains($1) ? 0 : 1) }
    }

    /// The stored samples of `runID`, as this plan's places.
    func stored(in store: any ResultStore, runID: String) async throws -> StoredSamples {
        try await StoredSamples.read(from: store, runID: runID, suites: suites, models: models, repeats: repeats)
    }
}

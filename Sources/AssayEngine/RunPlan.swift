import AssayCore

/// Every planned (suite, case, repeat, model) of a run in a fixed order, and the part of it that this
/// process runs: its shard, less what the store already holds (a resumed run or a restarted shard).
struct RunPlan: Sendable {
    /// The whole run, every shard.
    let all: [PlannedSample]
    /// This shard's part of `all`.
    let shardPart: [PlannedSample]
    /// This shard's samples that are not stored yet: what this process will call.
    let pending: [PlannedSample]

    init(suites: [Suite], models: [ModelSpec], repeats: Int, shard: Shard?, stored: Set<PlannedKey>) {
        var all: [PlannedSample] = []
        var shardPart: [PlannedSample] = []
        var casePosition = 0
        for suite in suites {
            for testCase in suite.cases {
                let owned = shard?.owns(casePosition: casePosition) ?? true
                casePosition += 1
                for repeatIndex in 0..<max(1, repeats) {
                    for model in models {
                        let job = PlannedSample(suite: suite, testCase: testCase, model: model, repeatIndex: repeatIndex)
                        all.append(job)
                        if owned { shardPart.append(job) }
                    }
                }
            }
        }
        self.all = all
        self.shardPart = shardPart
        self.pending = stored.isEmpty ? shardPart : shardPart.filter { !stored.contains($0.key) }
    }

    /// The planned keys of the whole run.
    var allKeys: [PlannedKey] { all.map(\.key) }
}

import AssayCore

/// How far a stored run is from complete: its planned samples that are not stored, and its shards that
/// started and have not finished (one may still be judging after every sample is in). The one rule that
/// both a run's end and `assay merge` apply.
struct RunCompleteness: Sendable {
    let missing: Int
    let unfinishedShards: [ShardMark]

    var isComplete: Bool { missing == 0 && unfinishedShards.isEmpty }

    static func of(_ plan: RunPlan, runID: String, in store: any ResultStore) async throws -> RunCompleteness {
        RunCompleteness(
            missing: plan.missing(from: try await store.sampleKeys(runID: runID)),
            unfinishedShards: ShardMark.unfinished(try await store.shards(runID: runID)))
    }
}

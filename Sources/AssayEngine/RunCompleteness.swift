import AssayCore
import AssayReporting

/// How far a stored run is from complete: its planned samples that are not stored, and its shards that
/// started and have not finished (one may still be judging after every sample is in). The one rule that
/// both a run's end and `assay merge` apply.
struct RunCompleteness: Sendable {
    let missing: Int
    let unfinishedShards: [ShardMark]

    var isComplete: Bool { missing == 0 && unfinishedShards.isEmpty }

    /// - Parameter replay: an adaptive run's decisions: a sample its model was stopped before is not
    ///   missing.
    static func of(_ plan: RunPlan, runID: String, in store: any ResultStore, replay: AdaptiveReplay? = nil) async throws -> RunCompleteness {
        let stored = try await store.sampleKeys(runID: runID)
        let missing: Int
        if let replay {
            missing = replay.missing(table: try await replay.table(from: .store(store, runID: runID)), stored: stored)
        } else {
            missing = plan.missing(from: stored)
        }
        return RunCompleteness(missing: missing, unfinishedShards: ShardMark.unfinished(try await store.shards(runID: runID)))
    }
}

import AssayCore
import AssayReporting

/// Records how a run ended: whether every planned sample is stored and every shard finished, and why
/// not. The one rule that both a run's end and `assay merge` apply.
struct FinalizeStage: Sendable {
    /// How complete the run is.
    struct Completion: Sendable {
        let complete: Bool
        /// Planned samples not stored (for an adaptive run, those its replayed decisions still needed).
        let notRun: [PlannedKey]
        let unfinishedShards: [ShardMark]
        /// Why the run is incomplete, as its reports say it.
        let note: String?
        let stored: Int
    }

    let runID: String
    let store: any ResultStore
    let plan: RunPlan
    /// An adaptive run's decisions: a sample its model was stopped before is not missing.
    let replay: AdaptiveReplay?

    /// - Parameters:
    ///   - stopNote: why this process stopped early (Ctrl-C, the budget); nil when it ran its whole part.
    ///   - finishing: the shard this process ran (1/1 without `--shard`); recorded as finished when it did.
    ///   - explain: say why an incomplete run is incomplete (a merge does; a shard leaves it to the merge).
    func run(stopNote: String?, finishing shard: ShardMark?, storedNote: String?, explain: Bool) async throws -> Completion {
        // A shard that ran its whole part says so, for the merge: another shard may have stored every
        // sample while this one was still judging.
        if let shard, stopNote == nil { try await store.recordShard(runID: runID, shard, finished: true) }
        let stored = try await plan.stored(in: store, runID: runID)
        let notRun: [PlannedKey]
        if let replay {
            notRun = replay.missingKeys(table: try await replay.table(from: .store(store, runID: runID, text: false)), stored: stored)
        } else {
            notRun = plan.all.filter { !stored.contains($0) }.map(plan.key)
        }
        var unfinished = ShardMark.unfinished(try await store.shards(runID: runID))
        if stopNote != nil, unfinished.isEmpty, let shard { unfinished = [shard] }
        // A stop after the last sample still leaves judging undone: the run is complete only without one.
        let complete = notRun.isEmpty && unfinished.isEmpty && stopNote == nil
        var note = stopNote
        if !complete, note == nil, explain {
            let list = unfinished.map(\.description).joined(separator: ", ")
            let resumeShard = unfinished.first.map { $0.count > 1 ? " --shard \($0)" : "" } ?? ""
            note = storedNote ?? (notRun.isEmpty
                ? "shard \(list) stored its samples but has not finished judging pairs or calibrating the judges (resume it with --resume \(runID)\(resumeShard))"
                : "\(notRun.count) planned samples are not stored: a shard has not finished (resume it with --resume \(runID) --shard I/N)")
        }
        try await store.finishRun(id: runID, status: complete ? .complete : .incomplete, finishedAt: Timestamp.now(), note: note)
        return Completion(complete: complete, notRun: notRun, unfinishedShards: unfinished, note: note, stored: stored.count)
    }
}

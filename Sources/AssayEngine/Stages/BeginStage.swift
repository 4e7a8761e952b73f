import AssayCore
import AssayGrading
import Foundation
import AssayReporting

/// Records the run in the store (or joins the stored one: a resume, another shard), checks that it is the
/// same plan, marks this shard as started and plans the samples this process calls.
struct BeginStage: Sendable {
    let configuration: RunConfiguration
    let events: RunEvents

    /// - Throws: `EngineError.planMismatch` when the stored run was planned differently.
    func run(
        prepared: PrepareStage.Prepared, models: [ModelSpec], judge: ModelSpec?, store: any ResultStore, baselineID: String?
    ) async throws -> RunContext {
        let config = configuration
        let runID = prepared.runID
        let manifest = RunManifest(
            suites: prepared.suites, prepared: prepared.cases, models: models, judge: judge?.id, judgePrompt: RubricJudge.prompt.identity, repeats: config.repeats,
            adaptive: config.adaptiveRoundSize.map {
                RunManifest.Adaptive(
                    roundSize: $0, maxQualityLoss: config.routing.maxQualityLoss, valuePerSuccess: config.routing.valuePerSuccess,
                    alpha: config.routing.alpha, maxP95LatencyMs: config.routing.maxP95LatencyMs)
            },
            concurrency: config.concurrency, failUnder: config.failUnder, baseline: config.baseline, assayVersion: AssayRunner.version,
            skippedModels: prepared.selection.skipped, gitRevision: GitRevision.current())
        if let existing = try await store.run(id: runID) {
            try BeginStage.checkSamePlan(stored: existing, current: manifest, seed: config.seed)
        }
        let record = try await store.beginRun(RunRecord(
            id: runID, startedAt: Timestamp.now(), simulated: prepared.selection.simulated, seed: config.seed, configuration: manifest.json))
        // Again against what the store kept: two shards may have started the run at the same moment.
        try BeginStage.checkSamePlan(stored: record, current: manifest, seed: config.seed)
        // Recorded before any sample, so that a merge can tell a shard that never finished from none at all.
        let mark = ShardMark(index: config.shard?.index ?? 1, count: config.shard?.count ?? 1)
        try await store.recordShard(runID: runID, mark, finished: false)
        let stored = try await StoredSamples.read(from: store, runID: runID, suites: prepared.suites, models: models, repeats: config.repeats)
        let schedule = config.adaptiveRoundSize.map { AdaptiveSchedule(suites: prepared.suites, seed: config.seed, roundSize: $0) }
        let plan = RunPlan(suites: prepared.suites, cases: prepared.cases, models: models, repeats: config.repeats, shard: config.shard, stored: stored, schedule: schedule)
        return RunContext(
            configuration: config, events: events, logger: config.logger.with(runID: runID), suites: prepared.suites,
            selection: prepared.selection, models: models, judge: judge, runID: runID, outDir: prepared.outDir, store: store,
            manifest: manifest, plan: plan, mark: mark, baselineID: baselineID, storedAtStart: stored.count)
    }

    /// A run resumed or joined (another shard) must be the same plan: the same suites at the same
    /// versions, the same models, repeats, judge, adaptive settings and seed. Anything else would mix two
    /// experiments in one run.
    static func checkSamePlan(stored: RunRecord, current: RunManifest, seed: UInt64) throws {
        var differences = RunManifest(json: stored.configuration).map { $0.planDifferences(current) }
            ?? ["configuration: the stored run's cannot be read"]
        if stored.seed != seed { differences.append("seed: stored \(stored.seed), now \(seed)") }
        guard differences.isEmpty else {
            throw EngineError(
                .planMismatch,
                "run \(stored.id) was planned differently; resume or join it with the same suites, models, judge, --repeat, --seed and adaptive settings (\(differences.joined(separator: "; ")))")
        }
    }
}

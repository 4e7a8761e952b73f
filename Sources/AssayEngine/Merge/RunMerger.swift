import AssayCore
import AssayStore
import Foundation
import AssayReporting

/// `assay merge`: brings the shards of a run together and writes the run's reports. Shards that wrote
/// into one shared store (PostgreSQL) are already together; shards that each kept their own store
/// (SQLite files from several machines) are first copied into the target store. Then the same
/// finalize and publish stages as a run's.
public struct RunMerger: Sendable {
    public let runID: String
    /// Other stores holding shards of the run, copied into the configuration's store first.
    public let sources: [String]
    public let configuration: RunConfiguration
    public let events: RunEvents

    public init(runID: String, sources: [String], configuration: RunConfiguration, events: RunEvents = .ignored) {
        self.runID = runID
        self.sources = sources
        self.configuration = configuration
        self.events = events
    }

    public func merge() async throws -> RunOutcome {
        let location = configuration.storeLocation
        return try await ResultStores.using(location) { store in try await merge(into: store, location: location) }
    }

    func merge(into store: any ResultStore, location: String) async throws -> RunOutcome {
        let config = configuration
        for source in sources {
            let copied = try await ResultStores.using(source) { from in
                try await copyRun(from: from, to: store, sourceName: ResultStores.describe(source))
            }
            events(.copied(samples: copied, runID: runID, from: ResultStores.describe(source)))
        }
        guard let run = try await store.run(id: runID) else {
            throw EngineError(.runNotFound, "no stored run '\(runID)' in \(ResultStores.describe(location))")
        }
        guard let manifest = RunManifest(json: run.configuration) else {
            throw EngineError(.planMismatch, "run \(runID) was stored with a configuration this version cannot read")
        }
        let suites = try SuiteLoader.load(paths: config.suitePaths)
        let catalog = try Catalogs.load(config.catalogPath, prices: config.pricesPath)
        // The plan is the stored run's: its models, and suites that must match the files given.
        let models = try manifest.models.map { entry in
            guard let spec = catalog.models.first(where: { $0.id == entry.id }) else {
                throw EngineError(.modelNotInCatalog, "model \(entry.id) of run \(runID) is not in the catalog \(config.catalogPath)")
            }
            return spec
        }
        let given = suites.map { RunManifest.SuiteEntry($0) }
        guard given.map(\.label) == manifest.suites.map(\.label) else {
            let describe = { (entries: [RunManifest.SuiteEntry]) in entries.map(\.label).joined(separator: ", ") }
            throw EngineError(.planMismatch, "run \(runID) was made with suites \(describe(manifest.suites)); merge it with the same suite files (given: \(describe(given)))")
        }
        let changed = zip(manifest.suites, given).flatMap { $0.contentDifferences($1) }
        guard changed.isEmpty else {
            throw EngineError(.planMismatch, "run \(runID) was made with other suite files: \(changed.joined(separator: "; ")); merge it with the files its shards ran")
        }
        var runConfig = config
        runConfig.repeats = manifest.repeats
        // An adaptive run's rounds and decision rule are the stored ones: they decided which samples exist.
        if let adaptive = manifest.adaptive {
            runConfig.adaptiveRoundSize = adaptive.roundSize
            runConfig.routing.maxQualityLoss = adaptive.maxQualityLoss
            runConfig.routing.valuePerSuccess = adaptive.valuePerSuccess
            runConfig.routing.alpha = adaptive.alpha
            runConfig.routing.maxP95LatencyMs = adaptive.maxP95LatencyMs
        } else {
            runConfig.adaptiveRoundSize = nil
        }
        let schedule = runConfig.adaptiveRoundSize.map { AdaptiveSchedule(suites: suites, seed: run.seed, roundSize: $0) }
        let plan = RunPlan(suites: suites, models: models, repeats: runConfig.repeats, shard: nil, stored: [], schedule: schedule)
        var replay: AdaptiveReplay?
        if let schedule {
            replay = AdaptiveReplay(
                schedule: schedule, models: models, options: runConfig.routing, seed: run.seed, repeats: runConfig.repeats,
                excludedMetrics: try await store.calibrations(runID: runID).untrustedMetrics)
        }
        let completion = try await FinalizeStage(runID: runID, store: store, plan: plan, replay: replay)
            .run(stopNote: nil, finishing: nil, storedNote: run.note, explain: true)
        events(.mergedRun(
            runID: runID, stored: completion.stored, planned: plan.all.count, missing: completion.notRun.count, adaptive: replay != nil,
            unfinishedShards: completion.unfinishedShards.map(\.description)))

        var baselineID: String?
        if let baseline = config.baseline {
            baselineID = try await RunReference.baseline(baseline, store: store, excluding: runID, events: events)
        }
        let outDir = config.reportDirectory(runID: runID)
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        let summary = try await PublishStage(
            runID: runID, store: store, skipped: manifest.skippedModels,
            configuration: runConfig, baselineID: baselineID, outDir: outDir, reportsRoot: config.outDir == nil ? config.reportsRoot : nil,
            completion: completion, plan: plan, replay: replay
        ).run()
        return RunOutcome(runID: runID, reportDirectory: outDir, summary: summary, interrupted: false)
    }

    /// Copies the run's record, samples, pairwise judgments, calibrations and finished shards; samples already in the
    /// target are replaced by the source's (a sample is the same planned call either way).
    func copyRun(from source: any ResultStore, to target: any ResultStore, sourceName: String) async throws -> Int {
        guard let run = try await source.run(id: runID) else {
            throw EngineError(.runNotFound, "no run '\(runID)' in \(sourceName)")
        }
        guard let manifest = RunManifest(json: run.configuration) else {
            throw EngineError(.planMismatch, "run \(runID) in \(sourceName) was stored with a configuration this version cannot read")
        }
        if let existing = try await target.run(id: runID) {
            try BeginStage.checkSamePlan(stored: existing, current: manifest, seed: run.seed)
        }
        _ = try await target.beginRun(run)
        // One suite × model at a time: bounded memory, and the body of forEachSample cannot await.
        var copied = 0
        for suite in manifest.suites {
            for model in manifest.models {
                var batch: [Sample] = []
                try await source.forEachSample(runID: runID, suite: suite.name, model: model.id, text: true) { batch.append($0) }
                for start in stride(from: 0, to: batch.count, by: 500) {
                    try await target.record(Array(batch[start..<min(start + 500, batch.count)]))
                }
                copied += batch.count
            }
        }
        try await target.recordPairwise(runID: runID, try await source.pairwise(runID: runID))
        try await target.recordCalibrations(runID: runID, try await source.calibrations(runID: runID))
        for (shard, finished) in try await source.shards(runID: runID) { try await target.recordShard(runID: runID, shard, finished: finished) }
        return copied
    }
}

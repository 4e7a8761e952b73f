import AssayCore
import AssayStore
import Foundation

/// `assay merge`: brings the shards of a run together and writes the run's reports. Shards that wrote
/// into one shared store (PostgreSQL) are already together; shards that each kept their own store
/// (SQLite files from several machines) are first copied into the target store.
public struct RunMerger: Sendable {
    public let runID: String
    /// Other stores holding shards of the run, copied into the configuration's store first.
    public let sources: [String]
    public let configuration: RunConfiguration
    public let say: @Sendable (String) -> Void

    public init(runID: String, sources: [String], configuration: RunConfiguration, say: @escaping @Sendable (String) -> Void = { _ in }) {
        self.runID = runID
        self.sources = sources
        self.configuration = configuration
        self.say = say
    }

    public func merge() async throws -> RunOutcome {
        let config = configuration
        let location = config.storeLocation
        return try await ResultStores.using(location) { store in try await merge(into: store, location: location) }
    }

    func merge(into store: any ResultStore, location: String) async throws -> RunOutcome {
        let config = configuration
        for source in sources {
            let copied = try await ResultStores.using(source) { from in
                try await copyRun(from: from, to: store, sourceName: ResultStores.describe(source))
            }
            say("Copied \(copied) samples of \(runID) from \(ResultStores.describe(source))")
        }
        guard let run = try await store.run(id: runID) else {
            throw EngineError(message: "no stored run '\(runID)' in \(ResultStores.describe(location))")
        }
        let suites = try SuiteLoader.load(paths: config.suitePaths)
        let catalog = try Catalogs.load(config.catalogPath, prices: config.pricesPath)
        let stored = run.configuration.objectValue ?? [:]
        // The plan is the stored run's: its models, and suites that must match the files given.
        let modelIDs = (stored["models"]?.arrayValue ?? []).compactMap { $0.objectValue?["id"]?.stringValue }
        let models = try modelIDs.map { id in
            guard let spec = catalog.models.first(where: { $0.id == id }) else {
                throw EngineError(message: "model \(id) of run \(runID) is not in the catalog \(config.catalogPath)")
            }
            return spec
        }
        let storedSuites = stored["suites"] ?? .null
        let givenSuites = JSONValue.array(suites.map { ["name": .string($0.name), "version": .string($0.version), "category": .string($0.category), "cases": .int($0.cases.count)] })
        guard storedSuites == givenSuites else {
            throw EngineError(message: "run \(runID) was made with suites \(storedSuites.compactJSON); merge it with the same suite files (given: \(givenSuites.compactJSON))")
        }
        var runConfig = config
        runConfig.repeats = Int(stored["repeats"]?.numberValue ?? 1)
        // An adaptive run's rounds and decision rule are the stored ones: they decided which samples exist.
        AssayRunner.applyAdaptive(stored["adaptive"], to: &runConfig)

        let schedule = runConfig.adaptiveRoundSize.map { AdaptiveSchedule(suites: suites, seed: run.seed, roundSize: $0) }
        let plan = RunPlan(suites: suites, models: models, repeats: runConfig.repeats, shard: nil, stored: [], schedule: schedule)
        var replay: AdaptiveReplay?
        if let schedule {
            var untrusted: [String: Set<String>] = [:]
            for c in try await store.calibrations(runID: runID) where !c.trusted { untrusted[c.suite, default: []].insert(c.metric) }
            replay = AdaptiveReplay(
                schedule: schedule, models: models, options: runConfig.routing, seed: run.seed, repeats: runConfig.repeats,
                excludedMetrics: untrusted)
        }
        let completeness = try await RunCompleteness.of(plan, runID: runID, in: store, replay: replay)
        let missing = completeness.missing
        let unfinished = completeness.unfinishedShards
        let unfinishedList = unfinished.map(\.description).joined(separator: ", ")
        let complete = completeness.isComplete
        let resumeShard = unfinished.first.map { $0.count > 1 ? " --shard \($0)" : "" } ?? ""
        let note: String? = complete ? nil : (run.note ?? (missing > 0
            ? "\(missing) planned samples are not stored: a shard has not finished (resume it with --resume \(runID) --shard I/N)"
            : "shard \(unfinishedList) stored its samples but has not finished judging pairs or calibrating the judges (resume it with --resume \(runID)\(resumeShard))"))
        try await store.finishRun(id: runID, status: complete ? .complete : .incomplete, finishedAt: AssayRunner.timestamp(), note: note)
        let storedCount = try await store.sampleKeys(runID: runID).count
        say((replay == nil
            ? "Run \(runID): \(plan.all.count - missing) of \(plan.all.count) planned samples stored"
            : "Run \(runID) (adaptive): \(storedCount) samples stored of a full grid of \(plan.all.count)") + (missing > 0 ? "; \(missing) missing" : "")
            + (unfinished.isEmpty ? "" : "; shard \(unfinishedList) has not finished"))

        var baselineID: String?
        if let baseline = config.baseline {
            baselineID = try await ReportPublisher.resolveBaseline(baseline, store: store, excluding: runID, warn: say)
        }
        let outDir = config.reportDirectory(runID: runID)
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        let skipped = (stored["skipped_models"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        let summary = try await ReportPublisher.publish(
            runID: runID, store: store, suites: suites, models: models, skipped: skipped, configuration: runConfig,
            baselineID: baselineID, outDir: outDir, reportsRoot: config.outDir == nil ? config.reportsRoot : nil)
        return RunOutcome(runID: runID, reportDirectory: outDir, summary: summary, interrupted: false)
    }

    /// Copies the run's record, samples, pairwise judgments, calibrations and finished shards; samples already in the
    /// target are replaced by the source's (a sample is the same planned call either way).
    func copyRun(from source: any ResultStore, to target: any ResultStore, sourceName: String) async throws -> Int {
        guard let run = try await source.run(id: runID) else {
            throw EngineError(message: "no run '\(runID)' in \(sourceName)")
        }
        if let existing = try await target.run(id: runID) {
            try AssayRunner.checkSamePlan(stored: existing, current: run.configuration, seed: run.seed)
        }
        _ = try await target.beginRun(run)
        // One suite × model at a time: bounded memory, and the body of forEachSample cannot await.
        let configuration = run.configuration.objectValue ?? [:]
        let suites = (configuration["suites"]?.arrayValue ?? []).compactMap { $0.objectValue?["name"]?.stringValue }
        let models = (configuration["models"]?.arrayValue ?? []).compactMap { $0.objectValue?["id"]?.stringValue }
        var copied = 0
        for suite in suites {
            for model in models {
                var batch: [Sample] = []
                try await source.forEachSample(runID: runID, suite: suite, model: model, text: true) { batch.append($0) }
                for sample in batch { try await target.record(sample) }
                copied += batch.count
            }
        }
        try await target.recordPairwise(runID: runID, try await source.pairwise(runID: runID))
        try await target.recordCalibrations(runID: runID, try await source.calibrations(runID: runID))
        for (shard, finished) in try await source.shards(runID: runID) { try await target.recordShard(runID: runID, shard, finished: finished) }
        return copied
    }
}

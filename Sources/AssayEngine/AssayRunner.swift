public import AssayCore
public import AssayProviders
public import AssaySandbox
public import AssaySimulator
public import AssayStore
public import AsyncHTTPClient
public import Foundation
public import AssayGrading
public import AssayReporting
public import NIOCore
public import Logging

/// The pipeline of one run: load → select models → (start the simulated fleet) → plan →
/// schedule calls → grade → store → aggregate → write reports.
public struct AssayRunner: Sendable {
    public let configuration: RunConfiguration
    /// Receives the lines a user should see (the CLI prints them).
    public let say: @Sendable (String) -> Void

    public init(configuration: RunConfiguration, say: @escaping @Sendable (String) -> Void = { _ in }) {
        self.configuration = configuration
        self.say = say
    }

    /// Runs the suites.
    /// - Throws: `LoadError` for an invalid suite, dataset or catalog (before any call is made);
    ///   `EngineError` or a system error when the run cannot be carried out.
    public func run() async throws -> RunOutcome {
        let config = configuration
        let catalog = try Catalogs.load(config.catalogPath, prices: config.pricesPath)
        let suites = try SuiteLoader.load(paths: config.suitePaths)
        if config.adaptiveRoundSize != nil, config.routing.valuePerSuccess != nil {
            throw EngineError(message: "an adaptive run decides by the quality margin; value mode needs the full grid")
        }
        let caseCount = suites.map(\.cases.count).reduce(0, +)
        say("Loaded \(suites.count) suite\(suites.count == 1 ? "" : "s") (\(caseCount) cases) and \(catalog.models.count) models from \(config.catalogPath)")

        let selection = ModelSelection.select(catalog: catalog, environment: config.environment, forceSimulate: config.forceSimulate)
        for (model, reason) in selection.skipped.sorted(by: { $0.key < $1.key }) where !model.hasPrefix("sim/") || !selection.simulated {
            say("skip \(model): \(reason)")
        }
        guard !selection.models.isEmpty else {
            throw EngineError(message: "no model to run: the catalog has no simulated models and no real model has credentials")
        }
        if selection.simulated {
            say("No real model is selected: using the simulated fleet (\(RunSummary.simulatedNotice)).")
        }
        let needsJudge = suites.contains { s in (s.assertions + s.cases.flatMap(\.assertions)).contains { $0.needsJudge } }
        if needsJudge && selection.judge == nil {
            say("warning: no judge model available; judge assertions will be recorded as grader errors")
        }

        if config.resumeRunID != nil, config.runID != nil, config.resumeRunID != config.runID {
            throw EngineError(message: "--resume \(config.resumeRunID!) and --run-id \(config.runID!) name different runs")
        }
        let runID = config.resumeRunID ?? config.runID ?? AssayRunner.makeRunID()
        let outDir = config.reportDirectory(runID: runID)
        let storeLocation = config.storeLocation
        return try await ResultStores.using(storeLocation) { store in
            if let resume = config.resumeRunID, try await store.run(id: resume) == nil {
                throw EngineError(message: "no stored run '\(resume)' to resume in \(ResultStores.describe(storeLocation))")
            }
            try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
            // Resolved before the run starts, so that `latest` means the newest run before this one.
            var baselineID: String?
            // A shard writes no reports, so it compares with nothing: the merge does.
            if let baseline = config.baseline, config.shard == nil {
                baselineID = try await ReportPublisher.resolveBaseline(baseline, store: store, excluding: runID, warn: say)
            }
            return try await run(
                suites: suites, selection: selection, runID: runID, outDir: outDir, store: store, baselineID: baselineID)
        }
    }

    func run(
        suites: [Suite], selection: ModelSelection, runID: String, outDir: String, store: any ResultStore,
        baselineID: String?
    ) async throws -> RunOutcome {
        let config = configuration
        let needsSandbox = suites.contains { s in (s.assertions + s.cases.flatMap(\.assertions)).contains { $0.contains(kind: .codeTests) } }
        let sandbox: PythonSandbox? = needsSandbox ? try PythonSandbox() : nil
        if let sandbox, !sandbox.notes.isEmpty { say("sandbox: \(sandbox.notes.joined(separator: "; "))") }

        let execute: @Sendable ([ModelSpec], ModelSpec?) async throws -> RunOutcome = { models, judge in
            try await self.execute(
                suites: suites, models: models, judge: judge, selection: selection, runID: runID, outDir: outDir,
                store: store, sandbox: sandbox, baselineID: baselineID)
        }
        guard selection.simulated else { return try await execute(selection.models, selection.judge) }
        let fleet = SimulatedFleet(
            profiles: AssayRunner.simulatedProfiles(for: selection.models + (selection.judge.map { [$0] } ?? [])),
            answerKey: SimulatedAnswerKey(suites: suites), seed: config.seed, timeScale: config.simulatorTimeScale)
        return try await SimulatorServer.withRunning(fleet: fleet) { port in
            say("Simulated fleet listening on http://127.0.0.1:\(port) (every wire format at its provider's own paths)")
            let models = selection.models.map { AssayRunner.pointAtSimulator($0, port: port) }
            let judge = selection.judge.map { AssayRunner.pointAtSimulator($0, port: port) }
            return try await execute(models, judge)
        }
    }

    func execute(
        suites: [Suite], models: [ModelSpec], judge: ModelSpec?, selection: ModelSelection, runID: String, outDir: String,
        store: any ResultStore, sandbox: PythonSandbox?, baselineID: String?
    ) async throws -> RunOutcome {
        let config = configuration
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(
                timeout: .init(connect: .seconds(10), read: .seconds(120)),
                connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: max(64, config.concurrency * 2))))
        do {
            let outcome = try await execute(
                suites: suites, models: models, judge: judge, selection: selection, runID: runID, outDir: outDir,
                store: store, sandbox: sandbox, http: http, baselineID: baselineID)
            try await http.shutdown()
            return outcome
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    func execute(
        suites: [Suite], models: [ModelSpec], judge: ModelSpec?, selection: ModelSelection, runID: String, outDir: String,
        store: any ResultStore, sandbox: PythonSandbox?, http: HTTPClient, baselineID: String?
    ) async throws -> RunOutcome {
        let config = configuration
        let logger = config.logger.with(runID: runID)
        let everyModel = models + (judge.map { [$0] } ?? [])
        let gate = CallGate(models: everyModel, global: config.concurrency)
        let useCache = config.cache ?? !selection.simulated
        var clients = try ProviderClients.make(models: everyModel, keys: selection.keys, http: http, gate: gate, logger: logger)
        if useCache {
            for model in everyModel {
                guard let client = clients[model.id], let format = ProviderClients.format(for: model) else { continue }
                clients[model.id] = ResponseCachingClient(inner: client, format: format, store: store)
            }
        }
        // The meter counts what is paid: model calls as their samples settle, judge calls as they return.
        let meter = SpendMeter(limit: config.maxCost, judgePrice: judge?.price)
        var judges: [String: any JudgeClient] = [:]
        if let judge, let client = clients[judge.id] {
            judges[judge.id] = ModelJudgeClient(spec: judge, client: client, meter: meter)
        }
        let grader = AnswerGrader(codeRunner: sandbox, judges: judges, defaultJudge: judge?.id)
        let executor = SampleExecutor(
            runID: runID, clients: clients, grader: grader, seed: config.seed, logger: logger)

        let configurationJSON = runConfigurationJSON(suites: suites, models: models, judge: judge, outDir: outDir, skipped: selection.skipped)
        if let existing = try await store.run(id: runID) {
            try AssayRunner.checkSamePlan(stored: existing, current: configurationJSON, seed: config.seed)
        }
        let record = try await store.beginRun(RunRecord(
            id: runID, startedAt: AssayRunner.timestamp(), simulated: selection.simulated, seed: config.seed,
            configuration: configurationJSON))
        // Again against what the store kept: two shards may have started the run at the same moment.
        try AssayRunner.checkSamePlan(stored: record, current: configurationJSON, seed: config.seed)
        // Recorded before any sample, so that a merge can tell a shard that never finished from none at all.
        let mark = ShardMark(index: config.shard?.index ?? 1, count: config.shard?.count ?? 1)
        try await store.recordShard(runID: runID, mark, finished: false)
        let stored = try await store.sampleKeys(runID: runID)
        let schedule = config.adaptiveRoundSize.map { AdaptiveSchedule(suites: suites, seed: config.seed, roundSize: $0) }
        let plan = RunPlan(suites: suites, models: models, repeats: config.repeats, shard: config.shard, stored: stored, schedule: schedule)
        let log = try SampleLog(
            store: store, jsonlPath: (outDir as NSString).appendingPathComponent("samples.jsonl"), firstSequence: stored.count)

        let repeatText = config.repeats > 1 ? " × \(config.repeats) repeats" : ""
        var header = "Run \(runID): \(plan.all.count) samples (\(suites.count) suites × \(models.count) models\(repeatText)), concurrency \(config.concurrency)"
        if let schedule {
            header = "Run \(runID), adaptive: up to \(plan.all.count) samples (\(suites.count) suites × \(models.count) models\(repeatText)) in rounds of \(schedule.roundSize) cases per category, concurrency \(config.concurrency)"
        }
        if let shard = config.shard {
            header += schedule == nil
                ? "; shard \(shard): \(plan.shardPart.count) samples"
                : "; shard \(shard): categories \(plan.ownedCategories.sorted().joined(separator: ", "))"
        }
        if plan.pending.count < plan.shardPart.count { header += "; \(plan.shardPart.count - plan.pending.count) already stored" + (schedule == nil ? ", \(plan.pending.count) to run" : "") }
        if useCache { header += "; response cache on" }
        if let limit = config.maxCost { header += "; budget \(ReportFormat.usd(limit))" }
        say(header)
        logger.info("run started", metadata: [
            "planned": "\(plan.all.count)", "pending": "\(plan.pending.count)", "shard": "\(config.shard?.description ?? "all")",
            "cache": "\(useCache)", "simulated": "\(record.simulated)", "adaptive": "\(schedule != nil)",
        ])
        if config.maxCost != nil {
            let unpriced = (models + (judge.map { [$0] } ?? [])).filter { $0.price == nil }.map(\.id)
            if !unpriced.isEmpty { say("warning: --max-cost cannot bound models without a price: \(unpriced.joined(separator: ", "))") }
        }

        let progress = ProgressReporter(total: plan.pending.count, style: ProgressReporter.style(environment: config.environment), say: say)
        let storeFailure = FirstError()
        let stop = config.stopSignal
        /// Calls the planned samples with a bounded fan-out: seed `concurrency` jobs, add one as each
        /// finishes; stop adding when asked to stop (Ctrl-C, the budget) or cancelled.
        func call(_ pending: [RunPlan.Entry]) async {
            await withTaskGroup(of: Void.self) { group in
                var next = 0
                func addJob() async {
                    guard next < pending.count, !stop.isStopped, !Task.isCancelled else { return }
                    let job = plan.job(pending[next])
                    guard let reservation = await meter.reserve(job) else {
                        let spent = await meter.spent
                        stop.stop(.budget, because: "budget: the next call would take the projected spend past --max-cost \(ReportFormat.usd(config.maxCost)) (spent \(ReportFormat.usd(spent)))")
                        logger.notice("budget reached", metadata: ["spent": "\(spent)"])
                        return
                    }
                    next += 1
                    group.addTask {
                        guard !Task.isCancelled else {
                            _ = await meter.settle(reservation, sample: nil)
                            return
                        }
                        let sample = await executor.execute(job)
                        let spent = await meter.settle(reservation, sample: sample)
                        guard let sample else { return }
                        do {
                            try await log.append(sample)
                            await progress.done(sample, spent: spent)
                        } catch {
                            await storeFailure.set(error)
                        }
                    }
                }
                for _ in 0..<min(config.concurrency, pending.count) { await addJob() }
                while await group.next() != nil {
                    if await storeFailure.error != nil {
                        group.cancelAll()
                        continue
                    }
                    await addJob()
                }
            }
        }

        var replay: AdaptiveReplay?
        if let schedule {
            // Judges are calibrated first, so that the rounds leave out the same untrusted judges as the
            // final routing does; each shard calibrates the suites of its own categories.
            let ownSuites = suites.filter { plan.ownedCategories.contains($0.category) }
            let calibrated = Set(try await store.calibrations(runID: runID).map(\.suite))
            let toCalibrate = ownSuites.filter { !$0.calibration.isEmpty && !calibrated.contains($0.name) }
            if !toCalibrate.isEmpty {
                let judgments = toCalibrate.map(\.calibration.count).reduce(0, +)
                if config.maxCost != nil, !(await meter.reserveJudgments(judgments, suites: toCalibrate)) {
                    stop.stop(.budget, because: "budget: calibrating the judges (\(judgments) judge calls) would take the projected spend past --max-cost \(ReportFormat.usd(config.maxCost))")
                } else {
                    let calibrations = await calibrate(suites: toCalibrate, grader: grader, judgeID: judge?.id)
                    if !stop.isStopped && !Task.isCancelled { try await store.recordCalibrations(runID: runID, calibrations) }
                }
            }
            var untrusted: [String: Set<String>] = [:]
            for c in try await store.calibrations(runID: runID) where !c.trusted { untrusted[c.suite, default: []].insert(c.metric) }
            let rounds = AdaptiveReplay(
                schedule: schedule, models: models, options: config.routing, seed: config.seed, repeats: config.repeats,
                excludedMetrics: untrusted)
            replay = rounds
            try await callInRounds(
                schedule: schedule, replay: rounds, plan: plan, runID: runID, store: store, stop: stop, progress: progress,
                failure: storeFailure, call: call)
        } else {
            await call(plan.pending)
        }
        await progress.finish()
        await log.close()
        if let error = await storeFailure.error { throw error }

        let stoppedEarly = stop.isStopped || Task.isCancelled
        let pairwiseSuites = suites.filter { $0.assertions.contains { $0.kind == .selectBest } }
        // Adaptive runs calibrated first; otherwise one shard measures the judges for the whole run.
        let calibrates = (config.shard?.index ?? 1) == 1 && schedule == nil
        // Judging after the samples passes the budget too: projected as a whole before it starts.
        if !stoppedEarly, config.maxCost != nil {
            var judgments = 0
            for suite in pairwiseSuites {
                let cases = plan.shardPart.filter { plan.suites[Int($0.suite)].name == suite.name && $0.model == 0 }.count
                judgments += cases * models.count * (models.count - 1)
            }
            if calibrates { judgments += suites.map(\.calibration.count).reduce(0, +) }
            if !(await meter.reserveJudgments(judgments, suites: suites)) {
                stop.stop(.budget, because: "budget: judging pairs and calibrating the judges (\(judgments) judge calls) would take the projected spend past --max-cost \(ReportFormat.usd(config.maxCost))")
            }
        }
        if !stop.isStopped && !Task.isCancelled && !pairwiseSuites.isEmpty {
            say("Judging select-best pairs (both orders) for \(pairwiseSuites.map(\.name).joined(separator: ", "))")
            for suite in pairwiseSuites {
                let shardCases = Set(plan.shardPart.lazy.filter { plan.suites[Int($0.suite)].name == suite.name }.map { plan.key($0).caseID })
                var before: [Sample] = []
                try await store.forEachSample(runID: runID, suite: suite.name, model: nil, text: true) { sample in
                    if shardCases.contains(sample.caseID) { before.append(sample) }
                }
                let judged = await PairwiseJudging.judge(suite: suite, samples: before, judges: judges, defaultJudge: judge?.id)
                // Judgments cut short by Ctrl-C are not judgments: nothing of this suite is stored, and a
                // resumed run judges it again.
                if stop.isStopped || Task.isCancelled { break }
                for (old, new) in zip(before, judged.samples) where old != new { try await store.record(new) }
                try await store.recordPairwise(runID: runID, judged.records)
            }
        }
        // One shard measures the judges against their calibration sets, for the whole run.
        if !stop.isStopped && !Task.isCancelled && calibrates {
            let calibrations = await calibrate(suites: suites, grader: grader, judgeID: judge?.id)
            if !stop.isStopped && !Task.isCancelled {
                try await store.recordCalibrations(runID: runID, calibrations)
            }
        }
        let note = stop.reason ?? (Task.isCancelled ? "stopped by Ctrl-C" : nil)
        // A shard that ran its whole part says so, for the merge: another shard may have stored every
        // sample while this one was still judging. (A run without --shard, a resume included, is 1/1.)
        if note == nil { try await store.recordShard(runID: runID, mark, finished: true) }
        let completeness = try await RunCompleteness.of(plan, runID: runID, in: store, replay: replay)
        let missing = completeness.missing
        let unfinishedShards = note != nil && completeness.unfinishedShards.isEmpty ? [mark] : completeness.unfinishedShards
        let complete = missing == 0 && unfinishedShards.isEmpty
        // A stop after the last sample still leaves judging undone: the run is complete only without one.
        try await store.finishRun(
            id: runID, status: complete && note == nil ? .complete : .incomplete, finishedAt: AssayRunner.timestamp(), note: note)
        let spent = await meter.spent
        logger.info("run finished", metadata: ["complete": "\(complete)", "missing": "\(missing)", "spent": "\(spent)"])
        if let note {
            let storedCount = try await store.sampleKeys(runID: runID).count
            say("Stopped (\(note)): \(storedCount) of " + (schedule == nil ? "\(plan.all.count)" : "up to \(plan.all.count)")
                + " samples are stored; writing reports marked incomplete. Complete it with --resume \(runID).")
        }

        // A shard never writes reports, even when stopped: other shards may still be storing samples.
        if let shard = config.shard {
            if note == nil {
                let others = missing > 0
                    ? "\(missing) samples of other shards are not stored yet"
                    : "shard\(unfinishedShards.count == 1 ? "" : "s") \(unfinishedShards.map(\.description).joined(separator: ", ")) "
                        + "stored every sample but \(unfinishedShards.count == 1 ? "has" : "have") not finished judging"
                say("Shard \(shard) done: \(plan.shardPart.count) samples stored in \(runID)" + (complete
                    ? "; every shard has finished. Write the reports with: assay merge \(runID)"
                    : "; \(others). Once every shard has finished: assay merge \(runID)"))
            }
            return RunOutcome(runID: runID, reportDirectory: outDir, summary: nil, interrupted: note != nil)
        }

        let reportClock = ContinuousClock()
        let reportStart = reportClock.now
        let summary = try await ReportPublisher.publish(
            runID: runID, store: store, suites: suites, models: models, skipped: selection.skipped, configuration: config,
            baselineID: baselineID, outDir: outDir, reportsRoot: config.outDir == nil ? config.reportsRoot : nil)
        let reportTime = reportClock.now - reportStart
        say(String(format: "Reports written in %.2f s", reportTime.milliseconds / 1000))
        return RunOutcome(
            runID: runID, reportDirectory: outDir, summary: summary, interrupted: stop.isStopped || Task.isCancelled)
    }

    /// A run resumed or joined (another shard) must be the same plan: the same suites at the same
    /// versions, the same models, repeats and seed. Anything else would mix two experiments in one run.
    static func checkSamePlan(stored: RunRecord, current: JSONValue, seed: UInt64) throws {
        func plan(_ config: JSONValue) -> [String: JSONValue] {
            let object = config.objectValue ?? [:]
            return [
                "suites": object["suites"] ?? .null,
                "models": .array((object["models"]?.arrayValue ?? []).map { $0.objectValue?["id"] ?? .null }),
                "repeats": object["repeats"] ?? .null,
                "judge": object["judge"] ?? .null,
                "judge_prompt": object["judge_prompt"] ?? .null,
                "adaptive": object["adaptive"] ?? .null,
            ]
        }
        let before = plan(stored.configuration)
        let now = plan(current)
        var differences: [String] = []
        for field in ["suites", "models", "repeats", "judge", "judge_prompt", "adaptive"] where before[field] != now[field] {
            differences.append("\(field): stored \(before[field]?.compactJSON ?? "none"), now \(now[field]?.compactJSON ?? "none")")
        }
        if stored.seed != seed { differences.append("seed: stored \(stored.seed), now \(seed)") }
        guard differences.isEmpty else {
            throw EngineError(message: "run \(stored.id) was planned differently; resume or join it with the same suites, models, judge, --repeat, --seed and adaptive settings (\(differences.joined(separator: "; ")))")
        }
    }

    /// Grades every calibration item with its judge assertion, concurrently, and compares with the labels.
    /// The judge calls' cost reaches the spend meter through the judge client.
    func calibrate(suites: [Suite], grader: AnswerGrader, judgeID: String?) async -> [JudgeCalibration] {
        var results: [JudgeCalibration] = []
        for suite in suites where !suite.calibration.isEmpty {
            let cases = Dictionary(uniqueKeysWithValues: suite.cases.map { ($0.id, $0) })
            for metric in Set(suite.calibration.map(\.metric)).sorted() {
                guard let spec = suite.assertions.flatMap(\.flattened).first(where: { $0.metricName == metric && $0.kind.needsJudge }) else { continue }
                let items = suite.calibration.filter { $0.metric == metric }
                let pairs = await withTaskGroup(of: (Int, GradeResult, Int).self) { group in
                    for (index, item) in items.enumerated() {
                        guard let testCase = cases[item.caseID] else { continue }
                        group.addTask {
                            let prompt = (try? Template(suite.prompt).render(testCase.vars)) ?? suite.prompt
                            let input = GradingInput(output: item.output, prompt: prompt, vars: testCase.vars)
                            return (index, await grader.grade(spec, suite: suite, testCase: testCase, input: input), item.label)
                        }
                    }
                    var collected: [(Int, GradeResult, Int)] = []
                    for await result in group { collected.append(result) }
                    return collected.sorted { $0.0 < $1.0 }.map { (grade: $0.1, label: $0.2) }
                }
                let judge = pairs.compactMap(\.grade.judge).first ?? judgeID ?? "no judge"
                results.append(JudgeCalibration.measure(
                    suite: suite.name, metric: metric, judge: judge, pairs: pairs, kappaFloor: configuration.kappaFloor))
            }
        }
        return results
    }

    func runConfigurationJSON(suites: [Suite], models: [ModelSpec], judge: ModelSpec?, outDir: String, skipped: [String: String]) -> JSONValue {
        var config: [String: JSONValue] = [
            "suites": .array(suites.map { ["name": .string($0.name), "version": .string($0.version), "category": .string($0.category), "cases": .int($0.cases.count)] }),
            "models": .array(models.map { m in
                ["id": .string(m.id), "provider": .string(m.provider), "model": .string(m.model),
                 "price": m.price.map { p in ["input": .number(p.input), "output": .number(p.output), "source": .string(p.source)] } ?? .null]
            }),
            "judge": .string(judge?.id),
            "judge_prompt": .string(RubricJudge.prompt.identity),
            "concurrency": .int(configuration.concurrency),
            "fail_under": .number(configuration.failUnder),
            "repeats": .int(configuration.repeats),
            "baseline": .string(configuration.baseline),
            "assay_version": .string(AssayRunner.version),
            "skipped_models": .object(skipped.mapValues(JSONValue.string)),
            "adaptive": AssayRunner.adaptiveJSON(configuration),
        ]
        if let git = AssayRunner.gitRevision() { config["git_revision"] = .string(git) }
        return .object(config)
    }

    /// An adaptive run's settings, stored with it: its rounds and the decision rule that stops models.
    /// A resume, a shard or a merge must decide with the same ones.
    static func adaptiveJSON(_ config: RunConfiguration) -> JSONValue {
        guard let roundSize = config.adaptiveRoundSize else { return .null }
        return [
            "round_size": .int(roundSize), "max_quality_loss": .number(config.routing.maxQualityLoss),
            "value_per_success": .number(config.routing.valuePerSuccess), "alpha": .number(config.routing.alpha),
            "max_p95_latency_ms": .number(config.routing.maxP95LatencyMs),
        ]
    }

    /// Applies a stored run's adaptive settings to a configuration (for `assay merge`).
    static func applyAdaptive(_ stored: JSONValue?, to config: inout RunConfiguration) {
        guard let object = stored?.objectValue, let roundSize = object["round_size"]?.numberValue else {
            config.adaptiveRoundSize = nil
            return
        }
        config.adaptiveRoundSize = Int(roundSize)
        if let margin = object["max_quality_loss"]?.numberValue { config.routing.maxQualityLoss = margin }
        config.routing.valuePerSuccess = object["value_per_success"]?.numberValue
        if let alpha = object["alpha"]?.numberValue { config.routing.alpha = alpha }
        config.routing.maxP95LatencyMs = object["max_p95_latency_ms"]?.numberValue
    }

    public static let version = "0.1.0"

    /// A simulated model's base URL: its format's default with the host replaced by the loopback fleet
    /// (so `/v1` stays for OpenAI, `/v1beta` for Gemini, nothing for Anthropic, Cohere and Ollama).
    public static func pointAtSimulator(_ model: ModelSpec, port: Int) -> ModelSpec {
        var m = model
        let defaultBase = ProviderClients.format(for: model)?.defaultBaseURL ?? "http://localhost/v1"
        let path = URL(string: defaultBase)?.path ?? ""
        m.baseURL = "http://127.0.0.1:\(port)\(path)"
        return m
    }

    /// The built-in profiles, with each catalog entry's `faults:` applied to the model it names.
    public static func simulatedProfiles(for models: [ModelSpec]) -> [SimulatedModelProfile] {
        SimulatedModelProfile.builtIn.map { profile in
            let faults = models.filter { $0.isSimulated && $0.model == profile.name }.reduce(into: [String: Double]()) { $0.merge($1.simulatedFaults) { _, b in b } }
            return faults.isEmpty ? profile : profile.withFaults(faults)
        }
    }

    static func makeRunID() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return "\(formatter.string(from: Date()))-\(String(repeating: "0", count: 4 - suffix.count))\(suffix)"
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }

    static func gitRevision() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "--short=12", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}

/// Remembers the first error of concurrent jobs.
actor FirstError {
    private(set) var error: (any Error)?
    func set(_ e: any Error) { if error == nil { error = e } }
}

import AssayCore
import AssayProviders
import AssaySandbox
import AssaySimulator
import AssayStore
import AsyncHTTPClient
import Foundation

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

        let runID = config.runID ?? AssayRunner.makeRunID()
        let outDir = config.outDir ?? (config.reportsRoot as NSString).appendingPathComponent(runID)
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        let store = try SQLiteResultStore(path: config.databasePath ?? (config.reportsRoot as NSString).appendingPathComponent("assay.sqlite"))
        // Resolved before the run starts, so that `latest` means the newest run before this one.
        let baselineID = try config.baseline.map { try ReportPublisher.resolveRun($0, store: store) }
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
        store: SQLiteResultStore, sandbox: PythonSandbox?, baselineID: String?
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
        store: SQLiteResultStore, sandbox: PythonSandbox?, http: HTTPClient, baselineID: String?
    ) async throws -> RunOutcome {
        let config = configuration
        let everyModel = models + (judge.map { [$0] } ?? [])
        let gate = CallGate(models: everyModel, global: config.concurrency)
        let clients = try ProviderClients.make(models: everyModel, keys: selection.keys, http: http, gate: gate)
        var judges: [String: any JudgeClient] = [:]
        if let judge, let client = clients[judge.id] {
            judges[judge.id] = ModelJudgeClient(spec: judge, client: client)
        }
        let grader = AnswerGrader(codeRunner: sandbox, judges: judges, defaultJudge: judge?.id)
        let executor = SampleExecutor(runID: runID, clients: clients, grader: grader, seed: config.seed)

        let record = RunRecord(
            id: runID, startedAt: AssayRunner.timestamp(), simulated: selection.simulated, seed: config.seed,
            configuration: runConfigurationJSON(suites: suites, models: models, judge: judge, outDir: outDir))
        try store.beginRun(record)
        let log = try SampleLog(store: store, jsonlPath: (outDir as NSString).appendingPathComponent("samples.jsonl"))

        var plan: [PlannedSample] = []
        for suite in suites {
            for testCase in suite.cases {
                for repeatIndex in 0..<max(1, config.repeats) {
                    for model in models {
                        plan.append(PlannedSample(suite: suite, testCase: testCase, model: model, repeatIndex: repeatIndex))
                    }
                }
            }
        }
        let repeatText = config.repeats > 1 ? " × \(config.repeats) repeats" : ""
        say("Run \(runID): \(plan.count) samples (\(suites.count) suites × \(models.count) models\(repeatText)), concurrency \(config.concurrency)")

        let progress = ProgressReporter(total: plan.count, say: say)
        let storeFailure = FirstError()
        // Bounded fan-out: seed `concurrency` jobs, add one as each finishes.
        await withTaskGroup(of: Void.self) { group in
            var next = 0
            func addJob() {
                guard next < plan.count else { return }
                let job = plan[next]
                next += 1
                group.addTask {
                    guard !Task.isCancelled, let sample = await executor.execute(job) else { return }
                    do {
                        try await log.append(sample)
                        await progress.done(sample)
                    } catch {
                        await storeFailure.set(error)
                    }
                }
            }
            for _ in 0..<min(config.concurrency, plan.count) { addJob() }
            while await group.next() != nil {
                let failed = await storeFailure.error != nil
                if Task.isCancelled || failed {
                    group.cancelAll()
                    continue
                }
                addJob()
            }
        }
        await log.close()
        if let error = await storeFailure.error { throw error }

        let interruptedBeforeJudging = Task.isCancelled
        let pairwiseSuites = suites.filter { $0.assertions.contains { $0.kind == .selectBest } }
        if !interruptedBeforeJudging && !pairwiseSuites.isEmpty {
            say("Judging select-best pairs (both orders) for \(pairwiseSuites.map(\.name).joined(separator: ", "))")
            let stored = try store.samples(runID: runID)
            for suite in pairwiseSuites {
                let before = stored.filter { $0.suite == suite.name }
                let judged = await PairwiseJudging.judge(suite: suite, samples: before, judges: judges, defaultJudge: judge?.id)
                for (old, new) in zip(before, judged.samples) where old != new { try store.record(new) }
                try store.recordPairwise(runID: runID, judged.records)
            }
            // samples.jsonl was written as samples completed; it is rewritten with their final grades.
            let final = try store.samples(runID: runID)
            let lines = final.map { ResultsJSONWriter.sample($0).compactJSON + "\n" }.joined()
            try Data(lines.utf8).write(to: URL(fileURLWithPath: (outDir as NSString).appendingPathComponent("samples.jsonl")), options: .atomic)
        }
        var calibrations: [JudgeCalibration] = []
        if !interruptedBeforeJudging {
            calibrations = await calibrate(suites: suites, grader: grader, judgeID: judge?.id)
            for c in calibrations where !c.trusted {
                let measured = (c.weightedKappa ?? c.kappa).map { String(format: "%.2f", $0) } ?? "undefined"
                say("warning: judge \(c.judge) on \(c.suite)/\(c.metric) agrees with human labels at weighted kappa \(measured), below the floor \(c.kappaFloor): routing leaves its scores out")
            }
        }
        let interrupted = Task.isCancelled
        let stored = await log.stored
        let status: RunRecord.Status = interrupted || stored < plan.count ? .incomplete : .complete
        try store.finishRun(id: runID, status: status, finishedAt: AssayRunner.timestamp())
        if interrupted { say("Stopped: \(stored) of \(plan.count) samples ran; writing reports marked incomplete.") }

        let reportClock = ContinuousClock()
        let reportStart = reportClock.now
        let summary = try ReportPublisher.summarize(
            runID: runID, store: store, suites: suites, models: models, skipped: selection.skipped, configuration: config,
            baselineID: baselineID, calibrations: calibrations)
        try ReportPublisher.write(summary, to: outDir, reportsRoot: config.outDir == nil ? config.reportsRoot : nil)
        let reportTime = reportClock.now - reportStart
        say(String(format: "Reports written in %.2f s", reportTime.milliseconds / 1000))
        return RunOutcome(runID: runID, reportDirectory: outDir, summary: summary, interrupted: interrupted)
    }

    /// Grades every calibration item with its judge assertion, concurrently, and compares with the labels.
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

    func runConfigurationJSON(suites: [Suite], models: [ModelSpec], judge: ModelSpec?, outDir: String) -> JSONValue {
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
        ]
        if let git = AssayRunner.gitRevision() { config["git_revision"] = .string(git) }
        return .object(config)
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

public import AssayCore
public import Foundation
public import AssayReporting

/// Builds the run summary from the store and writes every report file.
public enum ReportPublisher {
    /// Summarizes a stored run and writes every report into `outDir`.
    /// - Parameter reportsRoot: when given, `<reportsRoot>/latest` is pointed at `outDir`.
    public static func publish(
        runID: String, store: any ResultStore, suites: [Suite], models: [ModelSpec], skipped: [String: String],
        configuration: RunConfiguration, baselineID: String?, outDir: String, reportsRoot: String?
    ) async throws -> RunSummary {
        let summary = try await summarize(
            runID: runID, store: store, suites: suites, models: models, skipped: skipped, configuration: configuration,
            baselineID: baselineID)
        try await write(summary, samples: .store(store, runID: runID), to: outDir, reportsRoot: reportsRoot)
        return summary
    }

    static func summarize(
        runID: String, store: any ResultStore, suites: [Suite], models: [ModelSpec], skipped: [String: String],
        configuration: RunConfiguration, baselineID: String?
    ) async throws -> RunSummary {
        guard let run = try await store.run(id: runID) else { throw EngineError(message: "run \(runID) is not in the store") }
        let calibrations = try await store.calibrations(runID: runID)
        var untrusted: [String: Set<String>] = [:]
        for c in calibrations where !c.trusted { untrusted[c.suite, default: []].insert(c.metric) }
        // One pass over the store: the figures, grades and per-case outcomes, never every sample at once.
        let table = try await OutcomeTable.build(suites: suites, excludedMetrics: untrusted, from: .store(store, runID: runID))
        let modelIDs = models.map(\.id)
        let suiteSummaries = Aggregator.summarize(
            suites: suites, models: modelIDs, table: table, pairwise: try await store.pairwise(runID: runID), seed: run.seed,
            alpha: configuration.routing.alpha)
        // An adaptive run is decided with anytime-valid bounds over the order its cases were run in.
        let schedule = configuration.adaptiveRoundSize.map { AdaptiveSchedule(suites: suites, seed: run.seed, roundSize: $0) }
        var sequences: [String: [String]] = [:]
        if let schedule {
            for category in schedule.categories where !schedule.fullCategories.contains(category) {
                sequences[category] = schedule.sequence(of: category, rounds: schedule.rounds(of: category))
            }
        }
        let routes = CategoryRouter.routes(
            suites: suites, models: modelIDs, table: table, options: configuration.routing, seed: run.seed, sequences: sequences)
        var baseline: RunComparison?
        var baselineRoutes: [CategoryRoute]?
        if let baselineID {
            let baseTable = try await OutcomeTable.build(suites: suites, from: .store(store, runID: baselineID))
            baseline = RunComparison.compare(
                base: (baselineID, baseTable), candidate: (runID, table), minEffect: configuration.minEffect,
                alpha: configuration.routing.alpha, seed: run.seed)
            baselineRoutes = CategoryRouter.routes(
                suites: suites, models: baseTable.models.sorted(), table: baseTable, options: configuration.routing, seed: run.seed)
        }
        let stored = try await store.sampleKeys(runID: runID)
        let plan = RunPlan(suites: suites, models: models, repeats: configuration.repeats, shard: nil, stored: [], schedule: schedule)
        var notRun: [PlannedKey]
        var adaptive: AdaptiveReport?
        if let schedule {
            let replay = AdaptiveReplay(
                schedule: schedule, models: models, options: configuration.routing, seed: run.seed, repeats: configuration.repeats,
                excludedMetrics: untrusted)
            notRun = replay.missingKeys(table: table, stored: stored)
            adaptive = replay.report(table: table, fullGrid: plan.all.count)
            adaptive?.missing = notRun.count
        } else {
            notRun = Array(plan.all.lazy.map(plan.key).filter { !stored.contains($0) })
        }
        let failUnder = configuration.failUnder
        var gates: [GateResult] = []
        if let floor = failUnder {
            var below: [String] = []
            for suite in suiteSummaries {
                for m in suite.models where (m.passRate ?? 0) < floor {
                    below.append("\(suite.name) × \(m.model) \(ReportFormat.percent(m.passRate))")
                }
            }
            let partial = schedule == nil ? "" : " (an adaptive run: a model stopped early is judged on the cases it ran)"
            gates.append(GateResult(
                name: "pass rate ≥ \(ReportFormat.percent(floor))", passed: below.isEmpty,
                detail: (below.isEmpty ? "every suite × model reached it" : "below: " + below.joined(separator: ", ")) + partial))
        }
        var details: [String: CaseDetail] = [:]
        for suite in suites {
            for testCase in suite.cases {
                let prompt = (try? Template(suite.prompt).render(testCase.vars)) ?? suite.prompt
                let expected = suite.simulatorReference.flatMap { try? Template($0).render(testCase.vars) }
                details["\(suite.name)/\(testCase.id)"] = CaseDetail(prompt: prompt, expected: expected)
            }
        }
        if let baseline {
            let regressions = baseline.regressions
            gates.append(GateResult(
                name: "no significant regression against \(baseline.baseRunID)", passed: regressions.isEmpty,
                detail: regressions.isEmpty
                    ? "no significant drop larger than \(ReportFormat.percent(baseline.minEffect)) in \(baseline.cells.count) suite × model cells"
                    : "regressions: " + regressions.map { "\($0.suite) × \($0.model) \(ReportFormat.percent($0.basePassRate)) → \(ReportFormat.percent($0.candidatePassRate)) (p = \(ReportFormat.pValue($0.pAdjusted)))" }.joined(separator: ", ")))
        }
        return RunSummary(
            run: run, suites: suiteSummaries, table: table, skippedModels: skipped, gates: gates, caseDetails: details,
            models: models, routes: routes, routingOptions: configuration.routing, baseline: baseline,
            baselineRoutes: baselineRoutes, notRun: notRun, calibrations: calibrations, adaptive: adaptive)
    }

    public static let writers: [any ReportWriter] = [
        ResultsJSONWriter(), SamplesJSONLWriter(), JUnitReportWriter(), MarkdownSummaryWriter(), RankingsMarkdownWriter(), HTMLReportWriter(),
        RoutingJSONWriter(), LiteLLMConfigWriter(),
    ]

    /// Resolves a run reference: an id, `latest` (the newest stored run) or `previous` (the one before it).
    /// - Parameter excluding: a run left out of `latest`/`previous` (the run being made).
    public static func resolveRun(_ reference: String, store: any ResultStore, excluding: String? = nil) async throws -> String {
        let runs = try await store.runs().filter { $0.id != excluding }
        switch reference {
        case "latest":
            guard let run = runs.first else { throw EngineError(message: "no stored run to use as 'latest'") }
            return run.id
        case "previous":
            guard runs.count > 1 else { throw EngineError(message: "no stored run before the latest to use as 'previous'") }
            return runs[1].id
        default:
            guard runs.contains(where: { $0.id == reference }) else {
                throw EngineError(message: "no stored run '\(reference)' (see the runs in the store)")
            }
            return reference
        }
    }

    /// Resolves `--baseline` like `resolveRun`, except that `latest` or `previous` naming no stored run
    /// (the first nightly on a new store) is not an error: there is nothing to regress from yet, so the
    /// comparison is left out, and `warn` says so, rather than failing the night.
    public static func resolveBaseline(
        _ reference: String, store: any ResultStore, excluding: String, warn: (String) -> Void
    ) async throws -> String? {
        if reference == "latest" || reference == "previous" {
            let earlier = try await store.runs().filter { $0.id != excluding }.count
            if earlier < (reference == "latest" ? 1 : 2) {
                warn("warning: --baseline \(reference): the store holds no such run yet, so this run is compared with none")
                return nil
            }
        }
        return try await resolveRun(reference, store: store, excluding: excluding)
    }

    /// Writes one report beside its final name and moves it into place, so a reader never sees half a report.
    static func write(_ writer: any ReportWriter, summary: RunSummary, samples: SampleSource, to directory: String) async throws {
        let path = (directory as NSString).appendingPathComponent(writer.fileName)
        let partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil), let handle = FileHandle(forWritingAtPath: partial) else {
            throw EngineError(message: "cannot write \(partial)")
        }
        do {
            let sink = ReportSink(handle: handle)
            try await writer.write(summary, samples: samples, to: sink)
            sink.flush()
            try handle.close()
            guard rename(partial, path) == 0 else { throw EngineError(message: "cannot move \(partial) to \(path): \(String(cString: strerror(errno)))") }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    /// Writes the reports into `directory`; with `reportsRoot`, points `<reportsRoot>/latest` at it.
    static func write(_ summary: RunSummary, samples: SampleSource, to directory: String, reportsRoot: String?) async throws {
        // Concurrently: the writers that stream every sample each take a core's worth of reading and
        // rendering, and the store serves concurrent readers.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in writers {
                group.addTask { try await write(writer, summary: summary, samples: samples, to: directory) }
            }
            try await group.waitForAll()
        }
        if let root = reportsRoot {
            let latest = (root as NSString).appendingPathComponent("latest")
            let fm = FileManager.default
            if (try? fm.destinationOfSymbolicLink(atPath: latest)) != nil || fm.fileExists(atPath: latest) {
                try? fm.removeItem(atPath: latest)
            }
            try? fm.createSymbolicLink(atPath: latest, withDestinationPath: (directory as NSString).lastPathComponent)
        }
    }
}

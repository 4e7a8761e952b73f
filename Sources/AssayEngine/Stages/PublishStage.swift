public import AssayCore
import AssayReporting
import Foundation

/// The last stage: summarizes a stored run (one pass over the store into the outcome table, then the
/// aggregation, routing and comparison) and writes every report file. Shared by `run` and `merge`.
struct PublishStage: Sendable {
    let runID: String
    let store: any ResultStore
    let skipped: [String: String]
    let configuration: RunConfiguration
    let baselineID: String?
    let outDir: String
    /// When given, `<reportsRoot>/latest` is pointed at `outDir`.
    let reportsRoot: String?
    let completion: FinalizeStage.Completion
    /// The run's plan: its suites, their rendered cases and its models.
    let plan: RunPlan
    let replay: AdaptiveReplay?

    var suites: [Suite] { plan.suites }
    var models: [ModelSpec] { plan.models }

    /// The reports made from the summary (and, for some, the samples too).
    static let writers: [any ReportWriter] = [
        ResultsJSONWriter(), JUnitReportWriter(), MarkdownSummaryWriter(), RankingsMarkdownWriter(), HTMLReportWriter(),
        RoutingJSONWriter(), LiteLLMConfigWriter(),
    ]
    /// The reports made from the samples alone.
    static let sampleWriters: [any SampleReportWriter] = [SamplesJSONLWriter()]

    func run() async throws -> RunSummary {
        let samples = SampleSource.store(store, runID: runID)
        let directory = outDir
        let summary = try await withThrowingTaskGroup(of: Void.self) { group in
            // The reports that need no summary are written while the run is summarized, on the core that
            // summarizing (one task) leaves idle.
            for writer in PublishStage.sampleWriters {
                group.addTask {
                    try await PublishStage.write(writer.fileName, to: directory) { try await writer.write(samples: samples, to: $0) }
                }
            }
            let summary = try await summarize()
            // Concurrently: the writers that stream every sample each take a core's worth of reading and
            // rendering, and the store serves concurrent readers.
            for writer in PublishStage.writers {
                group.addTask {
                    try await PublishStage.write(writer.fileName, to: directory) { try await writer.write(summary, samples: samples, to: $0) }
                }
            }
            if let history = summary.history {
                group.addTask { try await HistoryFiles.write(history, to: directory, markdown: false) }
            }
            try await group.waitForAll()
            return summary
        }
        if let reportsRoot { PublishStage.pointLatest(in: reportsRoot, at: outDir) }
        return summary
    }

    func summarize() async throws -> RunSummary {
        guard let run = try await store.run(id: runID) else { throw EngineError(.runNotFound, "run \(runID) is not in the store") }
        let calibrations = try await store.calibrations(runID: runID)
        let untrusted = calibrations.untrustedMetrics
        // One pass over the store: the figures, grades and per-case outcomes, never every sample at once.
        let table = try await OutcomeTable.build(
            suites: suites, excludedMetrics: untrusted, slo: configuration.routing.slo, from: .store(store, runID: runID, text: false))
        let modelIDs = models.map(\.id)
        let suiteSummaries = Aggregator.summarize(
            suites: suites, models: modelIDs, table: table, pairwise: try await store.pairwise(runID: runID), seed: run.seed,
            alpha: configuration.routing.alpha)
        // An adaptive run is decided with anytime-valid bounds over the order its cases were run in.
        var sequences: [String: [String]] = [:]
        if let schedule = plan.schedule {
            for category in schedule.categories where !schedule.fullCategories.contains(category) {
                sequences[category] = schedule.sequence(of: category, rounds: schedule.rounds(of: category))
            }
        }
        let routes = CategoryRouter.routes(
            suites: suites, models: modelIDs, table: table, options: configuration.routing, seed: run.seed, sequences: sequences)
        var baseline: RunComparison?
        var baselineRoutes: [CategoryRoute]?
        if let baselineID {
            let baseTable = try await OutcomeTable.build(
                suites: suites, slo: configuration.routing.slo, from: .store(store, runID: baselineID, text: false))
            baseline = RunComparison.compare(
                base: (baselineID, baseTable), candidate: (runID, table), minEffect: configuration.minEffect,
                alpha: configuration.routing.alpha, seed: run.seed)
            baselineRoutes = CategoryRouter.routes(
                suites: suites, models: baseTable.models.sorted(), table: baseTable, options: configuration.routing, seed: run.seed)
        }
        var adaptive = replay.map { $0.report(table: table, fullGrid: plan.all.count) }
        adaptive?.missing = completion.notRun.count
        var gates: [GateResult] = []
        if let floor = configuration.failUnder {
            var below: [String] = []
            for suite in suiteSummaries {
                for m in suite.models where (m.passRate ?? 0) < floor {
                    below.append("\(suite.name) × \(m.model) \(ReportFormat.percent(m.passRate))")
                }
            }
            let partial = plan.schedule == nil ? "" : " (an adaptive run: a model stopped early is judged on the cases it ran)"
            gates.append(GateResult(
                name: "pass rate ≥ \(ReportFormat.percent(floor))", passed: below.isEmpty,
                detail: (below.isEmpty ? "every suite × model reached it" : "below: " + below.joined(separator: ", ")) + partial))
        }
        // Found when the HTML shows a case, from the plan's rendered cases.
        // Only the suites and rendered cases are kept by it, not the plan's lists of samples.
        let details = CaseDetails { [suites = plan.suites, cases = plan.cases] suiteName, caseIDs in
            guard let s = suites.firstIndex(where: { $0.name == suiteName }) else { return [:] }
            let suite = suites[s]
            var found: [String: CaseDetail] = [:]
            for prepared in cases[s] {
                let testCase = suite.cases[prepared.testCase]
                guard caseIDs.contains(testCase.id), found[testCase.id] == nil else { continue }
                found[testCase.id] = CaseDetail(prompt: prepared.user, expected: prepared.expected, history: testCase.history)
            }
            return found
        }
        if let baseline {
            let regressions = baseline.regressions
            gates.append(GateResult(
                name: "no significant regression against \(baseline.baseRunID)", passed: regressions.isEmpty,
                detail: regressions.isEmpty
                    ? "no significant drop larger than \(ReportFormat.percent(baseline.minEffect)) in \(baseline.cells.count) suite × model cells"
                    : "regressions: " + regressions.map { "\($0.suite) × \($0.model) \(ReportFormat.percent($0.basePassRate)) → \(ReportFormat.percent($0.candidatePassRate)) (p = \(ReportFormat.pValue($0.pAdjusted)))" }.joined(separator: ", ")))
        }
        var summary = RunSummary(
            run: run, suites: suiteSummaries, table: table, skippedModels: skipped, gates: gates, caseDetails: details,
            models: models, routes: routes, routingOptions: configuration.routing, baseline: baseline,
            baselineRoutes: baselineRoutes, notRun: completion.notRun, calibrations: calibrations, adaptive: adaptive)
        summary.history = try await recentHistory(of: run)
        return summary
    }

    /// This run and the complete runs of its suites stored before it (the newest 14): its trend and drift.
    /// Nil when the store holds no earlier complete run of them (a first run reads no more than itself).
    func recentHistory(of run: RunRecord) async throws -> RunHistory? {
        var options = HistoryOptions()
        options.alpha = configuration.routing.alpha
        let history = try await RunHistory.build(store: store, suites: suites.map(\.name), window: .last(14), options: options, including: run.id)
        return history.runs.count > 1 ? history : nil
    }

    /// Writes one report beside its final name and moves it into place, so a reader never sees half a report.
    static func write(_ fileName: String, to directory: String, _ body: (ReportSink) async throws -> Void) async throws {
        let path = (directory as NSString).appendingPathComponent(fileName)
        let partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil), let handle = FileHandle(forWritingAtPath: partial) else {
            throw EngineError(.outputUnwritable, "cannot write \(partial)")
        }
        do {
            let sink = ReportSink(handle: handle)
            try await body(sink)
            sink.flush()
            try handle.close()
            guard rename(partial, path) == 0 else { throw EngineError(.outputUnwritable, "cannot move \(partial) to \(path): \(String(cString: strerror(errno)))") }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    /// Points `<root>/latest` at `directory`.
    static func pointLatest(in root: String, at directory: String) {
        let latest = (root as NSString).appendingPathComponent("latest")
        let fm = FileManager.default
        if (try? fm.destinationOfSymbolicLink(atPath: latest)) != nil || fm.fileExists(atPath: latest) {
            try? fm.removeItem(atPath: latest)
        }
        try? fm.createSymbolicLink(atPath: latest, withDestinationPath: (directory as NSString).lastPathComponent)
    }
}

import ArgumentParser
import AssayCore
import AssayEngine
import AssayStore
import Foundation
import AssayReporting

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run eval suites against every configured model and write the reports.",
        discussion: """
            Models whose credentials are missing from the environment are skipped. When no real \
            model has credentials (or with --simulate), the run uses the built-in simulated fleet, \
            started on loopback, and every report says so.
            """)

    @OptionGroup
    var input: RunInputOptions

    @Option(name: .long, help: "Most model and judge calls in flight at once.")
    var concurrency: Int = 32

    @Option(name: .long, help: "Seed for the simulated fleet and any sampling, so results repeat.")
    var seed: UInt64 = 42

    @Flag(name: .long, help: "Use the simulated fleet even when real models have credentials.")
    var simulate = false

    @Option(name: .customLong("sim-time-scale"), help: "Scale the simulated fleet's latencies (1 = realistic, 0 = none).")
    var simTimeScale: Double = 1

    @Option(name: .customLong("run-id"), help: "Use this run id instead of a generated one (shards of one run share it).")
    var runID: String?

    @Option(name: .customLong("kappa-floor"), help: "A judge whose weighted kappa against its calibration set is below this is warned about and left out of routing.")
    var kappaFloor: Double = 0.4

    @Option(name: .customLong("repeat"), help: "Run each case K times per model; flaky cases are listed with their flip rate.")
    var repeats: Int = 1

    @OptionGroup(title: "Gates and routing")
    var report: ReportOptions

    @Flag(name: .long, help: "Call cases in seeded rounds and stop calling a model in a category once its routing decision is settled (anytime-valid bounds); the reports give the calls and dollars saved.")
    var adaptive = false

    @Option(name: .customLong("round-size"), help: "Cases per category in each round of an adaptive run.")
    var roundSize: Int = AdaptiveSchedule.defaultRoundSize

    @Option(name: .long, help: ArgumentHelp("Complete a stored run: only its missing samples are called.", valueName: "run-id"))
    var resume: String?

    @Option(name: .long, help: ArgumentHelp("Run only this worker's part of the plan (I of N, from 1); shards given the same --run-id and --db fill one run, and `assay merge` writes its reports.", valueName: "I/N"))
    var shard: String?

    @Flag(inversion: .prefixedNo, help: "Serve repeated requests from the store's response cache (default: on for real providers, off for the simulated fleet).")
    var cache: Bool?

    @Option(name: .customLong("max-cost"), help: ArgumentHelp("Stop starting calls before the projected spend would pass this many US dollars.", valueName: "usd"))
    var maxCost: Double?

    @OptionGroup(title: "Logging")
    var logging: LoggingOptions

    func validate() throws {
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if simTimeScale < 0 { throw ValidationError("--sim-time-scale must not be negative") }
        if repeats < 1 || repeats > 100 { throw ValidationError("--repeat must be between 1 and 100") }
        if roundSize < 1 { throw ValidationError("--round-size must be at least 1") }
        // The cost half of a value-mode bound is a fixed-n bound: looking at it after every round would
        // not keep its error rate.
        if adaptive, report.valuePerSuccess != nil {
            throw ValidationError("--adaptive decides by the quality margin (--max-quality-loss); value mode (--value-per-success) needs the full grid")
        }
        if let maxCost, !(maxCost >= 0) { throw ValidationError("--max-cost must be a non-negative amount in US dollars, e.g. 25") }
        if let shard {
            do { _ = try Shard(parsing: shard) } catch { throw ValidationError("\(error)") }
            // Without a shared id each worker would start a run of its own.
            if runID == nil && resume == nil {
                throw ValidationError("--shard needs --run-id: the id every shard of the run shares, e.g. --run-id nightly-2026-11-27")
            }
        }
    }

    func run() async throws {
        var config = RunConfiguration()
        input.apply(to: &config)
        config.concurrency = concurrency
        config.seed = seed
        config.forceSimulate = simulate
        config.simulatorTimeScale = simTimeScale
        config.environment = ProcessInfo.processInfo.environment
        config.runID = runID
        config.repeats = repeats
        config.kappaFloor = kappaFloor
        report.apply(to: &config)
        config.resumeRunID = resume
        config.shard = try shard.map { try Shard(parsing: $0) }
        config.cache = cache
        config.maxCost = maxCost
        config.adaptiveRoundSize = adaptive ? roundSize : nil
        config.logger = logging.logger()
        let renderer = RunEventRenderer(style: RunEventRenderer.style(environment: config.environment))
        let runner = AssayRunner(configuration: config, events: renderer.events)

        let outcome = try await exitingOnFailure {
            try await Interrupts.stoppingOnSIGINT(config.stopSignal, grace: config.stopGrace) { try await runner.run() }
        }
        if let summary = outcome.summary { RunCommand.printSummary(summary, reportDirectory: outcome.reportDirectory) }
        if outcome.interrupted { throw ExitCode(config.stopSignal.cause == .budget ? 75 : 130) }
        if !outcome.passedGates { throw ExitCode(100) }
    }

    static func printSummary(_ summary: RunSummary, reportDirectory: String) {
        print("")
        for suite in summary.suites {
            print("\(suite.name):")
            for m in suite.models {
                let name = m.model.padding(toLength: max(24, m.model.count), withPad: " ", startingAt: 0)
                let rank = (m.rankRange + ".").padding(toLength: 5, withPad: " ", startingAt: 0)
                let line = "  \(rank)\(name) pass \(ReportFormat.percent(m.passRate)) [\(ReportFormat.interval(m.passRateLow, m.passRateHigh))]"
                    + "  score \(ReportFormat.score(m.meanScore))  p50 \(ReportFormat.ms(m.latencyP50Ms))"
                    + "  cost/task \(ReportFormat.usd(m.costPerTask))"
                print(line)
            }
            if let note = suite.separationNote { print("  \(note)") }
        }
        if let adaptive = summary.adaptive {
            print(adaptive.headline)
            for stop in adaptive.stops {
                print("  \(stop.category): \(stop.model) stopped after round \(stop.afterRound) (\(stop.casesRun) of \(stop.casesInCategory) cases)")
            }
        }
        for route in summary.routes {
            var line = "route \(route.category): \(route.primary ?? "none")"
            let shares = route.candidates.filter { $0.share > 0 }.sorted { $0.share > $1.share }
            if shares.count > 1 { line += " (" + shares.map { "\($0.model) \(ReportFormat.percent($0.share))" }.joined(separator: ", ") + ")" }
            print(line)
            for c in route.candidates where [.admitted, .rejected, .undecided].contains(c.decision) {
                print("  \(c.model): \(c.verdict(in: route))")
            }
            if let held = route.heldOut { print("  held-out: \(held.verdict)") }
        }
        for suite in summary.suites where !suite.flaky.isEmpty {
            print("flaky in \(suite.name): " + suite.flaky.prefix(5).map { "\($0.caseID) on \($0.model) (flip rate \(ReportFormat.percent($0.flipRate)))" }.joined(separator: ", ")
                + (suite.flaky.count > 5 ? ", and \(suite.flaky.count - 5) more" : ""))
        }
        if let history = summary.history {
            let flags = history.flags
            print("drift against the \(history.runs.count - 1) run(s) before: " + (flags.isEmpty ? "none flagged (\(history.checks.count) checks)" : "\(flags.count) flagged"))
            for c in flags {
                print("  \(c.suite) × \(c.model): \(c.metric.worse), \(HistoryMarkdownWriter.figure(c, c.reference)) → \(HistoryMarkdownWriter.figure(c, c.recent)) (\(ReportFormat.pStatement(c.pAdjusted)) Holm)")
            }
        }
        if let notice = summary.notice { print("\nNote: \(notice).") }
        if let incomplete = summary.incompleteNotice { print("Note: run \(incomplete).") }
        for gate in summary.gates {
            print("\(gate.passed ? "gate held" : "GATE FAILED"): \(gate.name): \(gate.detail)")
        }
        print("Report: \((reportDirectory as NSString).appendingPathComponent("index.html"))")
    }
}

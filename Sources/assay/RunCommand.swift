import ArgumentParser
import AssayCore
import AssayEngine
import Foundation

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run eval suites against every configured model and write the reports.",
        discussion: """
            Models whose credentials are missing from the environment are skipped. When no real \
            model has credentials (or with --simulate), the run uses the built-in simulated fleet, \
            started on loopback, and every report says so.
            """)

    @Argument(help: "Suite files or folders (every suite.yaml below a folder).")
    var suites: [String] = ["Suites"]

    @Option(name: .long, help: "The model catalog.")
    var models: String = "Suites/models.yaml"

    @Option(name: .long, help: "Where to write this run's reports (default: Reports/<run-id>).")
    var out: String?

    @Option(name: .long, help: "The SQLite store (default: Reports/assay.sqlite).")
    var db: String?

    @Option(name: .long, help: "Most model and judge calls in flight at once.")
    var concurrency: Int = 32

    @Option(name: .long, help: "Seed for the simulated fleet and any sampling, so results repeat.")
    var seed: UInt64 = 42

    @Option(name: .customLong("fail-under"), help: "Fail (exit 100) when any suite × model pass rate is below RATE (0 to 1).")
    var failUnder: Double?

    @Flag(name: .long, help: "Use the simulated fleet even when real models have credentials.")
    var simulate = false

    @Option(name: .customLong("sim-time-scale"), help: "Scale the simulated fleet's latencies (1 = realistic, 0 = none).")
    var simTimeScale: Double = 1

    @Option(name: .customLong("run-id"), help: ArgumentHelp("Use this run id instead of a generated one.", visibility: .hidden))
    var runID: String?

    @Option(name: .long, help: "A LiteLLM model_prices_and_context_window.json file whose prices override the bundled table.")
    var prices: String?

    @Option(name: .customLong("kappa-floor"), help: "A judge whose weighted kappa against its calibration set is below this is warned about and left out of routing.")
    var kappaFloor: Double = 0.4

    @Option(name: .customLong("repeat"), help: "Run each case K times per model; flaky cases are listed with their flip rate.")
    var repeats: Int = 1

    @Option(name: .long, help: "Compare with a stored run (an id, latest or previous); exit 100 on a significant regression.")
    var baseline: String?

    @Option(name: .customLong("min-effect"), help: "The smallest pass-rate drop (0 to 1) that the baseline gate counts as a regression.")
    var minEffect: Double = 0.05

    @Option(name: .customLong("quality-weight"), help: "Routing utility weight of quality.")
    var qualityWeight: Double = 0.7

    @Option(name: .customLong("cost-weight"), help: "Routing utility weight of cost.")
    var costWeight: Double = 0.3

    @Option(name: .customLong("latency-weight"), help: "Routing utility weight of p95 latency.")
    var latencyWeight: Double = 0

    @Option(name: .customLong("max-p95-latency"), help: "Do not route to models whose p95 latency (ms) is above this.")
    var maxP95Latency: Double?

    @Option(name: .customLong("routing-baseline"), help: "The model that held-out routing savings are measured against (default: the best single model).")
    var routingBaseline: String?

    func validate() throws {
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if let failUnder, !(0...1).contains(failUnder) { throw ValidationError("--fail-under must be between 0 and 1, e.g. 0.8") }
        if simTimeScale < 0 { throw ValidationError("--sim-time-scale must not be negative") }
        if repeats < 1 || repeats > 100 { throw ValidationError("--repeat must be between 1 and 100") }
        if !(0...1).contains(minEffect) { throw ValidationError("--min-effect must be between 0 and 1, e.g. 0.05") }
        if [qualityWeight, costWeight, latencyWeight].contains(where: { $0 < 0 }) || qualityWeight + costWeight + latencyWeight <= 0 {
            throw ValidationError("routing weights must be non-negative and not all zero")
        }
    }

    func run() async throws {
        var config = RunConfiguration()
        config.suitePaths = suites
        config.catalogPath = models
        config.outDir = out
        config.databasePath = db
        config.concurrency = concurrency
        config.seed = seed
        config.failUnder = failUnder
        config.forceSimulate = simulate
        config.simulatorTimeScale = simTimeScale
        config.environment = ProcessInfo.processInfo.environment
        config.runID = runID
        config.repeats = repeats
        config.pricesPath = prices
        config.kappaFloor = kappaFloor
        config.baseline = baseline
        config.minEffect = minEffect
        config.routing.qualityWeight = qualityWeight
        config.routing.costWeight = costWeight
        config.routing.latencyWeight = latencyWeight
        config.routing.maxP95LatencyMs = maxP95Latency
        config.routing.baselineModel = routingBaseline
        let runner = AssayRunner(configuration: config, say: { line in print(line) })

        let outcome: RunOutcome
        do {
            outcome = try await Interrupts.cancellingOnSIGINT { try await runner.run() }
        } catch let error as LoadError {
            printError("error: \(error)")
            throw ExitCode(65)
        } catch let error as EngineError {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        print("")
        for suite in outcome.summary.suites {
            print("\(suite.name):")
            for m in suite.models {
                let name = m.model.padding(toLength: max(24, m.model.count), withPad: " ", startingAt: 0)
                let line = "  \(m.rank). \(name) pass \(ReportFormat.percent(m.passRate)) [\(ReportFormat.interval(m.passRateLow, m.passRateHigh))]"
                    + "  score \(ReportFormat.score(m.meanScore))  p50 \(ReportFormat.ms(m.latencyP50Ms))"
                    + "  cost/task \(ReportFormat.usd(m.costPerTask))"
                print(line)
            }
        }
        for route in outcome.summary.routes {
            var line = "route \(route.category): \(route.primary ?? "none")"
            let shares = route.candidates.filter { $0.share > 0 }.sorted { $0.share > $1.share }
            if shares.count > 1 { line += " (" + shares.map { "\($0.model) \(ReportFormat.percent($0.share))" }.joined(separator: ", ") + ")" }
            if let savings = route.heldOut?.projectedSavings { line += "; held-out savings at equal quality \(ReportFormat.percent(savings))" }
            print(line)
        }
        for suite in outcome.summary.suites where !suite.flaky.isEmpty {
            print("flaky in \(suite.name): " + suite.flaky.prefix(5).map { "\($0.caseID) on \($0.model) (flip rate \(ReportFormat.percent($0.flipRate)))" }.joined(separator: ", ")
                + (suite.flaky.count > 5 ? ", and \(suite.flaky.count - 5) more" : ""))
        }
        if let notice = outcome.summary.notice { print("\nNote: \(notice).") }
        for gate in outcome.summary.gates {
            print("\(gate.passed ? "gate held" : "GATE FAILED"): \(gate.name): \(gate.detail)")
        }
        print("Report: \((outcome.reportDirectory as NSString).appendingPathComponent("index.html"))")
        if outcome.interrupted { throw ExitCode(130) }
        if !outcome.passedGates { throw ExitCode(100) }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

public import AssayCore
public import Foundation
public import Logging
public import AssayReporting

/// Everything `assay run` was asked to do.
public struct RunConfiguration: Sendable {
    /// Suite files or folders.
    public var suitePaths: [String] = ["Suites"]
    public var catalogPath: String = "Suites/models.yaml"
    /// Where this run's reports go; nil means `<reportsRoot>/<run-id>`.
    public var outDir: String?
    public var reportsRoot: String = "Reports"
    /// The store: a SQLite file or a `postgres://` URL; nil means `<reportsRoot>/assay.sqlite`.
    public var databasePath: String?
    /// Most model and judge calls in flight at once.
    public var concurrency: Int = 32
    public var seed: UInt64 = 42
    /// Minimum pass rate every suite × model must reach, in [0, 1].
    public var failUnder: Double?
    /// Use the simulated fleet even when real models have credentials.
    public var forceSimulate: Bool = false
    /// Multiplies the simulated fleet's delays (1 = the profiles' latencies, 0 = no delay).
    public var simulatorTimeScale: Double = 1
    /// Environment variables, for credentials (read once, never stored).
    public var environment: [String: String] = [:]
    /// A fixed run id (for tests); nil makes one from the time.
    public var runID: String?
    /// Samples per case and model; more than one exposes flaky cases.
    public var repeats: Int = 1
    /// A stored run (id, `latest` or `previous`) to compare with; significant regressions fail the run.
    public var baseline: String?
    /// The smallest pass-rate drop (absolute) that the baseline gate treats as a regression.
    public var minEffect: Double = 0.05
    public var routing = RoutingOptions()
    /// A LiteLLM-format price file (model_prices_and_context_window.json) that overrides the bundled table.
    public var pricesPath: String?
    /// A judge whose weighted kappa against its calibration set is below this is not trusted for routing.
    public var kappaFloor: Double = 0.4
    /// A stored run to complete: only its missing samples are called.
    public var resumeRunID: String?
    /// This process's part of the plan, when several workers share it.
    public var shard: Shard?
    /// Serve repeated requests from the store's response cache; nil means on for real providers and off
    /// for the simulated fleet (whose answers cost nothing and whose latency is the point of running it).
    public var cache: Bool?
    /// USD: no call is started once the projected spend would pass it.
    public var maxCost: Double?
    /// Call cases in seeded rounds and stop calling a model in a category once its routing decision is
    /// settled (`AdaptiveSchedule`); nil runs the full grid.
    public var adaptiveRoundSize: Int?
    /// Set by Ctrl-C (or anything else) to stop scheduling while calls in flight finish.
    public var stopSignal = RunStopSignal()
    /// After Ctrl-C, how long the calls in flight may go on before they are cancelled.
    public var stopGrace: Duration = .seconds(5)
    /// Where the run reads time for its progress figures and the grace period (tests pass their own).
    public var clock: any Clock<Duration> = ContinuousClock()
    public var logger = Logger(label: "assay")

    public init() {}

    /// The store to use: `databasePath`, or `<reportsRoot>/assay.sqlite`.
    public var storeLocation: String {
        databasePath ?? (reportsRoot as NSString).appendingPathComponent("assay.sqlite")
    }

    /// Where a run's reports go: `outDir`, or `<reportsRoot>/<run-id>`.
    public func reportDirectory(runID: String) -> String {
        outDir ?? (reportsRoot as NSString).appendingPathComponent(runID)
    }
}

public import AssayCore
import AssayReporting
public import Logging

/// What the stages of one run share once it has begun: the configuration, the suites with their
/// rendered cases, the models, the store, the run's identity and its plan.
struct RunContext: Sendable {
    let configuration: RunConfiguration
    let events: RunEvents
    let logger: Logger
    let suites: [Suite]
    let selection: ModelSelection
    /// The models run (pointed at the simulated fleet when it serves them) and the judge.
    let models: [ModelSpec]
    let judge: ModelSpec?
    let runID: String
    let outDir: String
    let store: any ResultStore
    let manifest: RunManifest
    let plan: RunPlan
    /// This process's shard (1/1 without `--shard`).
    let mark: ShardMark
    /// A baseline to compare with, resolved before the run began.
    let baselineID: String?
    /// Samples of the run already stored when this process began (a resume, other shards).
    let storedAtStart: Int

    var stop: RunStopSignal { configuration.stopSignal }
    var schedule: AdaptiveSchedule? { plan.schedule }
    var isShard: Bool { configuration.shard != nil }

    /// Per suite, its cases with their prompts rendered once.
    var cases: [[PreparedCase]] { plan.cases }

    /// Suite name → case id → rendered prompt.
    func prompts(of suite: Suite) -> [String: String] {
        guard let index = suites.firstIndex(where: { $0.name == suite.name }) else { return [:] }
        return Dictionary(cases[index].map { (suite.cases[$0.testCase].id, $0.user) }, uniquingKeysWith: { a, _ in a })
    }
}

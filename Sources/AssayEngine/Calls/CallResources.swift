import AssayCore
import AssayGrading
import AssayProviders
import AssaySandbox
import AsyncHTTPClient

/// What the calling stages use: a client per model (behind the run's gates, and the response cache when
/// it is on), the spend meter, the judges and the grader.
struct CallResources: Sendable {
    let clients: [String: any ModelClient]
    let judges: [String: any JudgeClient]
    let grader: AnswerGrader
    let meter: SpendMeter
    let executor: SampleExecutor
    let useCache: Bool

    /// - Parameters:
    ///   - http: the run's HTTP client, alive for as long as these resources are used.
    ///   - sandbox: runs model-written code; nil when no suite needs it.
    static func make(
        models: [ModelSpec], judge: ModelSpec?, selection: ModelSelection, configuration: RunConfiguration, runID: String,
        store: any ResultStore, http: HTTPClient, sandbox: PythonSandbox?
    ) throws -> CallResources {
        let logger = configuration.logger.with(runID: runID)
        let everyModel = models + (judge.map { [$0] } ?? [])
        let gate = CallGate(models: everyModel, global: configuration.concurrency)
        let useCache = configuration.cache ?? !selection.simulated
        var clients = try ProviderClients.make(models: everyModel, keys: selection.keys, http: http, gate: gate, logger: logger)
        if useCache {
            for model in everyModel {
                guard let client = clients[model.id], let format = ProviderClients.format(for: model) else { continue }
                clients[model.id] = ResponseCachingClient(inner: client, format: format, store: store)
            }
        }
        // The meter counts what is paid: model calls as their samples settle, judge calls as they return.
        let meter = SpendMeter(
            limit: configuration.maxCost, judgePrice: judge?.price, judgeReplyTokens: judge.map(ModelJudgeClient.replyLimit) ?? 400)
        var judges: [String: any JudgeClient] = [:]
        if let judge, let client = clients[judge.id] {
            judges[judge.id] = ModelJudgeClient(spec: judge, client: client, meter: meter)
        }
        let grader = AnswerGrader(codeRunner: sandbox, judges: judges, defaultJudge: judge?.id)
        let executor = SampleExecutor(runID: runID, clients: clients, grader: grader, seed: configuration.seed, logger: logger)
        return CallResources(clients: clients, judges: judges, grader: grader, meter: meter, executor: executor, useCache: useCache)
    }
}

import AssayCore
import AssayReporting
import AssayStore
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOPosix

/// `assay run`: the run as a sequence of typed stages over one `RunContext`, as openapi-generator's
/// pipeline is: prepare (load, select, choose the run's id) → begin (record the run, plan it) → call →
/// judge pairs → calibrate → finalize → publish. Stopping is graceful (see `CallStage`): the stages after
/// the calls always run, so a stopped run ends recorded and reported as incomplete.
public struct AssayRunner: Sendable {
    public let configuration: RunConfiguration
    /// Where the run's events go (the CLI renders them).
    public let events: RunEvents

    public static let version = AssayVersion.current

    public init(configuration: RunConfiguration, events: RunEvents = .ignored) {
        self.configuration = configuration
        self.events = events
    }

    /// Runs the suites.
    /// - Throws: `LoadError` for an invalid suite, dataset or catalog (before any call is made);
    ///   `EngineError` (see its kinds), a `StoreError` or a system error when the run cannot be carried out.
    public func run() async throws -> RunOutcome {
        let config = configuration
        let events = self.events
        let prepare = PrepareStage(configuration: config, events: events)
        let prepared = try prepare.run()
        return try await ResultStores.using(config.storeLocation) { store in
            if let resume = config.resumeRunID, try await store.run(id: resume) == nil {
                throw EngineError(.runNotFound, "no stored run '\(resume)' to resume in \(ResultStores.describe(config.storeLocation))")
            }
            try FileManager.default.createDirectory(atPath: prepared.outDir, withIntermediateDirectories: true)
            // Resolved before the run starts, so that `latest` means the newest run before this one. A shard
            // writes no reports, so it compares with nothing: the merge does.
            var baselineID: String?
            if let baseline = config.baseline, config.shard == nil {
                baselineID = try await RunReference.baseline(baseline, store: store, excluding: prepared.runID, events: events)
            }
            let sandbox = try prepare.sandbox(for: prepared.suites)
            let begin = BeginStage(configuration: config, events: events)
            let resolvedBaseline = baselineID
            // The reports are written after the simulated fleet and the HTTP client are shut down: what they
            // hold (connections, the simulator's answer key) is not kept through the run's largest phase.
            let called = try await SimulatedFleetScope.with(
                prepared.selection, cases: prepared.cases, suites: prepared.suites, configuration: config, events: events
            ) { models, judge in
                let context = try await begin.run(prepared: prepared, models: models, judge: judge, store: store, baselineID: resolvedBaseline)
                // Every connection on one event-loop thread: streamed chunks of many calls are read in one wake-up
                // of that thread, rather than waking two threads for every few chunks (a context switch each).
                return try await MultiThreadedEventLoopGroup.withEventLoopGroup(numberOfThreads: 1) { loop in
                    try await HTTPClient.withHTTPClient(eventLoopGroup: loop, configuration: AssayRunner.httpConfiguration(config)) { http in
                        let resources = try CallResources.make(
                            models: models, judge: judge, selection: prepared.selection, configuration: config, runID: context.runID,
                            store: store, http: http, sandbox: sandbox)
                        return try await AssayRunner.call(context, resources: resources)
                    }
                }
            }
            return try await AssayRunner.publish(called)
        }
    }

    /// A run whose calls, judging and calibration are over and whose completeness is recorded.
    struct CalledRun: Sendable {
        let context: RunContext
        let replay: AdaptiveReplay?
        let completion: FinalizeStage.Completion
    }

    /// The stages from the calls to finalizing.
    static func call(_ context: RunContext, resources: CallResources) async throws -> CalledRun {
        let replay = try await CallStage(context: context, resources: resources).run()
        let pairwise = PairwiseJudgingStage(context: context, resources: resources)
        let calibration = CalibrationStage(context: context, resources: resources)
        // Judging after the samples passes the budget too: projected as a whole before it starts.
        if !context.stop.isStopped, let limit = context.configuration.maxCost {
            let judgments = pairwise.judgments(calibrates: context.mark.index == 1 && context.schedule == nil)
            if !(await resources.meter.reserveJudgments(judgments, suites: context.suites)) {
                context.stop.stop(.budget, because: "budget: judging pairs and calibrating the judges (\(judgments) judge calls) would take the projected spend past --max-cost \(ReportFormat.usd(limit))")
            }
        }
        try await pairwise.run()
        try await calibration.run()

        let note = context.stop.reason
        let completion = try await FinalizeStage(runID: context.runID, store: context.store, plan: context.plan, replay: replay)
            .run(stopNote: note, finishing: context.mark, storedNote: nil, explain: false)
        let spent = await resources.meter.spent
        context.logger.info("run finished", metadata: [
            "complete": "\(completion.complete)", "missing": "\(completion.notRun.count)", "spent": "\(spent)",
        ])
        if let note {
            context.events(.stopped(
                reason: note, stored: completion.stored, planned: context.plan.all.count, adaptive: context.schedule != nil,
                runID: context.runID))
        }
        return CalledRun(context: context, replay: replay, completion: completion)
    }

    /// The last stage: the reports (none for a shard).
    static func publish(_ called: CalledRun) async throws -> RunOutcome {
        let context = called.context
        let completion = called.completion
        let note = context.stop.reason
        // A shard never writes reports, even when stopped: other shards may still be storing samples.
        if let shard = context.configuration.shard {
            if note == nil {
                context.events(.shardFinished(RunEvent.ShardFinish(
                    shard: shard.description, samples: context.plan.shardPart.count, runID: context.runID,
                    complete: completion.complete, othersMissing: completion.notRun.count,
                    unfinishedShards: completion.unfinishedShards.map(\.description))))
            }
            return RunOutcome(runID: context.runID, reportDirectory: context.outDir, summary: nil, interrupted: note != nil)
        }
        let config = context.configuration
        let stopwatch = Stopwatch(config.clock)
        let summary = try await PublishStage(
            runID: context.runID, store: context.store, skipped: context.selection.skipped, configuration: config, baselineID: context.baselineID, outDir: context.outDir,
            reportsRoot: config.outDir == nil ? config.reportsRoot : nil, completion: completion, plan: context.plan, replay: called.replay
        ).run()
        context.events(.reportsWritten(seconds: stopwatch.elapsed.milliseconds / 1000))
        return RunOutcome(runID: context.runID, reportDirectory: context.outDir, summary: summary, interrupted: context.stop.isStopped)
    }

    static func httpConfiguration(_ config: RunConfiguration) -> HTTPClient.Configuration {
        HTTPClient.Configuration(
            timeout: .init(connect: .seconds(10), read: .seconds(120)),
            connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: max(64, config.concurrency * 2)))
    }
}

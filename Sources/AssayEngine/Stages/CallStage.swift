import AssayCore
import AssayGrading
import AssayReporting
import Foundation
import Logging

/// Calls the planned samples, grades and stores each as it completes: the whole plan, or an adaptive
/// run's rounds. Stopping is graceful: Ctrl-C and the budget stop scheduling; on Ctrl-C the calls still
/// in flight after the grace period are cancelled, and only they. The stages after this one run as usual.
struct CallStage: Sendable {
    let context: RunContext
    let resources: CallResources

    /// - Returns: for an adaptive run, its decisions' replay (the finalizer counts what is missing with it).
    /// - Throws: a store error (a sample that could not be stored stops the run).
    func run() async throws -> AdaptiveReplay? {
        let config = context.configuration
        let plan = context.plan
        announce()
        let progress = ProgressCounter(total: plan.pending.count, events: context.events, clock: config.clock)
        let log = try SampleLog(
            store: context.store, jsonlPath: (context.outDir as NSString).appendingPathComponent("samples.jsonl"),
            firstSequence: context.storedAtStart)
        defer { context.events(.callsFinished) }
        var replay: AdaptiveReplay?
        if let schedule = context.schedule {
            let untrusted = try await CalibrationStage(context: context, resources: resources).calibrateBeforeRounds()
            let rounds = AdaptiveReplay(
                schedule: schedule, models: context.models, options: config.routing, seed: config.seed, repeats: config.repeats,
                excludedMetrics: untrusted)
            replay = rounds
            try await callInRounds(replay: rounds, progress: progress, log: log)
        } else {
            try await call(plan.pending, progress: progress, log: log)
        }
        await log.close()
        return replay
    }

    /// The run's header and the warnings about what the budget cannot see.
    func announce() {
        let config = context.configuration
        let plan = context.plan
        let shardCategories = context.isShard && context.schedule != nil ? plan.ownedCategories.sorted() : nil
        context.events(.started(RunEvent.RunStart(
            runID: context.runID, planned: plan.all.count, suites: context.suites.count, models: context.models.count,
            repeats: config.repeats, concurrency: config.concurrency, roundSize: context.schedule?.roundSize,
            shard: config.shard?.description, shardSamples: config.shard == nil || shardCategories != nil ? nil : plan.shardPart.count,
            shardCategories: shardCategories, alreadyStored: plan.shardPart.count - plan.pending.count,
            toRun: context.schedule == nil ? plan.pending.count : nil, cache: resources.useCache, budget: config.maxCost)))
        context.logger.info("run started", metadata: [
            "planned": "\(plan.all.count)", "pending": "\(plan.pending.count)", "shard": "\(config.shard?.description ?? "all")",
            "cache": "\(resources.useCache)", "simulated": "\(context.selection.simulated)", "adaptive": "\(context.schedule != nil)",
        ])
        if config.maxCost != nil {
            let unpriced = (context.models + (context.judge.map { [$0] } ?? [])).filter { $0.price == nil }.map(\.id)
            if !unpriced.isEmpty { context.events(.warning("--max-cost cannot bound models without a price: \(unpriced.joined(separator: ", "))")) }
        }
    }

    /// Calls the planned samples with a bounded fan-out (seed `concurrency` jobs, add one as each
    /// finishes), stopping the scheduling when asked to; after Ctrl-C's grace period the calls still in
    /// flight are cancelled. A sample that cannot be stored stops the fan-out and is thrown.
    func call(_ pending: [RunPlan.Entry], progress: ProgressCounter, log: SampleLog) async throws {
        let config = context.configuration
        let stop = context.stop
        let plan = context.plan
        let meter = resources.meter
        let executor = resources.executor
        let logger = context.logger
        let failure = FirstError()
        await withTaskGroup(of: Void.self) { scope in
            scope.addTask {
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
                            let sample = await executor.execute(job)
                            let spent = await meter.settle(reservation, sample: sample)
                            guard let sample else { return }
                            do {
                                try await log.append(sample)
                                await progress.done(sample, spent: spent)
                            } catch {
                                await failure.set(error)
                            }
                        }
                    }
                    for _ in 0..<min(config.concurrency, pending.count) { await addJob() }
                    while await group.next() != nil {
                        if await failure.error != nil {
                            group.cancelAll()
                            continue
                        }
                        await addJob()
                    }
                }
            }
            // Ctrl-C: no new calls at once (the fan-out checks), and after the grace period the ones in
            // flight are cancelled with the fan-out. Cancelled when the calls end first.
            scope.addTask {
                await stop.interrupted()
                guard !Task.isCancelled else { return }
                try? await config.clock.sleep(for: config.stopGrace)
            }
            await scope.next()
            scope.cancelAll()
        }
        if let error = await failure.error { throw error }
    }
}

/// Remembers the first error of concurrent jobs.
actor FirstError {
    private(set) var error: (any Error)?
    func set(_ e: any Error) { if error == nil { error = e } }
}

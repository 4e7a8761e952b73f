import AssayCore
import AssayReporting

extension AssayRunner {
    /// An adaptive run's calls: round after round, each category's next cases for the models it still
    /// calls, then the decisions again from everything stored. A round whose samples are already stored
    /// (a resumed run) costs nothing but its decision.
    func callInRounds(
        schedule: AdaptiveSchedule, replay: AdaptiveReplay, plan: RunPlan, runID: String, store: any ResultStore,
        stop: RunStopSignal, progress: ProgressReporter, failure: FirstError, call: ([RunPlan.Entry]) async -> Void
    ) async throws {
        let owned = plan.ownedCategories
        let modelIndex = Dictionary(uniqueKeysWithValues: plan.models.enumerated().map { ($1.id, $0) })
        var settled: [String: [String: Int]] = [:]
        let roundOfCase = replay.roundsByCase()
        for round in 0..<schedule.rounds {
            let failed = await failure.error != nil
            if stop.isStopped || Task.isCancelled || failed { return }
            var entries: [RunPlan.Entry] = []
            var active: [String] = []
            for category in schedule.categories where owned.contains(category) {
                let slots = schedule.slots(of: category, round: round)
                guard !slots.isEmpty else { continue }
                let stopped = settled[category] ?? [:]
                let calling = plan.models.filter { stopped[$0.id] == nil }
                guard !calling.isEmpty else { continue }
                active.append("\(category) \(calling.count) model\(calling.count == 1 ? "" : "s") × \(slots.count) cases")
                for slot in slots {
                    for repeatIndex in 0..<max(1, replay.repeats) {
                        for model in calling {
                            guard let m = modelIndex[model.id] else { continue }
                            entries.append(RunPlan.Entry(
                                suite: Int32(slot.suite), testCase: Int32(slot.testCase), model: Int32(m), repeatIndex: Int32(repeatIndex)))
                        }
                    }
                }
            }
            guard !entries.isEmpty else { break }
            let stored = try await store.sampleKeys(runID: runID)
            let pending = entries.filter { !stored.contains(plan.key($0)) }
            say("Round \(round + 1) of up to \(schedule.rounds): " + active.joined(separator: "; ")
                + (pending.count < entries.count ? " (\(entries.count - pending.count) already stored)" : ""))
            await progress.expect(remaining: upperBound(after: round, schedule: schedule, settled: settled, owned: owned, plan: plan, replay: replay) + pending.count)
            await call(pending)
            let failedNow = await failure.error != nil
            if stop.isStopped || Task.isCancelled || failedNow { return }
            let table = try await replay.table(from: .store(store, runID: runID))
            let before = settled
            replay.advance(&settled, table: table, round: round, roundOfCase: roundOfCase)
            for category in schedule.categories where owned.contains(category) {
                let newly = (settled[category] ?? [:]).keys.filter { before[category]?[$0] == nil }.sorted()
                guard !newly.isEmpty, round + 1 < schedule.rounds(of: category) else { continue }
                let remaining = plan.models.count - (settled[category]?.count ?? 0)
                say("  \(category): stops calling \(newly.joined(separator: ", "))"
                    + (remaining == 0 ? " (every decision is settled)" : "; \(remaining) still called"))
            }
        }
    }

    /// The samples later rounds may still call, at most: every later case for the models still called.
    func upperBound(
        after round: Int, schedule: AdaptiveSchedule, settled: [String: [String: Int]], owned: Set<String>, plan: RunPlan,
        replay: AdaptiveReplay
    ) -> Int {
        var count = 0
        for category in schedule.categories where owned.contains(category) {
            let calling = plan.models.count - (settled[category]?.count ?? 0)
            for later in (round + 1)..<max(round + 1, schedule.rounds(of: category)) {
                count += schedule.slots(of: category, round: later).count * calling * max(1, replay.repeats)
            }
        }
        return count
    }
}

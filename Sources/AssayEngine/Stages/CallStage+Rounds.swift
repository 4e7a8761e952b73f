import AssayCore
import AssayReporting

extension CallStage {
    /// An adaptive run's calls: round after round, each category's next cases for the models it still
    /// calls, then the decisions again from everything stored. A round whose samples are already stored
    /// (a resumed run) costs nothing but its decision.
    func callInRounds(replay: AdaptiveReplay, progress: ProgressCounter, log: SampleLog) async throws {
        guard let schedule = context.schedule else { return }
        let plan = context.plan
        let store = context.store
        let owned = plan.ownedCategories
        let modelIndex = Dictionary(uniqueKeysWithValues: plan.models.enumerated().map { ($1.id, $0) })
        let roundOfCase = replay.roundsByCase()
        var settled: [String: [String: Int]] = [:]
        for round in 0..<schedule.rounds {
            if context.stop.isStopped { return }
            var entries: [RunPlan.Entry] = []
            var calls: [RunEvent.CategoryCalls] = []
            for category in schedule.categories where owned.contains(category) {
                let slots = schedule.slots(of: category, round: round)
                guard !slots.isEmpty else { continue }
                let stopped = settled[category] ?? [:]
                let calling = plan.models.filter { stopped[$0.id] == nil }
                guard !calling.isEmpty else { continue }
                calls.append(RunEvent.CategoryCalls(category: category, models: calling.count, cases: slots.count))
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
            let stored = try await plan.stored(in: store, runID: context.runID)
            let pending = entries.filter { !stored.contains($0) }
            context.events(.round(number: round + 1, of: schedule.rounds, calls: calls, alreadyStored: entries.count - pending.count))
            await progress.expect(remaining: upperBound(after: round, schedule: schedule, settled: settled, owned: owned, repeats: replay.repeats) + pending.count)
            try await call(pending, progress: progress, log: log)
            if context.stop.isStopped { return }
            let table = try await replay.table(from: .store(store, runID: context.runID, text: false))
            let before = settled
            replay.advance(&settled, table: table, round: round, roundOfCase: roundOfCase)
            for category in schedule.categories where owned.contains(category) {
                let newly = (settled[category] ?? [:]).keys.filter { before[category]?[$0] == nil }.sorted()
                guard !newly.isEmpty, round + 1 < schedule.rounds(of: category) else { continue }
                context.events(.modelsStopped(category: category, models: newly, stillCalled: plan.models.count - (settled[category]?.count ?? 0)))
            }
        }
    }

    /// The samples later rounds may still call, at most: every later case for the models still called.
    func upperBound(after round: Int, schedule: AdaptiveSchedule, settled: [String: [String: Int]], owned: Set<String>, repeats: Int) -> Int {
        var count = 0
        for category in schedule.categories where owned.contains(category) {
            let calling = context.plan.models.count - (settled[category]?.count ?? 0)
            for later in (round + 1)..<max(round + 1, schedule.rounds(of: category)) {
                count += schedule.slots(of: category, round: later).count * calling * max(1, repeats)
            }
        }
        return count
    }
}

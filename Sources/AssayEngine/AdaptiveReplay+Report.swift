import AssayCore
import AssayReporting

extension AdaptiveReplay {
    /// What the run called and saved, from its stored samples.
    func report(samples: [Sample], fullGrid: Int) -> AdaptiveReport {
        let settled = self.settled(samples: samples, rounds: schedule.rounds)
        var stops: [AdaptiveReport.Stop] = []
        var savedCost: Double? = 0
        let repeatsPerCase = max(1, repeats)
        for category in schedule.categories {
            let inCategory = Set(schedule.order[category]?.map(schedule.key) ?? [])
            let categorySamples = samples.filter { inCategory.contains("\($0.suite)/\($0.caseID)") }
            for model in models {
                let own = categorySamples.filter { $0.model == model.id }
                let casesRun = Set(own.map { "\($0.suite)/\($0.caseID)" }).count
                let skipped = (inCategory.count - casesRun) * repeatsPerCase
                if let round = settled[category]?[model.id], casesRun < inCategory.count {
                    stops.append(AdaptiveReport.Stop(
                        category: category, model: model.id, afterRound: round + 1, casesRun: casesRun, casesInCategory: inCategory.count))
                }
                guard skipped > 0 else { continue }
                let costs = own.map { s in s.cost.map { $0 + s.judgeCost } }
                if costs.isEmpty || costs.contains(where: { $0 == nil }) {
                    savedCost = nil
                } else if let saved = savedCost {
                    savedCost = saved + Double(skipped) * costs.compactMap { $0 }.reduce(0, +) / Double(costs.count)
                }
            }
        }
        return AdaptiveReport(
            roundSize: schedule.roundSize, rounds: schedule.rounds, calls: samples.count, fullGrid: fullGrid, savedCost: savedCost,
            fullCategories: schedule.categories.filter { schedule.fullCategories.contains($0) }, stops: stops)
    }
}

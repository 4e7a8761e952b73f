import AssayCore
import AssayReporting

extension AdaptiveReplay {
    /// What the run called and saved, from its outcome table.
    func report(table: OutcomeTable, fullGrid: Int) -> AdaptiveReport {
        let settled = self.settled(table: table, rounds: schedule.rounds)
        var stops: [AdaptiveReport.Stop] = []
        var savedCost: Double? = 0
        let repeatsPerCase = max(1, repeats)
        for category in schedule.categories {
            let casesInCategory = schedule.order[category]?.count ?? 0
            let suites = schedule.suites.filter { $0.category == category }.map(\.name)
            for model in models {
                let cells = suites.compactMap { table.cell(suite: $0, model: model.id) }
                let casesRun = cells.map(\.caseCount).reduce(0, +)
                let samples = cells.map(\.samples).reduce(0, +)
                let skipped = (casesInCategory - casesRun) * repeatsPerCase
                if let round = settled[category]?[model.id], casesRun < casesInCategory {
                    stops.append(AdaptiveReport.Stop(
                        category: category, model: model.id, afterRound: round + 1, casesRun: casesRun, casesInCategory: casesInCategory))
                }
                guard skipped > 0 else { continue }
                // What a sample of this model cost here (its answer and its judging), times those not called.
                let spent = cells.reduce(Optional(0.0)) { total, cell in OutcomeTable.sum(total, cell.cost.map { $0 + cell.judgeCost }) }
                if samples == 0 || spent == nil {
                    savedCost = nil
                } else if let saved = savedCost, let spent {
                    savedCost = saved + Double(skipped) * spent / Double(samples)
                }
            }
        }
        return AdaptiveReport(
            roundSize: schedule.roundSize, rounds: schedule.rounds, calls: table.sampleCount, fullGrid: fullGrid, savedCost: savedCost,
            fullCategories: schedule.categories.filter { schedule.fullCategories.contains($0) }, stops: stops)
    }
}

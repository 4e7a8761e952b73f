import AssayCore
import AssayReporting

/// An adaptive run's stopping decisions, replayed from its stored samples round by round. The run, a
/// resumed run and `assay merge` all derive them the same way, so a sample that was not called because
/// its model had stopped is told apart from one that is missing.
struct AdaptiveReplay: Sendable {
    let schedule: AdaptiveSchedule
    let models: [ModelSpec]
    /// The routing options the run decided with (stored with the run: a merge must not change them).
    let options: RoutingOptions
    let seed: UInt64
    let repeats: Int
    /// Per suite, judge metrics left out (their judge failed its calibration).
    let excludedMetrics: [String: Set<String>]

    /// Per category, the models that stopped being called and the round after which they did, given the
    /// samples of the first `rounds` rounds.
    func settled(samples: [Sample], rounds: Int) -> [String: [String: Int]] {
        var settled: [String: [String: Int]] = [:]
        let roundOfCase = roundsByCase()
        let ids = models.map(\.id)
        for round in 0..<min(rounds, schedule.rounds) {
            let upTo = samples.filter { (roundOfCase["\($0.suite)/\($0.caseID)"] ?? 0) <= round }
            var sequences: [String: [String]] = [:]
            for category in schedule.categories where !schedule.fullCategories.contains(category) {
                sequences[category] = schedule.sequence(of: category, rounds: round + 1)
            }
            let routes = CategoryRouter.routes(
                suites: schedule.suites, models: ids, samples: upTo, options: options, seed: seed, excludedMetrics: excludedMetrics,
                sequences: sequences, validate: false, reportBounds: false)
            for route in routes {
                // A category whose cases have all been dealt out has nothing left to stop.
                guard round + 1 < schedule.rounds(of: route.category) else { continue }
                for model in RoutingPolicy.settled(route) where settled[route.category]?[model] == nil {
                    settled[route.category, default: [:]][model] = round
                }
            }
        }
        return settled
    }

    /// The planned samples of one round: every case of the round for each model not yet settled in
    /// its category, every repeat.
    func keys(round: Int, settled: [String: [String: Int]], categories: Set<String>? = nil) -> [PlannedKey] {
        var keys: [PlannedKey] = []
        for category in schedule.categories where categories?.contains(category) ?? true {
            let stopped = settled[category] ?? [:]
            for slot in schedule.slots(of: category, round: round) {
                let suite = schedule.suites[slot.suite]
                let caseID = suite.cases[slot.testCase].id
                for repeatIndex in 0..<max(1, repeats) {
                    for model in models where stopped[model.id] == nil {
                        keys.append(PlannedKey(suite: suite.name, caseID: caseID, model: model.id, repeatIndex: repeatIndex))
                    }
                }
            }
        }
        return keys
    }

    /// How many samples the schedule needs that are not stored: replayed round by round until a round
    /// lacks some (its decisions, and so the later rounds, are not known yet).
    func missing(samples: [Sample], stored: Set<PlannedKey>) -> Int {
        missingKeys(samples: samples, stored: stored).count
    }

    /// The samples `missing` counts.
    func missingKeys(samples: [Sample], stored: Set<PlannedKey>) -> [PlannedKey] {
        var settled: [String: [String: Int]] = [:]
        for round in 0..<schedule.rounds {
            let lacking = keys(round: round, settled: settled).filter { !stored.contains($0) }
            if !lacking.isEmpty { return lacking }
            settled = self.settled(samples: samples, rounds: round + 1)
        }
        return []
    }

    /// "suite/case" → its round.
    func roundsByCase() -> [String: Int] {
        var rounds: [String: Int] = [:]
        for category in schedule.categories {
            for round in 0..<schedule.rounds(of: category) {
                for slot in schedule.slots(of: category, round: round) { rounds[schedule.key(slot)] = round }
            }
        }
        return rounds
    }
}

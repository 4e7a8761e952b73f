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
    /// outcomes of the first `rounds` rounds (a table built with `excludedMetrics`).
    func settled(table: OutcomeTable, rounds: Int) -> [String: [String: Int]] {
        var settled: [String: [String: Int]] = [:]
        let roundOfCase = roundsByCase()
        for round in 0..<min(rounds, schedule.rounds) {
            advance(&settled, table: table, round: round, roundOfCase: roundOfCase)
        }
        return settled
    }

    /// The stops decided after `round`, from the outcomes of the rounds up to it. Only the categories
    /// that still have rounds to come and models still called are decided again.
    func advance(_ settled: inout [String: [String: Int]], table: OutcomeTable, round: Int, roundOfCase: [String: Int]) {
        let open = schedule.categories.filter { category in
            round + 1 < schedule.rounds(of: category) && (settled[category]?.count ?? 0) < models.count
        }
        guard !open.isEmpty else { return }
        var sequences: [String: [String]] = [:]
        for category in open where !schedule.fullCategories.contains(category) {
            sequences[category] = schedule.sequence(of: category, rounds: round + 1)
        }
        let routes = CategoryRouter.routes(
            suites: schedule.suites.filter { open.contains($0.category) }, models: models.map(\.id), table: table, options: options,
            seed: seed, sequences: sequences, includeCase: { suite, caseID in (roundOfCase["\(suite)/\(caseID)"] ?? 0) <= round },
            validate: false, reportBounds: false)
        for route in routes {
            for model in RoutingPolicy.settled(route) where settled[route.category]?[model] == nil {
                settled[route.category, default: [:]][model] = round
            }
        }
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
    func missing(table: OutcomeTable, stored: StoredSamples) -> Int {
        missingKeys(table: table, stored: stored).count
    }

    /// The samples `missing` counts.
    func missingKeys(table: OutcomeTable, stored: StoredSamples) -> [PlannedKey] {
        var settled: [String: [String: Int]] = [:]
        let roundOfCase = roundsByCase()
        for round in 0..<schedule.rounds {
            let lacking = keys(round: round, settled: settled).filter { !stored.contains($0) }
            if !lacking.isEmpty { return lacking }
            advance(&settled, table: table, round: round, roundOfCase: roundOfCase)
        }
        return []
    }

    /// The outcome table the decisions are replayed from: the stored samples, with the same untrusted
    /// judge metrics left out.
    func table(from source: SampleSource) async throws -> OutcomeTable {
        try await OutcomeTable.build(suites: schedule.suites, excludedMetrics: excludedMetrics, from: source)
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

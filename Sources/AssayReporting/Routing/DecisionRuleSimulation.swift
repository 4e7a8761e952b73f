import Foundation
import AssayStatistics

/// Checks the routing rule by simulation (measurement guidance §5.8): outcomes are drawn with known true
/// quality gaps, the rule is run many times, and the table shows how often it gives traffic to a model
/// whose true loss reaches the margin (must be at most α) and how often it finds a truly good-enough one.
///
/// Each case draws the best model's pass/fail with its pass rate; a candidate with true loss g then fails
/// where the best passed with probability `(e + g)/q` and passes where the best failed with probability
/// `e/(1 − q)`, so that the two disagree each way at rates `e + g` and `e` and the loss is exactly g.
public enum DecisionRuleSimulation {
    /// One model of a scenario: its true loss against the best model, and its cost per task.
    public struct Model: Sendable, Hashable {
        public var name: String
        public var trueLoss: Double
        public var cost: Double

        public init(name: String, trueLoss: Double, cost: Double) {
            self.name = name
            self.trueLoss = trueLoss
            self.cost = cost
        }
    }

    public struct Scenario: Sendable, Hashable {
        public var label: String
        /// The best model first (true loss 0); every model's cost varies ±20% per case.
        public var models: [Model]
        public var cases: Int
        /// Cases per round of an adaptive run; nil for a fixed-n run.
        public var roundSize: Int?
        public var options: RoutingOptions
        public var bestPassRate = 0.9
        /// How often a candidate and the best disagree in the candidate's favour (and, in the other
        /// direction, this plus the true loss).
        public var discordance = 0.03

        public init(label: String, models: [Model], cases: Int, roundSize: Int? = nil, options: RoutingOptions) {
            self.label = label
            self.models = models
            self.cases = cases
            self.roundSize = roundSize
            self.options = options
        }

        /// A model that must not take traffic: its true loss reaches the margin, or (value mode) its true
        /// net value gain over the best is not above 0.
        public func mustNotBeAdmitted(_ model: Model) -> Bool {
            guard model.name != models.first?.name else { return false }
            switch options.mode {
            case .nonInferiority(let margin): return model.trueLoss >= margin - 1e-12
            case .value(let perSuccess): return (models.first?.cost ?? 0) - model.cost - perSuccess * model.trueLoss <= 1e-12
            }
        }
    }

    public struct Row: Sendable, Hashable {
        public var scenario: Scenario
        public var trials: Int
        /// Per model (best first): the share of trials in which it took traffic beyond the floor.
        public var admitted: [Double]
        /// The share of trials in which any model that must not take traffic did.
        public var familyError: Double
        /// The share of trials whose primary (the model with the most traffic) is worse than the best by
        /// the margin or more: the reference, when it is, keeps the traffic until something is shown.
        public var primaryWorse: Double
        /// Mean model calls per trial, and the calls of the full grid.
        public var meanCalls: Double
        public var fullCalls: Int
    }

    /// Runs a scenario `trials` times.
    public static func run(_ scenario: Scenario, trials: Int, seed: UInt64) -> Row {
        var admittedCounts = [Int](repeating: 0, count: scenario.models.count)
        var errors = 0
        var primaryWorse = 0
        var calls = 0
        for trial in 0..<trials {
            var random = SplitMix64(seed: StableHash.of(String(seed), scenario.label, String(trial)))
            let outcomes = draw(scenario, random: &random)
            let (route, used) = decide(scenario, outcomes: outcomes, seed: StableHash.of(String(seed), String(trial)))
            calls += used
            var erred = false
            for (i, model) in scenario.models.enumerated() where i > 0 {
                guard route.candidate(model.name)?.decision == .admitted else { continue }
                admittedCounts[i] += 1
                if scenario.mustNotBeAdmitted(model) { erred = true }
            }
            if erred { errors += 1 }
            if case .nonInferiority(let margin) = scenario.options.mode,
                let primary = scenario.models.first(where: { $0.name == route.primary }), primary.trueLoss >= margin - 1e-12
            {
                primaryWorse += 1
            }
        }
        return Row(
            scenario: scenario, trials: trials, admitted: admittedCounts.map { Double($0) / Double(trials) },
            familyError: Double(errors) / Double(trials), primaryWorse: Double(primaryWorse) / Double(trials), meanCalls: Double(calls) / Double(trials),
            fullCalls: scenario.cases * scenario.models.count)
    }

    /// Every model's outcome on every case.
    static func draw(_ scenario: Scenario, random: inout SplitMix64) -> CaseOutcomeGrid {
        let q = scenario.bestPassRate
        let e = scenario.discordance
        var columns = [String: [CaseOutcomeGrid.Entry]](
            scenario.models.map { ($0.name, [CaseOutcomeGrid.Entry](repeating: .absent, count: scenario.cases)) }, uniquingKeysWith: { a, _ in a })
        for index in 0..<scenario.cases {
            let bestPassed = random.nextUnit() < q
            for (i, model) in scenario.models.enumerated() {
                let passed: Bool
                if i == 0 {
                    passed = bestPassed
                } else if bestPassed {
                    passed = random.nextUnit() >= (e + model.trueLoss) / q
                } else {
                    passed = random.nextUnit() < e / (1 - q)
                }
                let cost = model.cost * (0.8 + 0.4 * random.nextUnit())
                columns[model.name]?[index] = CaseOutcomeGrid.Entry(
                    pass: passed ? 1 : 0, score: passed ? 1 : 0, cost: cost, samples: 1, answered: 1)
            }
        }
        return CaseOutcomeGrid(caseIDs: caseIDs(scenario), clusters: [], columns: columns)
    }

    /// The scenario's case ids, in their sorted order: zero-padded to one width, so that sorting them as text
    /// keeps their numeric order (five digits up to 99,999 cases, as the scenarios have always been named).
    static func caseIDs(_ scenario: Scenario) -> [String] {
        let width = max(5, String(max(0, scenario.cases - 1)).count)
        return (0..<scenario.cases).map { String(format: "c%0\(width)d", $0) }
    }

    /// The rule's route, and the model calls it took: every case for a fixed-n run; for an adaptive one,
    /// rounds until every model is settled or the cases run out.
    static func decide(_ scenario: Scenario, outcomes: CaseOutcomeGrid, seed: UInt64) -> (CategoryRoute, Int) {
        let names = scenario.models.map(\.name)
        let ids = outcomes.caseIDs
        guard let roundSize = scenario.roundSize else {
            let route = RoutingPolicy.route(
                category: scenario.label, suites: [], models: names, outcomes: outcomes, p95LatencyMs: [:],
                options: scenario.options, seed: seed, validate: false)
            return (route, scenario.cases * names.count)
        }
        var active = Set(names)
        // Per model, the cases it was called on: the rounds before it was settled.
        var calledUpTo = [String: Int](names.map { ($0, 0) }, uniquingKeysWith: { a, _ in a })
        var seen = CaseOutcomeGrid()
        var calls = 0
        var route: CategoryRoute?
        var start = 0
        while start < ids.count, !active.isEmpty {
            let round = ids[start..<min(ids.count, start + roundSize)]
            for model in names where active.contains(model) {
                calledUpTo[model] = start + round.count
                calls += round.count
            }
            start += round.count
            seen = outcomes.masked { model, position in position < calledUpTo[model] ?? 0 }
            let decided = RoutingPolicy.route(
                category: scenario.label, suites: [], models: names, outcomes: seen, p95LatencyMs: [:],
                options: scenario.options, seed: seed, sequence: Array(ids[0..<start]), validate: false, reportBounds: false)
            active.subtract(RoutingPolicy.settled(decided))
            route = decided
        }
        return (route ?? RoutingPolicy.route(
            category: scenario.label, suites: [], models: names, outcomes: seen, p95LatencyMs: [:], options: scenario.options,
            seed: seed, sequence: [], validate: false), calls)
    }
}

extension DecisionRuleSimulation {
    /// The scenarios of the README's table: δ = 5 points, α = 0.05; the best model passes 90% of the
    /// cases and a candidate disagrees with it in its own favour on 3%.
    public static func standardScenarios() -> [Scenario] {
        var options = RoutingOptions()
        options.maxQualityLoss = 0.05
        let margin = options.maxQualityLoss
        var scenarios: [Scenario] = []
        for (cases, round) in [(150, nil), (400, nil), (400, 25)] as [(Int, Int?)] {
            for gap in [0, margin / 2, margin, 2 * margin] {
                let kind = round == nil ? "fixed n = \(cases)" : "adaptive, up to \(cases), rounds of \(round!)"
                scenarios.append(Scenario(
                    label: "\(kind); true loss \(ReportFormat.points(gap))",
                    models: [Model(name: "best", trueLoss: 0, cost: 0.01), Model(name: "cheap", trueLoss: gap, cost: 0.001)],
                    cases: cases, roundSize: round, options: options))
            }
        }
        // Three candidates all at the margin: the family's error, with α divided among them.
        for round in [nil, 25] as [Int?] {
            scenarios.append(Scenario(
                label: "\(round == nil ? "fixed n = 400" : "adaptive, up to 400, rounds of 25"); three candidates at the margin",
                models: [Model(name: "best", trueLoss: 0, cost: 0.01)]
                    + (1...3).map { Model(name: "m\($0)", trueLoss: margin, cost: 0.001 * Double($0)) },
                cases: 400, roundSize: round, options: options))
        }
        // Two equally good models at the top: which one the data call best is noise.
        scenarios.append(Scenario(
            label: "fixed n = 400; two best, one at the margin",
            models: [Model(name: "best", trueLoss: 0, cost: 0.01), Model(name: "twin", trueLoss: 0, cost: 0.008),
                     Model(name: "cheap", trueLoss: margin, cost: 0.001)],
            cases: 400, options: options))
        // The dearest model is 10 points worse than two cheaper ones: it is the reference, and keeps the
        // traffic until one of them is shown within the margin of every model.
        for cases in [60, 150, 400] {
            scenarios.append(Scenario(
                label: "fixed n = \(cases); the dearest model 10 points worse",
                models: [Model(name: "best", trueLoss: 0, cost: 0.001), Model(name: "twin", trueLoss: 0, cost: 0.003),
                         Model(name: "dear", trueLoss: 2 * margin, cost: 0.01)],
                cases: cases, options: options))
        }
        // Value mode: a correct answer is worth $0.01 and the candidate saves $0.0015 a task, so it adds
        // value while its loss is below 15 points. (Adaptive runs decide by the margin only.)
        var value = options
        value.valuePerSuccess = 0.01
        for gap in [0.05, 0.10, 0.15, 0.25] {
            scenarios.append(Scenario(
                label: "value, fixed n = 400; true loss \(ReportFormat.points(gap)) (break-even 15.0 points)",
                models: [Model(name: "best", trueLoss: 0, cost: 0.01), Model(name: "cheap", trueLoss: gap, cost: 0.0085)],
                cases: 400, options: value))
        }
        return scenarios
    }

    /// The table: per scenario, how often each candidate took traffic, the family's error and the calls.
    public static func markdown(_ rows: [Row]) -> String {
        var md = "| scenario | candidates' true loss | traffic to a candidate (share of trials) | must be ≤ 5% | primary ≥ δ worse than the best | calls (of full grid) |\n"
        md += "|---|---|---|---:|---:|---:|\n"
        for row in rows {
            let s = row.scenario
            let losses = s.models.dropFirst().map { ReportFormat.points($0.trueLoss) }.joined(separator: ", ")
            let admitted = zip(s.models, row.admitted).dropFirst().map { "\($0.name) \(ReportFormat.percent($1))" }.joined(separator: ", ")
            let mustNot = s.models.dropFirst().contains(where: s.mustNotBeAdmitted)
            let calls = String(format: "%.0f (%.0f%%)", row.meanCalls, 100 * row.meanCalls / Double(row.fullCalls))
            let primary = s.options.valuePerSuccess == nil ? ReportFormat.percent(row.primaryWorse) : "–"
            md += "| \(s.label) | \(losses) | \(admitted) | \(mustNot ? ReportFormat.percent(row.familyError) : "–") | \(primary) | \(calls) |\n"
        }
        return md
    }
}

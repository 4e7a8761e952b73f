public import AssayCore
import AssayStatistics

/// Builds the routing decision of every category in a run from its samples.
public enum CategoryRouter {
    /// - Parameters:
    ///   - suites: the run's suites; a category pools the cases of all its suites.
    ///   - table: the run's outcomes; judge metrics whose judge failed its calibration are left out of
    ///     them (`OutcomeTable.excludedMetrics`) and each answer's pass/fail is recomputed from the rest.
    ///   - sequences: for an adaptive run, per category, its cases ("suite/case") in the order they were
    ///     run: the category is decided with anytime-valid bounds over that order. A category not listed
    ///     is decided with fixed-n bounds.
    ///   - includeCase: only these cases (an adaptive run's decision after some rounds).
    ///   - validate: run the held-out check.
    ///   - reportBounds: false between an adaptive run's rounds, where only the decisions matter.
    public static func routes(
        suites: [Suite], models: [String], table: OutcomeTable, options: RoutingOptions, seed: UInt64,
        sequences: [String: [String]] = [:], includeCase: ((_ suite: String, _ caseID: String) -> Bool)? = nil,
        validate: Bool = true, reportBounds: Bool = true
    ) -> [CategoryRoute] {
        outcomes(suites: suites, models: models, table: table, includeCase: includeCase).map { entry in
            let p95 = entry.latencies.compactMapValues { Percentile.of($0, 95) }
            let goodput = entry.goodputCalls.compactMapValues { calls in calls.calls > 0 ? Double(calls.met) / Double(calls.calls) : nil }
            return RoutingPolicy.route(
                category: entry.category, suites: entry.suites, models: models, outcomes: entry.outcomes, p95LatencyMs: p95,
                goodput: goodput,
                options: options, seed: StableHash.of(String(seed), "routing"), sequence: sequences[entry.category],
                validate: validate, reportBounds: reportBounds)
        }
    }

    /// The routes of an array of samples (tests and small runs).
    public static func routes(
        suites: [Suite], models: [String], samples: [Sample], options: RoutingOptions, seed: UInt64,
        excludedMetrics: [String: Set<String>] = [:], sequences: [String: [String]] = [:], validate: Bool = true
    ) -> [CategoryRoute] {
        routes(
            suites: suites, models: models, table: .of(samples, suites: suites, excludedMetrics: excludedMetrics), options: options,
            seed: seed, sequences: sequences, validate: validate)
    }

    /// One category's per-case outcomes and latencies, per model.
    public struct CategoryOutcomes: Sendable {
        public var category: String
        public var suites: [String]
        /// Per model, per case ("suite/case").
        public var outcomes: CaseOutcomeGrid
        /// Per model, end-to-end latencies (ms) of its graded samples.
        public var latencies: [String: [Double]]
        /// Per model, its live calls and those that met the table's serving objective (over all its calls in
        /// the category's suites, whichever cases `includeCase` keeps).
        public var goodputCalls: [String: (calls: Int, met: Int)] = [:]
    }

    /// The outcomes of every category, in the order the suites name them, with the judge metrics the
    /// table leaves out of routing left out.
    /// - Parameter includeCase: only these cases (an adaptive run's decision after some rounds).
    public static func outcomes(
        suites: [Suite], models: [String], table: OutcomeTable, includeCase: ((_ suite: String, _ caseID: String) -> Bool)? = nil
    ) -> [CategoryOutcomes] {
        var categories: [String] = []
        for s in suites where !categories.contains(s.category) { categories.append(s.category) }
        return categories.map { category in
            let members = suites.filter { $0.category == category }
            var latencies: [String: [Double]] = [:]
            var goodputCalls: [String: (calls: Int, met: Int)] = [:]
            let gridSuites = members.map { suite in
                OutcomeTable.GridSuite(
                    name: suite.name,
                    clusters: Dictionary(suite.cases.compactMap { c in c.cluster.map { (c.id, "\(suite.name)/\($0)") } }, uniquingKeysWith: { a, _ in a }),
                    includeCase: includeCase.map { include in { include(suite.name, $0) } })
            }
            let outcomes = table.grid(suites: gridSuites, models: models, routing: true, prefixed: true)
            for suite in members {
                for model in models {
                    guard let cell = table.cell(suite: suite.name, model: model) else { continue }
                    let kept = includeCase.map { include in table.totalMs(suite: suite.name, model: model, ofCases: { include(suite.name, $0) }) } ?? cell.totalMs
                    latencies[model, default: []] += kept
                    if cell.sloCalls > 0 {
                        let sum = goodputCalls[model] ?? (0, 0)
                        goodputCalls[model] = (sum.calls + cell.sloCalls, sum.met + cell.sloMet)
                    }
                }
            }
            return CategoryOutcomes(
                category: category, suites: members.map(\.name), outcomes: outcomes, latencies: latencies, goodputCalls: goodputCalls)
        }
    }
}

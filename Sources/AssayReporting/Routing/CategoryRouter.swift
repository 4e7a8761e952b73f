public import AssayCore
public import AssayStatistics

/// Builds the routing decision of every category in a run from its samples.
public enum CategoryRouter {
    /// - Parameters:
    ///   - suites: the run's suites; a category pools the cases of all its suites.
    ///   - excludedMetrics: per suite, judge metrics whose judge failed its calibration: their grades are
    ///     left out and each answer's pass/fail is recomputed from the rest.
    ///   - sequences: for an adaptive run, per category, its cases ("suite/case") in the order they were
    ///     run: the category is decided with anytime-valid bounds over that order. A category not listed
    ///     is decided with fixed-n bounds.
    ///   - validate: run the held-out check.
    ///   - reportBounds: false between an adaptive run's rounds, where only the decisions matter.
    public static func routes(
        suites: [Suite], models: [String], samples: [Sample], options: RoutingOptions, seed: UInt64,
        excludedMetrics: [String: Set<String>] = [:], sequences: [String: [String]] = [:], validate: Bool = true,
        reportBounds: Bool = true
    ) -> [CategoryRoute] {
        let byCategory = outcomes(suites: suites, models: models, samples: samples, excludedMetrics: excludedMetrics)
        return byCategory.map { entry in
            let p95 = entry.latencies.compactMapValues { Percentile.of($0, 95) }
            return RoutingPolicy.route(
                category: entry.category, suites: entry.suites, models: models, outcomes: entry.outcomes, p95LatencyMs: p95,
                options: options, seed: StableHash.of(String(seed), "routing"), sequence: sequences[entry.category],
                validate: validate, reportBounds: reportBounds)
        }
    }

    /// One category's per-case outcomes and latencies, per model.
    public struct CategoryOutcomes: Sendable {
        public var category: String
        public var suites: [String]
        /// Per model, per case ("suite/case").
        public var outcomes: [String: [String: CaseOutcome]]
        /// Per model, end-to-end latencies (ms) of its samples.
        public var latencies: [String: [Double]]
    }

    /// The outcomes of every category, in the order the suites name them.
    public static func outcomes(
        suites: [Suite], models: [String], samples: [Sample], excludedMetrics: [String: Set<String>] = [:]
    ) -> [CategoryOutcomes] {
        let samples = excludedMetrics.isEmpty ? samples : samples.map { sample in
            guard let excluded = excludedMetrics[sample.suite], !excluded.isEmpty,
                let suite = suites.first(where: { $0.name == sample.suite })
            else { return sample }
            var trimmed = sample
            trimmed.grades = sample.grades.filter { !excluded.contains($0.metric) }
            let threshold = suite.cases.first { $0.id == sample.caseID }?.threshold ?? suite.threshold
            let combined = GradeResult.combine(trimmed.grades, threshold: threshold)
            if sample.status == .graded {
                trimmed.score = combined.score
                trimmed.passed = combined.passed
            }
            return trimmed
        }
        var categories: [String] = []
        for s in suites where !categories.contains(s.category) { categories.append(s.category) }
        let bySuite = Dictionary(grouping: Sample.inStableOrder(samples), by: \.suite)
        return categories.map { category in
            let members = suites.filter { $0.category == category }
            var outcomes: [String: [String: CaseOutcome]] = [:]
            var latencies: [String: [Double]] = [:]
            for suite in members {
                let clusters = Dictionary(suite.cases.compactMap { c in c.cluster.map { (c.id, "\(suite.name)/\($0)") } }, uniquingKeysWith: { a, _ in a })
                let byModel = Dictionary(grouping: bySuite[suite.name] ?? [], by: \.model)
                for model in models {
                    guard let list = byModel[model] else { continue }
                    for (caseID, var outcome) in CaseOutcome.outcomes(of: list, clusters: clusters) {
                        outcome.caseID = "\(suite.name)/\(caseID)"
                        outcomes[model, default: [:]][outcome.caseID] = outcome
                    }
                    latencies[model, default: []] += list.compactMap { $0.timings?.totalMs }
                }
            }
            return CategoryOutcomes(category: category, suites: members.map(\.name), outcomes: outcomes, latencies: latencies)
        }
    }
}

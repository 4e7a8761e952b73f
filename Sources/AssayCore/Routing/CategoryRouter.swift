/// Builds the routing decision of every category in a run from its samples.
public enum CategoryRouter {
    /// - Parameters:
    ///   - suites: the run's suites; a category pools the cases of all its suites.
    ///   - excludedMetrics: per suite, judge metrics whose judge failed its calibration: their grades are
    ///     left out and each answer's pass/fail is recomputed from the rest.
    public static func routes(
        suites: [Suite], models: [String], samples: [Sample], options: RoutingOptions, seed: UInt64,
        excludedMetrics: [String: Set<String>] = [:]
    ) -> [CategoryRoute] {
        let samples = excludedMetrics.isEmpty ? samples : samples.map { sample in
            guard let excluded = excludedMetrics[sample.suite], !excluded.isEmpty,
                let suite = suites.first(where: { $0.name == sample.suite })
            else { return sample }
            var trimmed = sample
            trimmed.grades = sample.grades.filter { !excluded.contains($0.metric) }
            let threshold = suite.cases.first { $0.id == sample.caseID }?.threshold ?? suite.threshold
            let combined = AnswerGrader.combine(trimmed.grades, threshold: threshold)
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
            let p95 = latencies.compactMapValues { Percentile.of($0, 95) }
            return RoutingPolicy.route(
                category: category, suites: members.map(\.name), models: models, outcomes: outcomes, p95LatencyMs: p95,
                options: options, seed: StableHash.of(String(seed), "routing"))
        }
    }
}

/// Turns stored samples into per suite × model summaries.
public enum Aggregator {
    /// - Parameters:
    ///   - suites: the suites in the run, in report order.
    ///   - models: the models in the run, in catalog order (ties in rank keep this order).
    public static func summarize(suites: [Suite], models: [String], samples: [Sample]) -> [SuiteSummary] {
        var bySuiteModel: [String: [String: [Sample]]] = [:]
        for sample in samples.sorted(by: Sample.stableOrder) {
            bySuiteModel[sample.suite, default: [:]][sample.model, default: []].append(sample)
        }
        return suites.map { suite in
            var summaries = models.compactMap { model -> ModelSummary? in
                guard let list = bySuiteModel[suite.name]?[model], !list.isEmpty else { return nil }
                return summarize(model: model, samples: list)
            }
            summaries = rank(summaries)
            return SuiteSummary(
                name: suite.name, version: suite.version, category: suite.category, description: suite.description,
                cases: suite.cases.count, models: summaries)
        }
    }

    static func summarize(model: String, samples: [Sample]) -> ModelSummary {
        let graded = samples.filter { $0.status == .graded }
        var errorsByKind: [String: Int] = [:]
        for s in samples where s.status == .error { errorsByKind[(s.errorKind ?? .connection).rawValue, default: 0] += 1 }
        let judgedGraded = graded.filter { $0.passed != nil }
        let passed = judgedGraded.filter { $0.passed == true }.count
        let judged = judgedGraded.count + samples.filter { $0.status == .error }.count
        let interval = judged > 0 ? WilsonInterval.interval(successes: passed, total: judged) : nil
        let scores = graded.compactMap(\.score)
        var metricSums: [String: (Double, Int)] = [:]
        for s in graded {
            for g in s.grades where g.error == nil {
                let current = metricSums[g.metric, default: (0, 0)]
                metricSums[g.metric] = (current.0 + g.score, current.1 + 1)
            }
        }
        let ttfts = graded.compactMap { $0.timings?.ttftMs }.sorted()
        let totals = graded.compactMap { $0.timings?.totalMs }.sorted()
        let speeds = graded.compactMap { s in s.usage.flatMap { u in s.timings?.outputTokensPerSecond(outputTokens: u.outputTokens) } }
            .sorted()
        let costs = samples.filter { $0.usage != nil }.map(\.cost)
        let totalCost: Double? = costs.contains(where: { $0 == nil }) ? nil : costs.compactMap { $0 }.reduce(0, +)
        return ModelSummary(
            model: model, samples: samples.count, graded: graded.count, errorsByKind: errorsByKind, passed: passed,
            judged: judged, passRate: judged > 0 ? Double(passed) / Double(judged) : nil, passRateLow: interval?.low,
            passRateHigh: interval?.high, meanScore: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count),
            metrics: metricSums.mapValues { $0.0 / Double($0.1) },
            ttftP50Ms: Percentile.of(sorted: ttfts, 50), ttftP95Ms: Percentile.of(sorted: ttfts, 95),
            latencyP50Ms: Percentile.of(sorted: totals, 50), latencyP95Ms: Percentile.of(sorted: totals, 95),
            outputTokensPerSecond: Percentile.of(sorted: speeds, 50),
            inputTokens: samples.compactMap { $0.usage?.inputTokens }.reduce(0, +),
            outputTokens: samples.compactMap { $0.usage?.outputTokens }.reduce(0, +),
            totalCost: totalCost, costPerTask: totalCost.map { $0 / Double(max(1, samples.count)) },
            judgeCost: samples.map(\.judgeCost).reduce(0, +),
            graderErrors: graded.filter(\.hasGraderError).count,
            retries: samples.map { max(0, $0.attempts - 1) }.reduce(0, +), rank: 0)
    }

    /// Best first: pass rate, then mean score, then lower cost. Equal figures share a rank.
    static func rank(_ summaries: [ModelSummary]) -> [ModelSummary] {
        func key(_ m: ModelSummary) -> (Double, Double, Double) {
            (m.passRate ?? -1, m.meanScore ?? -1, -(m.costPerTask ?? .infinity))
        }
        var sorted = summaries.enumerated().sorted { a, b in
            let ka = key(a.element)
            let kb = key(b.element)
            if ka != kb { return ka > kb }
            return a.offset < b.offset
        }.map(\.element)
        for i in sorted.indices {
            if i > 0 && key(sorted[i]) == key(sorted[i - 1]) {
                sorted[i].rank = sorted[i - 1].rank
            } else {
                sorted[i].rank = i + 1
            }
        }
        return sorted
    }
}

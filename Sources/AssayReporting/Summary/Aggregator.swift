public import AssayCore
import AssayStatistics

/// Turns stored samples into per suite × model summaries, paired comparisons and ranks.
public enum Aggregator {
    public static let defaultAlpha = 0.05
    public static let bootstrapResamples = 2000

    /// - Parameters:
    ///   - suites: the suites in the run, in report order.
    ///   - models: the models in the run, in catalog order.
    ///   - seed: seeds the bootstrap and permutation draws, so the same samples give the same numbers.
    public static func summarize(
        suites: [Suite], models: [String], samples: [Sample], pairwise: [PairwiseRecord] = [], seed: UInt64 = 42,
        alpha: Double = defaultAlpha
    ) -> [SuiteSummary] {
        var bySuiteModel: [String: [String: [Sample]]] = [:]
        for sample in Sample.inStableOrder(samples) {
            bySuiteModel[sample.suite, default: [:]][sample.model, default: []].append(sample)
        }
        return suites.map { suite in
            let clusters = Dictionary(suite.cases.compactMap { c in c.cluster.map { (c.id, $0) } }, uniquingKeysWith: { a, _ in a })
            let present = models.filter { !(bySuiteModel[suite.name]?[$0]?.isEmpty ?? true) }
            var outcomes: [String: [String: CaseOutcome]] = [:]
            var summaries: [ModelSummary] = []
            for model in present {
                let list = bySuiteModel[suite.name]?[model] ?? []
                let perCase = CaseOutcome.outcomes(of: list, clusters: clusters)
                outcomes[model] = perCase
                summaries.append(summarize(model: model, samples: list, outcomes: perCase, seed: StableHash.of(String(seed), suite.name, model)))
            }
            if suite.assertions.contains(where: { $0.contains(kind: .codeTests) }) {
                for i in summaries.indices {
                    let list = bySuiteModel[suite.name]?[summaries[i].model] ?? []
                    let tasks = Dictionary(grouping: list, by: \.caseID).sorted { $0.key < $1.key }.map(\.value).map { samples -> (n: Int, c: Int) in
                        let passed = samples.filter { s in s.grades.contains { $0.type == AssertionKind.codeTests.rawValue && $0.pass && $0.error == nil } }
                        return (samples.count, passed.count)
                    }
                    let n = tasks.map(\.n).min() ?? 0
                    for k in Set([1, n]) where k >= 1 {
                        summaries[i].passAtK[k] = PassAtK.mean(tasks, k: k, metric: .passAtK)
                        summaries[i].passHatK[k] = PassAtK.mean(tasks, k: k, metric: .passHatK)
                    }
                }
            }
            let comparisons = PairedComparer.compareAll(models: present, outcomes: outcomes, seed: StableHash.of(String(seed), suite.name))
            let ranges = PairedComparer.rankRanges(models: present, comparisons: comparisons, alpha: alpha)
            for i in summaries.indices {
                summaries[i].rank = ranges[summaries[i].model]?.low ?? 1
                summaries[i].rankHigh = ranges[summaries[i].model]?.high ?? present.count
            }
            let detectable = PairedComparer.detectableGap(comparisons: comparisons, alpha: alpha)
            let repeats = (bySuiteModel[suite.name]?.values.flatMap { $0 }.map(\.repeatIndex).max() ?? 0) + 1
            return SuiteSummary(
                name: suite.name, version: suite.version, category: suite.category, description: suite.description,
                cases: suite.cases.count, repeats: repeats, models: order(summaries), comparisons: comparisons,
                flaky: flakyCases(bySuiteModel[suite.name] ?? [:]),
                pairwise: pairwiseSummary(pairwise.filter { $0.suite == suite.name }, seed: StableHash.of(String(seed), suite.name, "bt")),
                detectableGap: detectable?.gap, medianDiscordance: detectable?.discordance)
        }
    }

    static func summarize(model: String, samples: [Sample], outcomes: [String: CaseOutcome], seed: UInt64) -> ModelSummary {
        let graded = samples.filter { $0.status == .graded }
        var errorsByKind: [String: Int] = [:]
        for s in samples where s.status == .error { errorsByKind[(s.errorKind ?? .connection).rawValue, default: 0] += 1 }
        let judgedGraded = graded.filter { $0.passed != nil }
        let passed = judgedGraded.filter { $0.passed == true }.count
        let judged = judgedGraded.count + samples.filter { $0.status == .error }.count
        // Intervals are over cases (a repeated case is one unit), clustered when cases share a cluster.
        let caseList = outcomes.values.sorted { $0.caseID < $1.caseID }
        let interval = PassRateInterval.interval(outcomes: caseList.map(\.pass), clusters: caseList.map(\.cluster))
        let scores = graded.compactMap(\.score)
        let scoreInterval = Bootstrap.meanInterval(
            caseList.map(\.score), clusters: caseList.map(\.cluster), resamples: bootstrapResamples, confidence: 0.95, seed: seed)
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
            meanScoreLow: scoreInterval?.low, meanScoreHigh: scoreInterval?.high,
            metrics: metricSums.mapValues { $0.0 / Double($0.1) },
            ttftP50Ms: Percentile.of(sorted: ttfts, 50), ttftP90Ms: Percentile.of(sorted: ttfts, 90),
            ttftP95Ms: Percentile.of(sorted: ttfts, 95), ttftP99Ms: Percentile.of(sorted: ttfts, 99),
            latencyP50Ms: Percentile.of(sorted: totals, 50), latencyP90Ms: Percentile.of(sorted: totals, 90),
            latencyP95Ms: Percentile.of(sorted: totals, 95), latencyP99Ms: Percentile.of(sorted: totals, 99),
            outputTokensPerSecond: Percentile.of(sorted: speeds, 50),
            inputTokens: samples.compactMap { $0.usage?.inputTokens }.reduce(0, +),
            outputTokens: samples.compactMap { $0.usage?.outputTokens }.reduce(0, +),
            totalCost: totalCost, costPerTask: totalCost.map { $0 / Double(max(1, samples.count)) },
            judgeCost: samples.map(\.judgeCost).reduce(0, +),
            graderErrors: graded.filter(\.hasGraderError).count,
            retries: samples.map { max(0, $0.attempts - 1) }.reduce(0, +), rank: 0)
    }

    /// Best first: rank, then pass rate, then mean score, then lower cost; catalog order last.
    static func order(_ summaries: [ModelSummary]) -> [ModelSummary] {
        summaries.enumerated().sorted { a, b in
            let x = a.element
            let y = b.element
            if x.rank != y.rank { return x.rank < y.rank }
            if (x.passRate ?? -1) != (y.passRate ?? -1) { return (x.passRate ?? -1) > (y.passRate ?? -1) }
            if (x.meanScore ?? -1) != (y.meanScore ?? -1) { return (x.meanScore ?? -1) > (y.meanScore ?? -1) }
            if (x.costPerTask ?? .infinity) != (y.costPerTask ?? .infinity) {
                return (x.costPerTask ?? .infinity) < (y.costPerTask ?? .infinity)
            }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// Bradley–Terry over the consistent pairwise verdicts (ties count half a win each), with bootstrap intervals.
    static func pairwiseSummary(_ records: [PairwiseRecord], seed: UInt64) -> PairwiseSummary? {
        guard !records.isEmpty else { return nil }
        var wins: [(winner: String, loser: String)] = []
        var ties: [(first: String, second: String)] = []
        var tally: [String: (w: Int, l: Int, t: Int)] = [:]
        for r in records {
            switch r.winner {
            case .a:
                wins.append((r.modelA, r.modelB))
                tally[r.modelA, default: (0, 0, 0)].w += 1
                tally[r.modelB, default: (0, 0, 0)].l += 1
            case .b:
                wins.append((r.modelB, r.modelA))
                tally[r.modelB, default: (0, 0, 0)].w += 1
                tally[r.modelA, default: (0, 0, 0)].l += 1
            case .tie:
                ties.append((r.modelA, r.modelB))
                tally[r.modelA, default: (0, 0, 0)].t += 1
                tally[r.modelB, default: (0, 0, 0)].t += 1
            case .inconsistent, .unjudged:
                break
            }
        }
        let judged = records.filter { $0.winner != .unjudged }.count
        let inconsistent = records.filter { $0.winner == .inconsistent }.count
        let ratings = BradleyTerry.fit(wins: wins, ties: ties)
        let intervals = BradleyTerry.bootstrapIntervals(wins: wins, ties: ties, resamples: 500, seed: seed)
        let list = ratings.keys.sorted().map { model in
            PairwiseSummary.Rating(
                model: model, rating: ratings[model] ?? 0, low: intervals[model]?.low ?? 0, high: intervals[model]?.high ?? 0,
                wins: tally[model]?.w ?? 0, losses: tally[model]?.l ?? 0, ties: tally[model]?.t ?? 0)
        }.sorted { ($0.rating, $1.model) > ($1.rating, $0.model) }
        return PairwiseSummary(
            comparisons: records.count, positionConsistency: judged > 0 ? Double(judged - inconsistent) / Double(judged) : nil,
            inconsistent: inconsistent, unjudged: records.count - judged, ratings: list)
    }

    static func flakyCases(_ byModel: [String: [Sample]]) -> [FlakyCase] {
        var out: [FlakyCase] = []
        for (model, samples) in byModel {
            var byCase: [String: [Sample]] = [:]
            for s in samples { byCase[s.caseID, default: []].append(s) }
            for (caseID, list) in byCase where list.count > 1 {
                let outcomes = list.sorted { $0.repeatIndex < $1.repeatIndex }.map { $0.passed == true }
                let passes = outcomes.filter { $0 }.count
                guard passes > 0, passes < outcomes.count else { continue }
                let flips = zip(outcomes, outcomes.dropFirst()).filter { $0 != $1 }.count
                out.append(FlakyCase(
                    caseID: caseID, model: model, repeats: outcomes.count, passes: passes,
                    flipRate: Double(flips) / Double(outcomes.count - 1)))
            }
        }
        return out.sorted { ($0.flipRate, $1.caseID, $1.model) > ($1.flipRate, $0.caseID, $0.model) }
    }
}

public import AssayCore
import AssayStatistics

/// Turns stored samples into per suite × model summaries, paired comparisons and ranks.
public enum Aggregator {
    public static let defaultAlpha = 0.05
    public static let bootstrapResamples = 2000

    /// - Parameters:
    ///   - suites: the suites in the run, in report order.
    ///   - models: the models in the run, in catalog order.
    ///   - table: the run's samples, reduced (`OutcomeTable`).
    ///   - seed: seeds the bootstrap and permutation draws, so the same samples give the same numbers.
    public static func summarize(
        suites: [Suite], models: [String], table: OutcomeTable, pairwise: [PairwiseRecord] = [], seed: UInt64 = 42,
        alpha: Double = defaultAlpha
    ) -> [SuiteSummary] {
        suites.map { suite in
            let clusters = Dictionary(suite.cases.compactMap { c in c.cluster.map { (c.id, $0) } }, uniquingKeysWith: { a, _ in a })
            let present = models.filter { (table.cell(suite: suite.name, model: $0)?.samples ?? 0) > 0 }
            let outcomes = table.grid(suites: [OutcomeTable.GridSuite(name: suite.name, clusters: clusters)], models: present)
            var summaries: [ModelSummary] = []
            for model in present {
                guard let cell = table.cell(suite: suite.name, model: model) else { continue }
                var summary = summarize(
                    model: model, cell: cell, outcomes: outcomes.outcomes(of: model), seed: StableHash.of(String(seed), suite.name, model))
                if suite.assertions.contains(where: { $0.contains(kind: .codeTests) }) {
                    var perCase: [(id: String, n: Int, c: Int)] = []
                    table.forEachCase(suite: suite.name, model: model) { perCase.append(($0, Int($1.count), Int($1.codeTestPasses))) }
                    let tasks = perCase.sorted { $0.id < $1.id }.map { (n: $0.n, c: $0.c) }
                    let n = tasks.map(\.n).min() ?? 0
                    for k in Set([1, n]) where k >= 1 {
                        summary.passAtK[k] = PassAtK.mean(tasks, k: k, metric: .passAtK)
                        summary.passHatK[k] = PassAtK.mean(tasks, k: k, metric: .passHatK)
                    }
                }
                summaries.append(summary)
            }
            let comparisons = PairedComparer.compareAll(models: present, outcomes: outcomes, seed: StableHash.of(String(seed), suite.name))
            let ranges = PairedComparer.rankRanges(models: present, comparisons: comparisons, alpha: alpha)
            for i in summaries.indices {
                summaries[i].rank = ranges[summaries[i].model]?.low ?? 1
                summaries[i].rankHigh = ranges[summaries[i].model]?.high ?? present.count
            }
            let detectable = PairedComparer.detectableGap(comparisons: comparisons, alpha: alpha)
            let repeats = present.compactMap { table.cell(suite: suite.name, model: $0)?.repeats }.max() ?? 1
            return SuiteSummary(
                name: suite.name, version: suite.version, category: suite.category, description: suite.description,
                cases: suite.cases.count, repeats: max(1, repeats), models: order(summaries), comparisons: comparisons,
                flaky: flakyCases(suite: suite.name, models: present, table: table),
                pairwise: pairwiseSummary(pairwise.filter { $0.suite == suite.name }, seed: StableHash.of(String(seed), suite.name, "bt")),
                detectableGap: detectable?.gap, medianDiscordance: detectable?.discordance, comparedCases: detectable?.cases)
        }
    }

    /// The summaries of an array of samples (tests and small runs).
    public static func summarize(
        suites: [Suite], models: [String], samples: [Sample], pairwise: [PairwiseRecord] = [], seed: UInt64 = 42,
        alpha: Double = defaultAlpha
    ) -> [SuiteSummary] {
        summarize(suites: suites, models: models, table: .of(samples, suites: suites), pairwise: pairwise, seed: seed, alpha: alpha)
    }

    /// - Parameter outcomes: the model's per-case outcomes, in case id order.
    static func summarize(model: String, cell: OutcomeTable.Cell, outcomes caseList: [CaseOutcome], seed: UInt64) -> ModelSummary {
        let errors = cell.errorsByKind.values.reduce(0, +)
        let judged = cell.judgedGraded + errors
        // Intervals are over cases (a repeated case is one unit), clustered when cases share a cluster.
        let interval = PassRateInterval.interval(outcomes: caseList.map(\.pass), clusters: caseList.map(\.cluster))
        let scoreInterval = Bootstrap.meanInterval(
            caseList.map(\.score), clusters: caseList.map(\.cluster), resamples: bootstrapResamples, confidence: 0.95, seed: seed)
        let ttfts = cell.ttftMs.sorted()
        let totals = cell.totalMs.sorted()
        let speeds = cell.tokensPerSecond.sorted()
        var summary = ModelSummary(
            model: model, samples: cell.samples, graded: cell.graded, errorsByKind: cell.errorsByKind, passed: cell.passedGraded,
            judged: judged, passRate: judged > 0 ? Double(cell.passedGraded) / Double(judged) : nil, passRateLow: interval?.low,
            passRateHigh: interval?.high, meanScore: cell.scoreCount == 0 ? nil : cell.scoreSum / Double(cell.scoreCount),
            meanScoreLow: scoreInterval?.low, meanScoreHigh: scoreInterval?.high,
            metrics: cell.metrics.mapValues { $0.sum / Double($0.count) },
            ttftP50Ms: Percentile.of(sorted: ttfts, 50), ttftP90Ms: Percentile.of(sorted: ttfts, 90),
            ttftP95Ms: Percentile.of(sorted: ttfts, 95), ttftP99Ms: Percentile.of(sorted: ttfts, 99),
            latencyP50Ms: Percentile.of(sorted: totals, 50), latencyP90Ms: Percentile.of(sorted: totals, 90),
            latencyP95Ms: Percentile.of(sorted: totals, 95), latencyP99Ms: Percentile.of(sorted: totals, 99),
            outputTokensPerSecond: Percentile.of(sorted: speeds, 50),
            inputTokens: cell.inputTokens, outputTokens: cell.outputTokens,
            totalCost: cell.cost, costPerTask: cell.cost.map { $0 / Double(max(1, cell.samples)) },
            judgeCost: cell.judgeCost, graderErrors: cell.graderErrors, retries: cell.retries, rank: 0)
        (summary.tpotP50Ms, summary.tpotP90Ms, summary.tpotP95Ms, summary.tpotP99Ms) = Self.servingPercentiles(cell.tpotMs)
        (summary.itlP50Ms, summary.itlP90Ms, summary.itlP95Ms, summary.itlP99Ms) = Self.servingPercentiles(cell.chunkGapsMs.map(Double.init))
        summary.itlGaps = cell.chunkGapCount
        if cell.sloCalls > 0 {
            let wilson = WilsonInterval.interval(successes: cell.sloMet, total: cell.sloCalls)
            summary.goodputCalls = cell.sloCalls
            summary.goodput = Double(cell.sloMet) / Double(cell.sloCalls)
            summary.goodputLow = wilson.low
            summary.goodputHigh = wilson.high
        }
        if cell.toolGraded > 0 {
            let wilson = WilsonInterval.interval(successes: cell.toolPassed, total: cell.toolGraded)
            summary.toolCallSamples = cell.toolGraded
            summary.toolCallAccuracy = Double(cell.toolPassed) / Double(cell.toolGraded)
            summary.toolCallLow = wilson.low
            summary.toolCallHigh = wilson.high
        }
        return summary
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

    static func flakyCases(suite: String, models: [String], table: OutcomeTable) -> [FlakyCase] {
        var out: [FlakyCase] = []
        for model in models {
            table.forEachCase(suite: suite, model: model) { caseID, record in
                guard record.count > 1, record.passedSamples > 0, record.passedSamples < record.count else { return }
                out.append(FlakyCase(
                    caseID: caseID, model: model, repeats: Int(record.count), passes: Int(record.passedSamples),
                    flipRate: Double(record.flips) / Double(record.count - 1)))
            }
        }
        return out.sorted { ($0.flipRate, $1.caseID, $1.model) > ($1.flipRate, $0.caseID, $0.model) }
    }

    /// p50, p90, p95 and p99 (linear interpolation), as the serving figures report them.
    static func servingPercentiles(_ values: [Double]) -> (Double?, Double?, Double?, Double?) {
        let sorted = values.sorted()
        return (Percentile.of(sorted: sorted, 50), Percentile.of(sorted: sorted, 90), Percentile.of(sorted: sorted, 95), Percentile.of(sorted: sorted, 99))
    }
}

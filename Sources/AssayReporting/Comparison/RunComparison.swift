public import AssayCore
public import AssayStatistics

/// A candidate run compared with a baseline run, per suite × model, on the cases both ran.
public struct RunComparison: Sendable, Hashable {
    public var baseRunID: String
    public var candidateRunID: String
    /// The smallest drop in pass rate (absolute, e.g. 0.05) that counts as a regression.
    public var minEffect: Double
    public var alpha: Double
    public var cells: [Cell]

    public struct Cell: Sendable, Hashable {
        public var suite: String
        public var model: String
        public var cases: Int
        public var basePassRate: Double
        public var candidatePassRate: Double
        /// candidate − base, on the shared cases.
        public var change: Double
        public var scoreChange: Double
        public var test: String
        public var pValue: Double
        /// Holm-adjusted across the cells.
        public var pAdjusted: Double
        /// A significant drop larger than the minimum effect.
        public var regression: Bool
        /// A significant rise larger than the minimum effect.
        public var improvement: Bool
    }

    public var regressions: [Cell] { cells.filter(\.regression) }
    public var passed: Bool { regressions.isEmpty }

    /// Compares per suite × model; suites or models present in only one run are left out.
    public static func compare(
        base: (id: String, table: OutcomeTable), candidate: (id: String, table: OutcomeTable), minEffect: Double = 0.05,
        alpha: Double = 0.05, seed: UInt64 = 42
    ) -> RunComparison {
        let b = base.table
        let c = candidate.table
        var cells: [Cell] = []
        for suite in Set(b.cells.keys).intersection(c.cells.keys).sorted() {
            for model in Set((b.cells[suite] ?? [:]).keys).intersection((c.cells[suite] ?? [:]).keys).sorted() {
                let before = b.outcomes(suite: suite, model: model, clusters: [:])
                let after = c.outcomes(suite: suite, model: model, clusters: [:])
                let comparison = PairedComparer.compare(model, after, model, before, seed: StableHash.of(String(seed), suite, model))
                guard comparison.cases > 0 else { continue }
                let shared = Set(before.keys).intersection(after.keys)
                let baseRate = shared.sorted().compactMap { before[$0]?.pass }.reduce(0, +) / Double(shared.count)
                let candidateRate = shared.sorted().compactMap { after[$0]?.pass }.reduce(0, +) / Double(shared.count)
                cells.append(Cell(
                    suite: suite, model: model, cases: comparison.cases, basePassRate: baseRate, candidatePassRate: candidateRate,
                    change: comparison.passRateDifference, scoreChange: comparison.scoreDifference, test: comparison.passTest,
                    pValue: comparison.passP, pAdjusted: comparison.passP, regression: false, improvement: false))
            }
        }
        let adjusted = HolmCorrection.adjust(cells.map(\.pValue))
        for i in cells.indices {
            cells[i].pAdjusted = adjusted[i]
            let significant = adjusted[i] < alpha
            cells[i].regression = significant && cells[i].change < -minEffect
            cells[i].improvement = significant && cells[i].change > minEffect
        }
        return RunComparison(baseRunID: base.id, candidateRunID: candidate.id, minEffect: minEffect, alpha: alpha, cells: cells)
    }

    /// The comparison of two arrays of samples (tests and small runs).
    public static func compare(
        base: (id: String, samples: [Sample]), candidate: (id: String, samples: [Sample]), minEffect: Double = 0.05,
        alpha: Double = 0.05, seed: UInt64 = 42
    ) -> RunComparison {
        compare(base: (base.id, .of(base.samples)), candidate: (candidate.id, .of(candidate.samples)), minEffect: minEffect, alpha: alpha, seed: seed)
    }
}

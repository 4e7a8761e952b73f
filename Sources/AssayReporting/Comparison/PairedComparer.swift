import AssayStatistics

/// Compares models pairwise on the same cases, with Holm's correction across the pairs.
public enum PairedComparer {
    public static let permutationResamples = 10_000

    /// Compares two models' per-case outcomes (unadjusted p-values).
    public static func compare(
        _ a: String, _ outcomesA: [String: CaseOutcome], _ b: String, _ outcomesB: [String: CaseOutcome], seed: UInt64
    ) -> PairwiseComparison {
        let shared = Set(outcomesA.keys).intersection(outcomesB.keys).sorted()
        let pairs = shared.compactMap { id -> CasePair? in
            guard let x = outcomesA[id], let y = outcomesB[id] else { return nil }
            return CasePair(passA: x.pass, scoreA: x.score, passB: y.pass, scoreB: y.score)
        }
        return compare(a, b, pairs: pairs, seed: seed)
    }

    /// Compares two models of a grid on the cases both have an outcome on.
    public static func compare(_ a: String, _ b: String, in grid: CaseOutcomeGrid, seed: UInt64) -> PairwiseComparison {
        let pairs = grid.shared(a, b).compactMap { position -> CasePair? in
            guard let x = grid.entry(a, at: position), let y = grid.entry(b, at: position) else { return nil }
            return CasePair(passA: x.pass, scoreA: x.score, passB: y.pass, scoreB: y.score)
        }
        return compare(a, b, pairs: pairs, seed: seed)
    }

    /// One case's figures for the two models compared.
    struct CasePair {
        var passA: Double
        var scoreA: Double
        var passB: Double
        var scoreB: Double
    }

    /// Compares two models' outcomes paired by case, in case order.
    static func compare(_ a: String, _ b: String, pairs: [CasePair], seed: UInt64) -> PairwiseComparison {
        let n = Double(max(1, pairs.count))
        let passDiff = pairs.map { $0.passA - $0.passB }.reduce(0, +) / n
        let scoreDiff = pairs.map { $0.scoreA - $0.scoreB }.reduce(0, +) / n
        let single = pairs.allSatisfy { ($0.passA == 0 || $0.passA == 1) && ($0.passB == 0 || $0.passB == 1) }
        let onlyA = pairs.filter { $0.passA > $0.passB }.count
        let onlyB = pairs.filter { $0.passA < $0.passB }.count
        let passTest: String
        let passP: Double
        let pairSeed = StableHash.of(String(seed), a, b)
        if single {
            passTest = "McNemar exact"
            passP = McNemarTest.exactPValue(onlyAPassed: onlyA, onlyBPassed: onlyB)
        } else {
            passTest = "paired permutation on per-case pass shares"
            passP = PairedPermutationTest.pValue(pairs.map(\.passA), pairs.map(\.passB), resamples: permutationResamples, seed: pairSeed)
        }
        let scoreP = PairedPermutationTest.pValue(
            pairs.map(\.scoreA), pairs.map(\.scoreB), resamples: permutationResamples, seed: pairSeed &+ 1)
        return PairwiseComparison(
            modelA: a, modelB: b, cases: pairs.count, passRateDifference: passDiff, scoreDifference: scoreDiff, onlyA: onlyA,
            onlyB: onlyB, passTest: passTest, passP: passP, passPAdjusted: passP, scoreP: scoreP, scorePAdjusted: scoreP)
    }

    /// Every pair of `models` (in the given order), with Holm-adjusted p-values across all pairs.
    public static func compareAll(models: [String], outcomes: CaseOutcomeGrid, seed: UInt64) -> [PairwiseComparison] {
        var comparisons: [PairwiseComparison] = []
        for i in models.indices {
            for j in models.indices where j > i {
                comparisons.append(compare(models[i], models[j], in: outcomes, seed: seed))
            }
        }
        let passAdjusted = HolmCorrection.adjust(comparisons.map(\.passP))
        let scoreAdjusted = HolmCorrection.adjust(comparisons.map(\.scoreP))
        for k in comparisons.indices {
            comparisons[k].passPAdjusted = passAdjusted[k]
            comparisons[k].scorePAdjusted = scoreAdjusted[k]
        }
        return comparisons
    }

    /// Ranks with ties: a model's rank is 1 + the number of models significantly better than it on pass
    /// rate (Holm-adjusted), so models whose gap to a better one is not significant share its rank.
    public static func ranks(models: [String], comparisons: [PairwiseComparison], alpha: Double) -> [String: Int] {
        var beats = Set<[String]>()
        for c in comparisons {
            if c.aBetter(alpha: alpha) { beats.insert([c.modelA, c.modelB]) }
            if c.bBetter(alpha: alpha) { beats.insert([c.modelB, c.modelA]) }
        }
        let ranks = RankAssignment.ranks(count: models.count) { j, k in beats.contains([models[j], models[k]]) }
        return Dictionary(uniqueKeysWithValues: zip(models, ranks).map { ($0, $1) })
    }

    /// Rank ranges: a model's best possible rank is 1 + the number of models significantly better than it,
    /// its worst the number of models less those significantly worse (measurement guidance §5.8), so
    /// models the data cannot separate share a span such as "1–4".
    public static func rankRanges(models: [String], comparisons: [PairwiseComparison], alpha: Double) -> [String: (low: Int, high: Int)] {
        var better: [String: Int] = [:]
        var worse: [String: Int] = [:]
        for c in comparisons {
            if c.aBetter(alpha: alpha) { better[c.modelB, default: 0] += 1; worse[c.modelA, default: 0] += 1 }
            if c.bBetter(alpha: alpha) { better[c.modelA, default: 0] += 1; worse[c.modelB, default: 0] += 1 }
        }
        return Dictionary(uniqueKeysWithValues: models.map { m in
            (m, (low: 1 + (better[m] ?? 0), high: models.count - (worse[m] ?? 0)))
        })
    }

    /// The pass-rate gap a paired test on these cases would detect with 80% power at two-sided `alpha`,
    /// at the median discordance of the pairs: `(z₁₋α/₂ + z₀.₈)·sqrt(p_disc/n)` (measurement §3.1's
    /// minimum detectable effect for a paired binary difference near 0). Nil with fewer than two models.
    public static func detectableGap(comparisons: [PairwiseComparison], alpha: Double) -> (gap: Double, discordance: Double, cases: Int)? {
        let rates = comparisons.filter { $0.cases > 0 }.map { Double($0.onlyA + $0.onlyB) / Double($0.cases) }.sorted()
        guard !rates.isEmpty, let cases = comparisons.map(\.cases).max(), cases > 0 else { return nil }
        let median = rates[rates.count / 2]
        let z = NormalDistribution.quantile(1 - alpha / 2) + NormalDistribution.quantile(0.8)
        return (z * max(median, 1 / Double(cases)).squareRoot() / Double(cases).squareRoot(), median, cases)
    }
}

/// Compares models pairwise on the same cases, with Holm's correction across the pairs.
public enum PairedComparer {
    public static let permutationResamples = 10_000

    /// Compares two models' per-case outcomes (unadjusted p-values).
    public static func compare(
        _ a: String, _ outcomesA: [String: CaseOutcome], _ b: String, _ outcomesB: [String: CaseOutcome], seed: UInt64
    ) -> PairwiseComparison {
        let shared = Set(outcomesA.keys).intersection(outcomesB.keys).sorted()
        let pairs = shared.compactMap { id -> (CaseOutcome, CaseOutcome)? in
            guard let x = outcomesA[id], let y = outcomesB[id] else { return nil }
            return (x, y)
        }
        let n = Double(max(1, pairs.count))
        let passDiff = pairs.map { $0.0.pass - $0.1.pass }.reduce(0, +) / n
        let scoreDiff = pairs.map { $0.0.score - $0.1.score }.reduce(0, +) / n
        let single = pairs.allSatisfy { ($0.0.pass == 0 || $0.0.pass == 1) && ($0.1.pass == 0 || $0.1.pass == 1) }
        let onlyA = pairs.filter { $0.0.pass > $0.1.pass }.count
        let onlyB = pairs.filter { $0.0.pass < $0.1.pass }.count
        let passTest: String
        let passP: Double
        let pairSeed = StableHash.of(String(seed), a, b)
        if single {
            passTest = "McNemar exact"
            passP = McNemarTest.exactPValue(onlyAPassed: onlyA, onlyBPassed: onlyB)
        } else {
            passTest = "paired permutation on per-case pass shares"
            passP = PairedPermutationTest.pValue(pairs.map(\.0.pass), pairs.map(\.1.pass), resamples: permutationResamples, seed: pairSeed)
        }
        let scoreP = PairedPermutationTest.pValue(
            pairs.map(\.0.score), pairs.map(\.1.score), resamples: permutationResamples, seed: pairSeed &+ 1)
        return PairwiseComparison(
            modelA: a, modelB: b, cases: pairs.count, passRateDifference: passDiff, scoreDifference: scoreDiff, onlyA: onlyA,
            onlyB: onlyB, passTest: passTest, passP: passP, passPAdjusted: passP, scoreP: scoreP, scorePAdjusted: scoreP)
    }

    /// Every pair of `models` (in the given order), with Holm-adjusted p-values across all pairs.
    public static func compareAll(models: [String], outcomes: [String: [String: CaseOutcome]], seed: UInt64) -> [PairwiseComparison] {
        var comparisons: [PairwiseComparison] = []
        for i in models.indices {
            for j in models.indices where j > i {
                comparisons.append(compare(models[i], outcomes[models[i]] ?? [:], models[j], outcomes[models[j]] ?? [:], seed: seed))
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
}

import Foundation

/// Ranks with ties for models whose differences may not be significant.
///
/// Rule ("competition ranking by significant dominance"): **rank(k) = 1 + #{ j : j is significantly better
/// than k }**. Models that nothing beats significantly share rank 1; a model beaten significantly only by the
/// top model is rank 2 however many models sit between them, and so on. This is the Chatbot Arena rule
/// `rank_i = 1 + #{j : lower_CI_j > upper_CI_i}` (measurement guidance §3.6) with "significantly better"
/// coming from a test instead of interval overlap. The rank depends only on the significance relation, not
/// on input order; because significance isn't transitive, a model with a lower point estimate can get a
/// better rank than one above it (for example when its own comparison with the top model is too noisy to be
/// significant). Ranks are never worse than the model's position in a best-first sort when the relation only
/// holds from higher to lower scores.
public enum RankAssignment {
    /// Ranks of models `0..<count`, where `isSignificantlyBetter(j, k)` says model j significantly beats k.
    public static func ranks(count: Int, isSignificantlyBetter: (Int, Int) -> Bool) -> [Int] {
        guard count > 0 else { return [] }
        return (0..<count).map { k in
            1 + (0..<count).filter { j in j != k && isSignificantlyBetter(j, k) }.count
        }
    }

    /// Ranks from a matrix: `significantlyBetter[j][k]` says model j significantly beats k (missing entries:
    /// false).
    public static func ranks(significantlyBetter: [[Bool]]) -> [Int] {
        ranks(count: significantlyBetter.count) { j, k in
            k < significantlyBetter[j].count && significantlyBetter[j][k]
        }
    }

    /// Ranks from point scores (higher is better) and **raw** pairwise p-values.
    ///
    /// `pValues[i][j]` (read for i < j, from the upper triangle, or the lower one when the upper is missing) is
    /// the p-value of the test between models i and j. When `holm` is true the k(k−1)/2 p-values are first
    /// Holm-adjusted as one family (`HolmCorrection.adjust`). Model j is significantly better than k when its
    /// score is higher and the (adjusted) p-value is ≤ `alpha`. A missing p-value counts as 1.
    public static func ranks(scores: [Double], pValues: [[Double]], alpha: Double = 0.05, holm: Bool = true) -> [Int] {
        let count = scores.count
        var pairs: [(Int, Int)] = []
        var raw: [Double] = []
        for i in 0..<count {
            for j in (i + 1)..<count {
                pairs.append((i, j))
                raw.append(entry(pValues, i, j) ?? entry(pValues, j, i) ?? 1)
            }
        }
        let adjusted = holm ? HolmCorrection.adjust(raw) : raw
        var significant = [[Bool]](repeating: [Bool](repeating: false, count: count), count: count)
        for ((i, j), p) in zip(pairs, adjusted) where p <= alpha {
            if scores[i] > scores[j] { significant[i][j] = true }
            if scores[j] > scores[i] { significant[j][i] = true }
        }
        return ranks(significantlyBetter: significant)
    }

    /// Ranks from confidence intervals: j is better than k when `low_j > high_k` (the Arena rule).
    public static func ranks(intervals: [(low: Double, high: Double)]) -> [Int] {
        ranks(count: intervals.count) { j, k in intervals[j].low > intervals[k].high }
    }

    private static func entry(_ matrix: [[Double]], _ i: Int, _ j: Int) -> Double? {
        guard i < matrix.count, j < matrix[i].count, !matrix[i][j].isNaN else { return nil }
        return matrix[i][j]
    }
}

import Foundation

/// Fisher's exact test on a 2 × 2 table, one-sided: whether the first group's rate of events is higher than
/// the second's (a model's error rate in recent runs against earlier ones). Exact, so that it holds for the
/// small counts that errors usually come in.
///
/// With `a` events of `n1` in the first group and `b` of `n2` in the second, and the margins fixed, the count
/// of the first group is hypergeometric; `p = P(X ≥ a)`: the same as
/// `scipy.stats.fisher_exact([[a, n1 − a], [b, n2 − b]], alternative="greater")`.
public enum FisherExactTest {
    /// Nil when a count is negative or above its group's size.
    public static func pGreater(events a: Int, of n1: Int, against b: Int, of n2: Int) -> Double? {
        guard a >= 0, b >= 0, a <= n1, b <= n2 else { return nil }
        let total = n1 + n2
        let events = a + b
        guard total > 0 else { return 1 }
        let lowest = max(0, events - n2)
        let highest = min(events, n1)
        func logChoose(_ n: Int, _ k: Int) -> Double {
            lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
        }
        let logDenominator = logChoose(total, events)
        func probability(_ k: Int) -> Double {
            Foundation.exp(logChoose(n1, k) + logChoose(n2, events - k) - logDenominator)
        }
        guard a <= highest else { return 0 }
        var p = 0.0
        for k in max(a, lowest)...highest { p += probability(k) }
        return min(1, max(0, p))
    }
}

import Foundation

/// McNemar's exact test for two models graded pass/fail on the same cases.
///
/// Only the discordant pairs carry information: `b` cases that only A passed and `c` that only B passed.
/// Under H₀ (equal pass rates) `b ~ Bin(b + c, ½)`, and the two-sided exact p-value is
/// `p = min(1, 2·P[X ≤ min(b, c)])` (measurement guidance §3.4; mlxtend `evaluate/mcnemar.py`; equal to
/// `scipy.stats.binomtest(b, b + c, 0.5).pvalue` because the null distribution is symmetric).
public enum McNemarTest {
    /// The two-sided exact p-value; 1 when there are no discordant pairs. Negative counts are treated as 0.
    ///
    /// Numerically stable for large counts: the largest term `P[X = min(b,c)]` is computed in log space with
    /// `lgamma`, and the lower tail is summed relative to it with the ratio `P[X=k−1]/P[X=k] = k/(n−k+1)`.
    public static func exactPValue(onlyAPassed b: Int, onlyBPassed c: Int) -> Double {
        let b = max(b, 0)
        let c = max(c, 0)
        let n = b + c
        guard n > 0 else { return 1 }
        let k = min(b, c)
        if 2 * k == n { return 1 }
        let nd = Double(n)
        let logTop = Foundation.lgamma(nd + 1) - Foundation.lgamma(Double(k) + 1)
            - Foundation.lgamma(Double(n - k) + 1) - nd * Foundation.log(2.0)
        // Σ_{j ≤ k} P[X=j] / P[X=k]; the terms shrink at least geometrically below the mode, so stop once
        // they no longer change the sum.
        var relativeSum = 1.0
        var term = 1.0
        var j = k
        while j > 0 {
            term *= Double(j) / Double(n - j + 1)
            relativeSum += term
            if term < relativeSum * 1e-17 { break }
            j -= 1
        }
        let logP = Foundation.log(2.0) + logTop + Foundation.log(relativeSum)
        return min(1, Foundation.exp(logP))
    }
}

import Foundation

/// The Mann–Whitney U test (Wilcoxon rank-sum) for two independent samples: whether values of `x` tend to be
/// larger than values of `y`, without assuming a distribution (per-call latencies are skewed and heavy-tailed).
///
/// `U = R_x − n_x(n_x + 1)/2`, with `R_x` the sum of the ranks of `x` in the pooled sample (ties get their mean
/// rank). The p-value is the normal approximation with the tie-corrected variance
/// `σ² = n_x n_y / 12 · ((n + 1) − Σ(t³ − t) / (n(n − 1)))` and a continuity correction of ½: the same as
/// `scipy.stats.mannwhitneyu(x, y, alternative="greater", method="asymptotic")`.
public enum MannWhitneyTest {
    public struct Result: Sendable, Hashable {
        /// U of `x`: the number of pairs (x, y) with x > y, ties counting ½.
        public var u: Double
        /// One-sided p-value for H₁: x tends to be larger than y.
        public var pGreater: Double
        /// `U / (n_x n_y)`: the probability that a value of x exceeds one of y (ties ½), the common-language effect size.
        public var probabilityGreater: Double
    }

    /// Nil when either sample is empty or holds a non-finite value.
    public static func test(_ x: [Double], _ y: [Double]) -> Result? {
        guard !x.isEmpty, !y.isEmpty, x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else { return nil }
        let nx = Double(x.count)
        let ny = Double(y.count)
        let n = nx + ny
        let pooled = (x.map { ($0, true) } + y.map { ($0, false) }).sorted { $0.0 < $1.0 }
        var rankSumX = 0.0
        var tieTerm = 0.0
        var start = 0
        while start < pooled.count {
            var end = start
            while end + 1 < pooled.count && pooled[end + 1].0 == pooled[start].0 { end += 1 }
            let rank = Double(start + end + 2) / 2
            let t = Double(end - start + 1)
            if t > 1 { tieTerm += t * t * t - t }
            for i in start...end where pooled[i].1 { rankSumX += rank }
            start = end + 1
        }
        let u = rankSumX - nx * (nx + 1) / 2
        let mean = nx * ny / 2
        let variance = nx * ny / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        let p: Double
        if variance <= 0 {
            p = 1
        } else {
            let z = (u - mean - 0.5) / variance.squareRoot()
            p = min(1, max(0, 1 - NormalDistribution.cdf(z)))
        }
        return Result(u: u, pGreater: p, probabilityGreater: u / (nx * ny))
    }
}

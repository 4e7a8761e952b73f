import Foundation

extension PairedPermutationTest {
    /// One-sided: the p-value for H₁ "the paired differences `a − b` tend to be negative" (a dropped).
    ///
    /// The statistic is the signed sum `S = Σ d_i` (of cluster sums when cases cluster; zero units left out).
    /// With at most `exactLimit` non-zero units, `p = #{sign patterns with Σ ±d ≤ S} / 2ⁿ`, exact. Above
    /// that, the normal approximation of the same sign-flip distribution (mean 0, variance Σ d_i²):
    /// `p = Φ(S / √Σd²)`. Unlike a Monte Carlo estimate its p-value has no floor of 1/(R + 1), so that it
    /// survives a Holm correction over hundreds of checks (drift over many series).
    public static func pLess(_ a: [Double], _ b: [Double], clusters: [String?]? = nil) -> Double {
        guard !a.isEmpty, a.count == b.count, a.allSatisfy(\.isFinite), b.allSatisfy(\.isFinite) else { return 1 }
        if let clusters, clusters.count != a.count { return 1 }
        let differences = zip(a, b).map { $0 - $1 }
        let units = Bootstrap.clusterTotals(differences, clusters: clusters).map(\.sum).filter { $0 != 0 }
        guard !units.isEmpty else { return 1 }
        let observed = units.reduce(0, +)
        let tolerance = 1e-10 * units.reduce(0) { $0 + abs($1) }
        if units.count <= exactLimit {
            let patterns = 1 << units.count
            var atMost = 0
            for mask in 0..<patterns {
                var sum = 0.0
                for (index, unit) in units.enumerated() { sum += (mask >> index) & 1 == 1 ? -unit : unit }
                if sum <= observed + tolerance { atMost += 1 }
            }
            return Double(atMost) / Double(patterns)
        }
        let variance = units.reduce(0) { $0 + $1 * $1 }
        return min(1, max(0, NormalDistribution.cdf(observed / variance.squareRoot())))
    }
}

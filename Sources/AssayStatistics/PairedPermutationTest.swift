import Foundation

/// The paired sign-flip permutation test for two models scored on the same cases (any score type).
///
/// With per-case differences `d_i = a_i − b_i`, the statistic is `T = |Σ d_i|` (equivalently |mean d|).
/// Under H₀ each difference is as likely to have either sign, so the null distribution comes from flipping
/// signs (measurement guidance §3.4). When cases cluster, whole clusters' difference sums are flipped.
/// Units whose difference is zero don't change the statistic and are left out of the flips.
/// - n ≤ 16 non-zero units: exact, `p = #{flips with |Σ ±d| ≥ T} / 2ⁿ` over all 2ⁿ sign patterns
///   (matches `scipy.stats.permutation_test(..., permutation_type="samples")`, which is exact there).
/// - otherwise Monte Carlo with `SplitMix64`: `p = (1 + #{T* ≥ T}) / (R + 1)`.
///
/// `T* ≥ T` is tested with a tolerance of 1e-10 × Σ|d| so that rounding doesn't drop the ties.
///
/// Inputs are two arrays paired by index: `a[i]` and `b[i]` must be the same case. Callers pair by case id
/// before calling. Mismatched lengths, empty input or non-finite scores give p = 1 (no evidence) and a mean
/// difference of 0, rather than comparing a common prefix.
public enum PairedPermutationTest {
    /// Up to this many non-zero differences the test enumerates every sign pattern exactly.
    public static let exactLimit = 16

    /// The two-sided p-value for H₀: the paired differences are symmetric about 0.
    ///
    /// `clusters[i]` is the cluster of case i (nil: a cluster of its own); nil `clusters` flips each case.
    /// A `clusters` array of the wrong length gives 1.
    public static func pValue(
        _ a: [Double], _ b: [Double], clusters: [String?]? = nil, resamples: Int = 10_000, seed: UInt64
    ) -> Double {
        guard !a.isEmpty, a.count == b.count, a.allSatisfy(\.isFinite), b.allSatisfy(\.isFinite) else { return 1 }
        if let clusters, clusters.count != a.count { return 1 }
        let differences = zip(a, b).map { $0 - $1 }
        let units = Bootstrap.clusterTotals(differences, clusters: clusters).map(\.sum).filter { $0 != 0 }
        guard !units.isEmpty else { return 1 }
        let observed = abs(units.reduce(0, +))
        let tolerance = 1e-10 * units.reduce(0) { $0 + abs($1) }
        let threshold = observed - tolerance
        if units.count <= exactLimit {
            return exactPValue(units, threshold: threshold)
        }
        let replicates = max(resamples, 1)
        var generator = SplitMix64(seed: seed)
        var extreme = 0
        for _ in 0..<replicates {
            var sum = 0.0
            var bits: UInt64 = 0
            for (index, unit) in units.enumerated() {
                if index % 64 == 0 { bits = generator.next() }
                // The sign flipped by the bit itself, not by a branch the processor cannot predict: the
                // same values added in the same order (a run of 100,000 samples spent seconds here).
                sum += Double(bitPattern: unit.bitPattern ^ ((bits & 1) << 63))
                bits >>= 1
            }
            if abs(sum) >= threshold { extreme += 1 }
        }
        return Double(extreme + 1) / Double(replicates + 1)
    }

    /// `mean(a − b)` over the pairs; 0 when the lengths differ or there are none.
    public static func meanDifference(_ a: [Double], _ b: [Double]) -> Double {
        guard !a.isEmpty, a.count == b.count else { return 0 }
        return zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) } / Double(a.count)
    }

    /// Fraction of all 2ⁿ sign patterns whose |sum| reaches the threshold.
    private static func exactPValue(_ units: [Double], threshold: Double) -> Double {
        let patterns = 1 << units.count
        var extreme = 0
        for mask in 0..<patterns {
            var sum = 0.0
            for (index, unit) in units.enumerated() {
                sum += (mask >> index) & 1 == 1 ? -unit : unit
            }
            if abs(sum) >= threshold { extreme += 1 }
        }
        return Double(extreme) / Double(patterns)
    }
}

import Foundation

/// Percentile-bootstrap confidence intervals, deterministic for a seed.
///
/// Each of `resamples` replicates draws as many units as there are with replacement, using `SplitMix64`, and
/// computes the mean; the interval is the `(1 ± confidence)/2` percentiles of the replicate means, by
/// `Percentile.of(sorted:_:)` (numpy's default linear interpolation). With clusters the units are whole
/// clusters (a cluster bootstrap, as inspect_ai's `ci(method="bootstrap", cluster=…)` and measurement
/// guidance §3.3 recommend), and a replicate's mean is `Σ cluster sums / Σ cluster sizes` over the drawn
/// clusters.
public enum Bootstrap {
    /// The percentile-bootstrap interval of the mean of `values`.
    ///
    /// `clusters[i]` is the cluster of `values[i]` (nil: a cluster of its own); nil `clusters` resamples cases.
    /// Returns nil when there are no values, when `clusters` doesn't match `values` in length, when a value is
    /// not finite, when `resamples < 1` or when `confidence` is not in (0, 1).
    public static func meanInterval(
        _ values: [Double], clusters: [String?]? = nil, resamples: Int = 2000, confidence: Double = 0.95,
        seed: UInt64
    ) -> (low: Double, high: Double)? {
        guard !values.isEmpty, resamples >= 1, confidence > 0, confidence < 1,
              values.allSatisfy(\.isFinite) else { return nil }
        if let clusters, clusters.count != values.count { return nil }
        let units = clusterTotals(values, clusters: clusters)
        var generator = SplitMix64(seed: seed)
        var means: [Double] = []
        means.reserveCapacity(resamples)
        for _ in 0..<resamples {
            var sum = 0.0
            var count = 0.0
            for _ in 0..<units.count {
                let unit = units[generator.nextIndex(below: units.count)]
                sum += unit.sum
                count += unit.count
            }
            means.append(sum / count)
        }
        means.sort()
        guard let low = Percentile.of(sorted: means, (1 - confidence) / 2 * 100),
              let high = Percentile.of(sorted: means, (1 + confidence) / 2 * 100) else { return nil }
        return (low, high)
    }

    /// Sum and size of each cluster, in order of first appearance; a nil cluster id is a cluster of its own.
    static func clusterTotals(_ values: [Double], clusters: [String?]?) -> [(sum: Double, count: Double)] {
        guard let clusters else { return values.map { ($0, 1) } }
        var indexOfCluster: [String: Int] = [:]
        var totals: [(sum: Double, count: Double)] = []
        for (value, cluster) in zip(values, clusters) {
            if let cluster, let index = indexOfCluster[cluster] {
                totals[index].sum += value
                totals[index].count += 1
            } else {
                if let cluster { indexOfCluster[cluster] = totals.count }
                totals.append((value, 1))
            }
        }
        return totals
    }
}

extension SplitMix64 {
    /// A uniform index in `0..<bound` (bound > 0): the high 64 bits of `next() × bound` (Lemire's
    /// multiply-shift without rejection; the bias is below bound/2⁶⁴). Written out rather than using
    /// `Int.random(in:using:)` so the sequence of draws is fixed by this code, not by the standard library.
    mutating func nextIndex(below bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }
}

import Foundation

/// The mean of per-case scores (or 0/1 outcomes) with a cluster-robust normal confidence interval.
///
/// Cases that share a cluster id (a passage, a template, a conversation) are not independent, so the naive
/// standard error understates the uncertainty (Miller 2024, "Adding Error Bars to Evals", arXiv 2411.00640).
/// This uses the clustered standard error of the mean as inspect_ai computes it (`scorer/_metrics/std.py`),
/// i.e. **with** the finite-cluster correction `C/(C−1)`:
///
///     SE_cl = sqrt( C/(C−1) · Σ_c ( Σ_{i∈c} (s_i − x̄) )² ) / n
///
/// With every case in its own cluster (C = n) this is exactly the CLT standard error with ddof = 1,
/// `sd(s)/sqrt(n)`. The interval is `x̄ ± z·SE_cl` with a normal critical value (not Student-t with C−1 df).
public enum ClusteredInterval {
    /// The mean, `mean ± z·SE_cl` (clamped to [0, 1] when `clampToUnit`) and `SE_cl`.
    ///
    /// `clusters[i]` is the cluster of `values[i]`; a nil cluster puts the case in a cluster of its own.
    /// Returns nil when there are no values, when `clusters.count != values.count`, when a value is not
    /// finite, or when there are fewer than two clusters (the standard error is then undefined).
    public static func meanInterval(
        values: [Double], clusters: [String?], z: Double = 1.959963984540054, clampToUnit: Bool = true
    ) -> (mean: Double, low: Double, high: Double, standardError: Double)? {
        guard !values.isEmpty, clusters.count == values.count, values.allSatisfy(\.isFinite) else { return nil }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        // Residual sums per cluster, in order of first appearance (the order doesn't change the result).
        var indexOfCluster: [String: Int] = [:]
        var residualSums: [Double] = []
        for (value, cluster) in zip(values, clusters) {
            let residual = value - mean
            if let cluster {
                if let index = indexOfCluster[cluster] {
                    residualSums[index] += residual
                } else {
                    indexOfCluster[cluster] = residualSums.count
                    residualSums.append(residual)
                }
            } else {
                residualSums.append(residual)
            }
        }
        let clusterCount = Double(residualSums.count)
        guard clusterCount >= 2 else { return nil }
        let sumOfSquares = residualSums.reduce(0) { $0 + $1 * $1 }
        let standardError = (clusterCount / (clusterCount - 1) * sumOfSquares).squareRoot() / n
        var low = mean - z * standardError
        var high = mean + z * standardError
        if clampToUnit {
            low = min(max(low, 0), 1)
            high = min(max(high, 0), 1)
        }
        return (mean, low, high, standardError)
    }
}

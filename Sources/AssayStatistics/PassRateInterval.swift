/// The interval reported for a pass rate: Wilson's score interval, and when cases are clustered
/// the Korn–Graubard version that inspect_ai uses, with the effective sample size
/// `n_eff = p̂(1−p̂) / v̂_cl` (capped at n) from the clustered variance of the mean.
public enum PassRateInterval {
    /// - Parameters:
    ///   - outcomes: one value in [0, 1] per case (1 passed, 0 failed; a fraction when a case was repeated).
    ///   - clusters: the cluster of each case, nil for a case on its own. With fewer than two clusters,
    ///     or no shared cluster, the plain Wilson interval on the number of cases is used.
    public static func interval(outcomes: [Double], clusters: [String?]) -> (low: Double, high: Double)? {
        let n = outcomes.count
        guard n > 0 else { return nil }
        let p = outcomes.reduce(0, +) / Double(n)
        let clustered = Set(clusters.compactMap { $0 }).count < clusters.compactMap({ $0 }).count
        if clustered, p > 0, p < 1, let cl = ClusteredInterval.meanInterval(values: outcomes, clusters: clusters, clampToUnit: true),
            cl.standardError > 0
        {
            let nEff = min(Double(n), p * (1 - p) / (cl.standardError * cl.standardError))
            return wilson(p: p, n: nEff)
        }
        return wilson(p: p, n: Double(n))
    }

    static func wilson(p: Double, n: Double) -> (low: Double, high: Double) {
        WilsonInterval.interval(proportion: p, n: n)
    }
}

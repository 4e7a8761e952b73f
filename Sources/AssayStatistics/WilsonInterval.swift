/// The Wilson score interval for a binomial proportion.
public enum WilsonInterval {
    /// The 95% interval for `successes` out of `total`; (0, 1) when there are no trials.
    public static func interval(successes: Int, total: Int, z: Double = 1.959963984540054) -> (low: Double, high: Double) {
        guard total > 0 else { return (0, 1) }
        return interval(proportion: Double(successes) / Double(total), n: Double(total), z: z)
    }

    /// The interval for a proportion `p` over an effective sample size `n` (which need not be whole:
    /// the Korn–Graubard version passes the clustered effective size).
    public static func interval(proportion p: Double, n: Double, z: Double = 1.959963984540054) -> (low: Double, high: Double) {
        let z2 = z * z
        let center = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = (z / (1 + z2 / n)) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return (max(0, center - half), min(1, center + half))
    }
}

/// The Wilson score interval for a binomial proportion.
public enum WilsonInterval {
    /// The 95% interval for `successes` out of `total`; (0, 1) when there are no trials.
    public static func interval(successes: Int, total: Int, z: Double = 1.959963984540054) -> (low: Double, high: Double) {
        guard total > 0 else { return (0, 1) }
        let n = Double(total)
        let p = Double(successes) / n
        let z2 = z * z
        let center = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = (z / (1 + z2 / n)) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return (max(0, center - half), min(1, center + half))
    }
}

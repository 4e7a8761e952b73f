import AssayStatistics

extension ValueGain {
    /// The net value gain of a candidate over a reference, from their shared cases.
    ///
    /// The quality part is the paired quality loss (fixed-n or anytime-valid bounds) and the cost part the
    /// mean per-task saving with a normal bound; each takes half of `alpha`, so the gain's bounds hold at
    /// `alpha` together: `lower = saving_low − V·loss_high`, `upper = saving_high − V·loss_low`.
    /// - Parameter costs: per pair, the reference's and the candidate's cost of the case.
    static func estimate(
        reference: String, candidate: String, pairs: [PairedLoss.Pair], costs: [(reference: Double, candidate: Double)],
        perSuccess: Double, alpha: Double, sequential: Bool, seed: UInt64
    ) -> ValueGain? {
        let loss = sequential
            ? PairedLoss.sequential(reference: reference, candidate: candidate, pairs: pairs, alpha: alpha / 2)
            : PairedLoss.fixed(reference: reference, candidate: candidate, pairs: pairs, alpha: alpha / 2, seed: seed)
        guard let loss, !costs.isEmpty else { return nil }
        let savings = costs.map { $0.reference - $0.candidate }
        let n = Double(savings.count)
        let mean = savings.reduce(0, +) / n
        let sd = savings.count > 1
            ? (savings.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot() : 0
        let half = NormalDistribution.quantile(1 - alpha / 2) * sd / n.squareRoot()
        return ValueGain(
            reference: reference, candidate: candidate, perSuccess: perSuccess,
            estimate: mean - perSuccess * loss.estimate, lower: mean - half - perSuccess * loss.upper,
            upper: mean + half - perSuccess * loss.lower, qualityLoss: loss, costSaving: mean, costSavingLower: mean - half,
            costSavingUpper: mean + half)
    }
}

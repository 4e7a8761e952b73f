import Foundation

extension PairedLoss {
    /// About how many cases in all would decide whether the loss is below `margin`, at the observed
    /// discordance, with the given power (measurement guidance §5.8, after Connor 1987 and Nam 1997):
    ///
    ///     n ≈ (z₁₋α + z₁₋β)² · (p₁₀ + p₀₁ − d²) / (margin − d)²
    ///
    /// where `p₁₀`, `p₀₁` are the discordance rates and `d` the observed loss. When the loss is above the
    /// margin the same count shows it is worse by more than the margin. With no discordant case seen yet the
    /// rates are taken as half a case each (an observed zero is not a known zero), and the count is never
    /// below what a sample without any discordant case needs for Tango's bound to fall under the margin,
    /// `z²(1 − margin)/margin`.
    /// - Returns: nil when the observed loss equals the margin (no number of cases decides it at that gap).
    public func casesNeeded(margin: Double, power: Double = 0.8) -> Int? {
        let n = Double(cases)
        guard n > 0 else { return nil }
        var p10 = onlyReference / n
        var p01 = onlyCandidate / n
        if onlyReference + onlyCandidate < 1 {
            p10 = (onlyReference + 0.5) / (n + 1)
            p01 = (onlyCandidate + 0.5) / (n + 1)
        }
        let d = estimate
        let gap = abs(margin - d)
        guard gap > 1e-9 else { return nil }
        // Tango's bound is computed at a lower nominal level (see `tangoLevelFactor`).
        let nominal = method == .confidenceSequence ? alpha : alpha * PairedLoss.tangoLevelFactor
        let za = NormalDistribution.quantile(1 - nominal)
        let zb = NormalDistribution.quantile(power)
        let variance = max(1e-9, p10 + p01 - d * d)
        var needed = (za + zb) * (za + zb) * variance / (gap * gap)
        if d < margin { needed = max(needed, za * za * (1 - margin) / margin) }
        return Int(min(needed.rounded(.up), 10_000_000))
    }

    /// The cases beyond those already run that would decide the loss against `margin`: the power formula
    /// of `casesNeeded` for fixed-n bounds; when that count is already reached, or for an adaptive run's
    /// confidence sequence (which needs more cases than a fixed-n bound), the projection "if the next
    /// cases disagree as these did": the smallest total at which the bound decides on data with the
    /// observed disagreement, at least one case more.
    /// - Parameter differences: the per-case differences in run order (needed for a confidence sequence).
    public func moreCasesNeeded(margin: Double, power: Double = 0.8, differences: [Double] = []) -> Int? {
        guard abs(margin - estimate) > 1e-9, cases > 0 else { return nil }
        if method != .confidenceSequence, let formula = casesNeeded(margin: margin, power: power), formula > cases {
            return formula - cases
        }
        let below = estimate < margin
        let decides: (Int) -> Bool
        if method == .confidenceSequence {
            guard !differences.isEmpty else { return nil }
            decides = { total in
                let cycled = (0..<total).map { differences[$0 % differences.count] }
                return BettingConfidenceSequence.rejects(cycled, theta: margin, below: below, alpha: alpha)
            }
        } else {
            let nominal = alpha * PairedLoss.tangoLevelFactor
            let n = Double(cases)
            decides = { total in
                let scale = Double(total) / n
                return below
                    ? PairedProportionInterval.upperBound(onlyA: onlyReference * scale, onlyB: onlyCandidate * scale, n: Double(total), alpha: nominal) < margin
                    : PairedProportionInterval.lowerBound(onlyA: onlyReference * scale, onlyB: onlyCandidate * scale, n: Double(total), alpha: nominal) > margin
            }
        }
        // Double until it decides (up to 1,000 times the cases), then bisect.
        var low = cases
        var high = cases * 2
        while !decides(high) {
            low = high
            high *= 2
            if high > cases * 1000 { return nil }
        }
        while high - low > 1 {
            let mid = (low + high) / 2
            if decides(mid) { high = mid } else { low = mid }
        }
        return max(1, high - cases)
    }
}

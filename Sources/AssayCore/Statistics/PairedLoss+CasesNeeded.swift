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
        let za = NormalDistribution.quantile(1 - alpha)
        let zb = NormalDistribution.quantile(power)
        let variance = max(1e-9, p10 + p01 - d * d)
        var needed = (za + zb) * (za + zb) * variance / (gap * gap)
        if d < margin { needed = max(needed, za * za * (1 - margin) / margin) }
        return Int(min(needed.rounded(.up), 10_000_000))
    }

    /// The cases beyond those already run that `casesNeeded` asks for (0 when the count is reached).
    public func moreCasesNeeded(margin: Double, power: Double = 0.8) -> Int? {
        casesNeeded(margin: margin, power: power).map { max(0, $0 - cases) }
    }
}

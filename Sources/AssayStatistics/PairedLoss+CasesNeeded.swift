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

    /// How many more cases would decide the loss against a margin.
    public struct MoreCases: Sendable, Hashable {
        public var count: Int
        /// The projection stopped at its cap: at least `count` more cases.
        public var atLeast: Bool

        public init(count: Int, atLeast: Bool) {
            self.count = count
            self.atLeast = atLeast
        }
    }

    /// The cases beyond those already run that would decide the loss against `margin`: the power formula
    /// of `casesNeeded` for fixed-n bounds; when that count is already reached, or for an adaptive run's
    /// confidence sequence (which needs more cases than a fixed-n bound), the projection "if the next
    /// cases disagree as these did": the smallest total at which the bound decides, the observed cases
    /// continued by seeded draws from them (a fixed-n bound: its counts scaled), at least one case more,
    /// and at most 50 times the cases run (then "at least" that many).
    /// - Parameter differences: the per-case differences in run order (needed for a confidence sequence).
    /// - Returns: nil when the observed loss equals the margin (no number of cases decides it at that gap).
    public func moreCasesNeeded(margin: Double, power: Double = 0.8, differences: [Double] = []) -> MoreCases? {
        guard abs(margin - estimate) > 1e-9, cases > 0 else { return nil }
        if method != .confidenceSequence, let formula = casesNeeded(margin: margin, power: power), formula > cases {
            return MoreCases(count: formula - cases, atLeast: false)
        }
        let below = estimate < margin
        let decides: (Int) -> Bool
        if method == .confidenceSequence {
            guard !differences.isEmpty else { return nil }
            decides = { total in
                var random = SplitMix64(seed: UInt64(differences.count))
                var continued = differences
                continued.reserveCapacity(total)
                while continued.count < total { continued.append(differences[random.nextIndex(below: differences.count)]) }
                return BettingConfidenceSequence.rejects(continued, theta: margin, below: below, alpha: alpha)
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
        // Double until it decides, then bisect.
        let cap = cases * 50
        var low = cases
        var high = cases * 2
        while !decides(high) {
            low = high
            if high >= cap { return MoreCases(count: cap - cases, atLeast: true) }
            high = min(cap, high * 2)
        }
        while high - low > 1 {
            let mid = (low + high) / 2
            if decides(mid) { high = mid } else { low = mid }
        }
        return MoreCases(count: max(1, high - cases), atLeast: false)
    }
}

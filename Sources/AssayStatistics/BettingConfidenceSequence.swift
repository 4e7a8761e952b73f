import Foundation

/// Anytime-valid one-sided tests and bounds for the mean of a bounded sequence, by betting
/// (Waudby-Smith & Ramdas 2024, "Estimating means of bounded random variables by betting", JRSS-B 86:1).
///
/// To show that the mean μ of values in [low, high] is below θ, a bettor starts with wealth 1 and stakes
/// a predictable fraction λᵢ ≥ 0 on each value: `Kₜ = Π (1 + λᵢ·(θ − yᵢ))`. If μ ≥ θ, `Kₜ` is a
/// non-negative supermartingale, so by Ville's inequality it ever reaches `1/α` with probability at most
/// α, however often it is looked at. A rejection at any time therefore stands, and the bounds shrink as
/// cases arrive without the error growing with each look, as a fixed-n interval recomputed after every
/// round would (measurement guidance §5.8).
///
/// The stake follows the approximate Kelly bet (aGRAPA in the paper): `λ = (θ − μ̂)/(σ̂² + (θ − μ̂)²)`
/// from the mean and variance of the values seen before (with a weak prior), never negative, and capped
/// at `cap/(high − θ)` so that one adverse value cannot ruin the bettor. No one cap suits every case: a
/// high cap wins fast when the two models never disagree but over-bets when rare disagreements go one
/// way (aGRAPA's quadratic approximation is poor for skewed values). So four bettors with caps 0.1, 0.3,
/// 0.6 and 0.9 each stake a quarter of the wealth; their mean is again a test supermartingale, and it
/// costs at most log 4 against the best of them in hindsight.
public enum BettingConfidenceSequence {
    /// The fractions of the largest safe stake the four bettors may use.
    public static let caps = [0.1, 0.3, 0.6, 0.9]

    /// Whether the sequence shows, anytime-validly at error `alpha`, that its mean is below `theta`
    /// (`below: true`) or above it (`below: false`).
    public static func rejects(
        _ values: [Double], theta: Double, below: Bool, alpha: Double, low: Double = -1, high: Double = 1
    ) -> Bool {
        firstRejection(values, theta: theta, below: below, alpha: alpha, low: low, high: high) != nil
    }

    /// The number of values after which the wealth first reached `1/alpha`; nil if it never did.
    public static func firstRejection(
        _ values: [Double], theta: Double, below: Bool, alpha: Double, low: Double = -1, high: Double = 1
    ) -> Int? {
        // Mirror a test for "above θ" into one for "below −θ" on the negated values.
        let (ys, t, hi) = below ? (values, theta, high) : (values.map { -$0 }, -theta, -low)
        let lo = below ? low : -high
        guard t < hi else { return nil }
        guard t > lo else { return nil }
        let threshold = 1 / alpha
        let maxStakes = caps.map { $0 / (hi - t) }
        // A weak prior: one pseudo-value at the midpoint with the variance of a fair coin on [lo, hi].
        let priorMean = (lo + hi) / 2
        let priorVariance = (hi - lo) * (hi - lo) / 16
        var wealth = [Double](repeating: 1, count: caps.count)
        var sum = 0.0
        var squares = 0.0
        for index in ys.indices {
            let y = ys[index]
            let seen = Double(index)
            let mean = (priorMean + sum) / (1 + seen)
            let variance = (priorVariance + squares) / (1 + seen)
            let gap = t - mean
            let kelly = gap > 0 ? gap / (variance + gap * gap) : 0
            var total = 0.0
            for b in wealth.indices {
                wealth[b] *= 1 + min(maxStakes[b], kelly) * (t - y)
                total += wealth[b]
            }
            if total / Double(wealth.count) >= threshold { return index + 1 }
            squares += (y - mean) * (y - mean)
            sum += y
        }
        return nil
    }

    /// The anytime-valid upper bound of the mean after all the values: a θ at which "mean below θ" is
    /// shown, found by bisection to within `tolerance` of the smallest such θ. `high` when none is.
    /// Every bound returned is one the test rejected at, so it holds even where the rejection region is
    /// not exactly monotone in θ.
    public static func upperBound(
        _ values: [Double], alpha: Double, low: Double = -1, high: Double = 1, tolerance: Double = 0.0005
    ) -> Double {
        guard !values.isEmpty else { return high }
        let mean = values.reduce(0, +) / Double(values.count)
        var notShown = min(max(mean, low), high)
        var shown = high
        guard shown > notShown else { return high }
        // Near `high` the safe stake vanishes; find a rejected θ first, stepping up from the mean.
        var probe = notShown + tolerance
        var step = tolerance
        while probe < high {
            if rejects(values, theta: probe, below: true, alpha: alpha, low: low, high: high) { shown = probe; break }
            notShown = probe
            step *= 2
            probe += step
        }
        guard shown < high else { return high }
        while shown - notShown > tolerance {
            let mid = (shown + notShown) / 2
            if rejects(values, theta: mid, below: true, alpha: alpha, low: low, high: high) { shown = mid } else { notShown = mid }
        }
        return shown
    }

    /// The anytime-valid lower bound of the mean: a θ at which "mean above θ" is shown, to within
    /// `tolerance` of the largest such θ. `low` when none is.
    public static func lowerBound(
        _ values: [Double], alpha: Double, low: Double = -1, high: Double = 1, tolerance: Double = 0.0005
    ) -> Double {
        -upperBound(values.map { -$0 }, alpha: alpha, low: -high, high: -low, tolerance: tolerance)
    }
}

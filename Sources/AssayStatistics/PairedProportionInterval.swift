import Foundation

/// Tango's score interval for the difference of two paired proportions (Tango 1998, Stat Med 17:891).
///
/// On n cases graded pass/fail for both A and B, `b` cases passed only under A and `c` only under B;
/// the difference of the pass rates is `Δ = p_A − p_B`, estimated by `(b − c)/n`. The score statistic for
/// `H₀: Δ = Δ₀` is
///
///     Z(Δ₀) = (b − c − nΔ₀) / sqrt( n·(2·q̃ + Δ₀(1 − Δ₀)) )
///
/// where `q̃` is the maximum-likelihood estimate of the probability of "only B passed" under the constraint
/// (the positive root of `2n·q² + B·q + C = 0` with `B = −b − c + (2n − b + c)Δ₀` and `C = −c·Δ₀(1 − Δ₀)`).
/// A bound is the Δ₀ at which `Z` reaches the normal critical value; unlike the Wald interval it stays
/// inside [−1, 1] and does not collapse to a point when there are no discordant cases (with `b = c = 0`
/// the upper bound is `z²/(n + z²)`).
///
/// Counts may be fractional: a repeated case contributes its share of passes, and a clustered sample
/// its counts divided by the design effect.
public enum PairedProportionInterval {
    /// The one-sided upper bound of Δ at error `alpha` (P[Δ > bound] ≤ alpha).
    public static func upperBound(onlyA b: Double, onlyB c: Double, n: Double, alpha: Double) -> Double {
        guard n > 0, b >= 0, c >= 0, b + c <= n + 1e-9 else { return 1 }
        let estimate = (b - c) / n
        guard estimate < 1 else { return 1 }
        let z = NormalDistribution.quantile(1 - alpha)
        // Z falls from 0 at the estimate towards −∞ at Δ₀ = 1; the bound is where it crosses −z.
        return bisect(from: estimate, to: 1) { statistic(b: b, c: c, n: n, delta: $0) + z }
    }

    /// The one-sided lower bound of Δ at error `alpha` (P[Δ < bound] ≤ alpha).
    public static func lowerBound(onlyA b: Double, onlyB c: Double, n: Double, alpha: Double) -> Double {
        // By symmetry: the lower bound of p_A − p_B is minus the upper bound of p_B − p_A.
        -upperBound(onlyA: c, onlyB: b, n: n, alpha: alpha)
    }

    /// The two-sided interval at `confidence` (each side at error (1 − confidence)/2).
    public static func interval(onlyA b: Double, onlyB c: Double, n: Double, confidence: Double = 0.95) -> (low: Double, high: Double) {
        let alpha = (1 - confidence) / 2
        return (lowerBound(onlyA: b, onlyB: c, n: n, alpha: alpha), upperBound(onlyA: b, onlyB: c, n: n, alpha: alpha))
    }

    /// The score statistic Z(Δ₀).
    static func statistic(b: Double, c: Double, n: Double, delta: Double) -> Double {
        let numerator = b - c - n * delta
        let qa = 2 * n
        let qb = -b - c + (2 * n - b + c) * delta
        let qc = -c * delta * (1 - delta)
        let q = ((max(0, qb * qb - 4 * qa * qc)).squareRoot() - qb) / (2 * qa)
        let variance = n * (2 * q + delta * (1 - delta))
        guard variance > 1e-300 else { return numerator == 0 ? 0 : (numerator > 0 ? .infinity : -.infinity) }
        return numerator / variance.squareRoot()
    }

    /// The root of a function that is positive at `from` and negative (or −∞) near `to`; `to` when
    /// it never turns negative.
    static func bisect(from: Double, to: Double, _ f: (Double) -> Double) -> Double {
        if f(to) >= 0 { return to }
        var low = from
        var high = to
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if mid <= low || mid >= high { break }
            if f(mid) >= 0 { low = mid } else { high = mid }
        }
        return high
    }
}

import Foundation

/// How much a disagreement between two labels counts in Cohen's kappa.
///
/// With `categories` ordered labels `0..<k`, the disagreement weight of the pair `(i, j)` is
/// `none`: `w = 0` if `i == j`, else `1` (nominal labels); `linear`: `w = |i − j|`;
/// `quadratic`: `w = (i − j)²` (ordinal labels such as 1–5 rubric scores; quadratic weighting is the
/// one that approximates the intraclass correlation).
public enum KappaWeights: Sendable {
    case none
    case linear
    case quadratic

    /// The disagreement weight of the label pair `(i, j)`.
    func weight(_ i: Int, _ j: Int) -> Double {
        let distance = Double(abs(i - j))
        switch self {
        case .none: return i == j ? 0 : 1
        case .linear: return distance
        case .quadratic: return distance * distance
        }
    }
}

/// How well a judge's labels agree with human labels on a calibration set (measurement guidance §4.3).
///
/// Labels are category indices `0..<categories`. A human 1–5 rubric label `h` is category `h − 1`; a judge
/// score in [0, 1] becomes a category with `ordinal(fromScore:levels:)`. The kappa values match
/// `sklearn.metrics.cohen_kappa_score(a, b, labels=list(range(categories)), weights=…)`; pass every category,
/// as here, because sklearn's weights use the position of a label among the labels it is given, so with
/// `labels=None` a category nobody used would silently shrink the distances between the others.
public enum JudgeAgreement {
    /// Raw agreement `p_o = #{i : a[i] == b[i]} / n`.
    ///
    /// Returns nil when the inputs are empty or differ in length.
    public static func agreement(_ a: [Int], _ b: [Int]) -> Double? {
        guard !a.isEmpty, a.count == b.count else { return nil }
        let agreeing = zip(a, b).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        return Double(agreeing) / Double(a.count)
    }

    /// Cohen's kappa between two raters, unweighted or weighted.
    ///
    /// With `O` the k×k confusion matrix of counts (`O[i][j]` = items rater a put in category i and rater b in
    /// j), row sums `r`, column sums `c`, `n` items, chance counts `E[i][j] = r[i]·c[j] / n` and disagreement
    /// weights `w` (`KappaWeights`):
    ///
    ///     κ = 1 − Σ w[i][j]·O[i][j] / Σ w[i][j]·E[i][j]
    ///
    /// which for `.none` is the familiar `κ = (p_o − p_e) / (1 − p_e)` with `p_e = Σ_k (r[k]/n)·(c[k]/n)`
    /// (Cohen 1960; weighted form Cohen 1968; sklearn `cohen_kappa_score`). It is computed as
    /// `(Σ w·r[i]·c[j] − n·Σ w·O) / Σ w·r[i]·c[j]` from sums of whole numbers, so the result is the exact
    /// value correctly rounded (sklearn's floating-point sums can differ from it in the last bits).
    /// κ = 1 is perfect agreement, 0 what chance gives, below 0 worse than chance.
    ///
    /// Returns nil when κ is undefined or the input is invalid: no items, inputs of different length,
    /// `categories < 1`, a label outside `0..<categories`, or expected disagreement 0 (`p_e = 1`: both raters
    /// used one and the same category for every item). sklearn raises or returns `replace_undefined_by`
    /// (NaN) in these cases.
    public static func cohensKappa(
        _ a: [Int], _ b: [Int], categories: Int, weights: KappaWeights = .none
    ) -> Double? {
        guard !a.isEmpty, a.count == b.count, categories >= 1 else { return nil }
        let range = 0..<categories
        guard a.allSatisfy({ range.contains($0) }), b.allSatisfy({ range.contains($0) }) else { return nil }
        var confusion = [Int](repeating: 0, count: categories * categories)
        for (i, j) in zip(a, b) {
            confusion[i * categories + j] += 1
        }
        return kappa(confusion: confusion, categories: categories, weights: weights)
    }

    /// The category `0..<levels` of a judge score in [0, 1]: `round(score × (levels − 1))`, halves rounded up.
    ///
    /// With 5 levels, scores 0, 0.25, 0.5, 0.75 and 1 map to 0…4 (a human label `h` on a 1–5 scale is category
    /// `h − 1`), and each category owns the scores within 0.125 of its centre: [0, 0.125) → 0,
    /// [0.125, 0.375) → 1, …, [0.875, 1] → 4. Scores outside [0, 1] are clamped first; NaN maps to 0, and
    /// `levels < 2` always gives 0.
    public static func ordinal(fromScore score: Double, levels: Int = 5) -> Int {
        guard levels >= 2, !score.isNaN else { return 0 }
        let clamped = min(max(score, 0), 1)
        let scaled = (clamped * Double(levels - 1)).rounded(.toNearestOrAwayFromZero)
        return min(max(Int(scaled), 0), levels - 1)
    }

    /// A percentile-bootstrap interval for Cohen's kappa, deterministic for a seed.
    ///
    /// Each of `resamples` replicates draws `n` items (label pairs) with replacement using `SplitMix64` (the
    /// same draws as `Bootstrap.meanInterval` without clusters: `nextIndex(below: n)` per item) and computes
    /// `cohensKappa` of the drawn pairs. Replicates in which kappa is undefined (every drawn pair in one
    /// and the same category) are left out. The interval is the `(1 ± confidence)/2` percentiles of the
    /// remaining replicate kappas by `Percentile.of(sorted:_:)` (numpy's default linear interpolation).
    ///
    /// Returns nil when kappa of the full sample is nil, when `resamples < 1`, when `confidence` is not in
    /// (0, 1), or when no replicate has a defined kappa.
    public static func kappaInterval(
        _ a: [Int], _ b: [Int], categories: Int, weights: KappaWeights = .none,
        resamples: Int = 2000, confidence: Double = 0.95, seed: UInt64
    ) -> (low: Double, high: Double)? {
        guard resamples >= 1, confidence > 0, confidence < 1,
              cohensKappa(a, b, categories: categories, weights: weights) != nil else { return nil }
        var generator = SplitMix64(seed: seed)
        var kappas: [Double] = []
        kappas.reserveCapacity(resamples)
        var confusion = [Int](repeating: 0, count: categories * categories)
        for _ in 0..<resamples {
            for index in confusion.indices {
                confusion[index] = 0
            }
            for _ in 0..<a.count {
                let item = generator.nextIndex(below: a.count)
                confusion[a[item] * categories + b[item]] += 1
            }
            if let value = kappa(confusion: confusion, categories: categories, weights: weights) {
                kappas.append(value)
            }
        }
        guard !kappas.isEmpty else { return nil }
        kappas.sort()
        guard let low = Percentile.of(sorted: kappas, (1 - confidence) / 2 * 100),
              let high = Percentile.of(sorted: kappas, (1 + confidence) / 2 * 100) else { return nil }
        return (low, high)
    }

    /// `κ = (Σ w·r[i]·c[j] − n·Σ w·O) / Σ w·r[i]·c[j]` from a row-major k×k confusion matrix of counts; nil
    /// when there are no items or the expected disagreement is 0.
    static func kappa(confusion: [Int], categories: Int, weights: KappaWeights) -> Double? {
        var rowSums = [Double](repeating: 0, count: categories)
        var columnSums = [Double](repeating: 0, count: categories)
        var total = 0.0
        for i in 0..<categories {
            for j in 0..<categories {
                let count = Double(confusion[i * categories + j])
                rowSums[i] += count
                columnSums[j] += count
                total += count
            }
        }
        guard total > 0 else { return nil }
        var observed = 0.0
        var expected = 0.0
        for i in 0..<categories {
            for j in 0..<categories {
                let weight = weights.weight(i, j)
                observed += weight * Double(confusion[i * categories + j])
                expected += weight * rowSums[i] * columnSums[j]
            }
        }
        guard expected > 0 else { return nil }
        // One rounding: the numerator and denominator are whole numbers, exact in a Double below 2⁵³.
        return (expected - total * observed) / expected
    }
}

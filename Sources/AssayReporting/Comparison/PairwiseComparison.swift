/// Two models compared on the cases both answered.
public struct PairwiseComparison: Sendable, Hashable {
    public var modelA: String
    public var modelB: String
    /// Cases both have outcomes for.
    public var cases: Int
    /// Pass-rate difference A − B on the shared cases.
    public var passRateDifference: Double
    /// Mean-score difference A − B on the shared cases.
    public var scoreDifference: Double
    /// Cases only A passed, and only B passed (single runs).
    public var onlyA: Int
    public var onlyB: Int
    /// The test on pass/fail: McNemar's exact test for single runs, a paired permutation test on the
    /// per-case pass shares when cases were repeated.
    public var passTest: String
    public var passP: Double
    /// Holm-adjusted across the suite's pairs.
    public var passPAdjusted: Double
    /// Paired permutation (sign-flip) test on the per-case scores.
    public var scoreP: Double
    public var scorePAdjusted: Double

    /// Whether A is significantly better than B on pass rate at level `alpha` (after Holm).
    public func aBetter(alpha: Double) -> Bool { passRateDifference > 0 && passPAdjusted < alpha }
    public func bBetter(alpha: Double) -> Bool { passRateDifference < 0 && passPAdjusted < alpha }
}

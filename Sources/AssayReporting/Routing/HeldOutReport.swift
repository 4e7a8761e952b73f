public import AssayStatistics

/// The policy fitted on one half of the cases and measured on the other.
public struct HeldOutReport: Sendable, Hashable {
    public var fitCases: Int
    public var heldOutCases: Int
    public var policyQuality: Double
    public var policyCostPerTask: Double
    public var fitReference: String
    public var fitReferenceQuality: Double
    public var fitReferenceCostPerTask: Double
    public var baselineModel: String
    public var baselineQuality: Double
    public var baselineCostPerTask: Double
    /// The held-out quality of the policy against the baseline's, as a loss (baseline − policy) with its
    /// one-sided 95% bounds; the policy's quality difference is its negative.
    public var loss: PairedLoss
    /// Value mode: the policy's net value gain over the baseline on the held-out half.
    public var gain: ValueGain?
    /// 1 − policy cost / baseline cost, claimed only when the bound shows the policy within the margin
    /// (or a net value gain); nil otherwise.
    public var projectedSavings: Double?
    /// The bound shows the policy within the margin (or a net value gain), cheaper or not.
    public var claimed: Bool = false
    /// The held-out half shows the policy worse than the margin (or a net value loss): traffic goes back
    /// to the best model.
    public var failed: Bool
    public var verdict: String

    /// The lower 95% bound of the held-out quality difference, policy − baseline.
    public var differenceLowerBound: Double { -loss.upper }
}

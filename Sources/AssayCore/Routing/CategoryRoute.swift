/// The routing decision for one task category, and the figures that justify it.
public struct CategoryRoute: Sendable, Hashable {
    public var category: String
    public var suites: [String]
    public var candidates: [RouteCandidate]
    /// The model that gets most traffic; nil when no model has a known cost and results.
    public var primary: String?
    /// The model with the highest pass rate.
    public var best: String?
    /// Ordered fallbacks after the primary.
    public var fallbacks: [String]
    public var heldOut: HeldOutReport?
    public var notes: [String]

    public func share(of model: String) -> Double { candidates.first { $0.model == model }?.share ?? 0 }
}

/// One model as the routing policy saw it.
public struct RouteCandidate: Sendable, Hashable {
    public var model: String
    /// Pass rate over the category's cases, with its interval.
    public var quality: Double
    public var qualityLow: Double?
    public var qualityHigh: Double?
    public var cases: Int
    public var costPerTask: Double?
    public var p95LatencyMs: Double?
    /// On the quality-versus-cost frontier.
    public var paretoCost: Bool
    /// On the quality-versus-p95-latency frontier.
    public var paretoLatency: Bool
    public var withinLatencyLimit: Bool
    /// Not significantly worse than the best (Holm-adjusted paired test).
    public var tiedWithBest: Bool
    /// Holm-adjusted p-value of the paired test against the best; nil for the best itself.
    public var pValueVersusBest: Double?
    public var utility: Double?
    public var share: Double
}

/// The policy fitted on one half of the cases and measured on the other.
public struct HeldOutReport: Sendable, Hashable {
    public var fitCases: Int
    public var heldOutCases: Int
    public var policyQuality: Double
    public var policyCostPerTask: Double
    public var bestSingleModel: String
    public var bestSingleQuality: Double
    public var bestSingleCostPerTask: Double
    public var baselineModel: String
    public var baselineQuality: Double
    public var baselineCostPerTask: Double
    /// Paired permutation test of the policy's expected per-case pass against the baseline's, on the held-out half.
    public var pValueVersusBaseline: Double
    /// 1 − policy cost / baseline cost, claimed only when held-out quality is not significantly lower.
    public var projectedSavings: Double?
    /// The policy's held-out pass rate is significantly below the baseline's.
    public var failed: Bool
    public var verdict: String
}

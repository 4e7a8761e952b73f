public import AssayCore

/// How routing weights are derived from scores (measurement guidance §5.7).
public struct RoutingOptions: Sendable, Hashable {
    /// The largest quality loss (pass-rate points, as a fraction) tolerated to move traffic from the best
    /// model to a cheaper one: δ of the non-inferiority rule.
    public var maxQualityLoss: Double = RoutingOptions.defaultMaxQualityLoss
    /// Value mode: what one correct answer is worth, USD; nil for the non-inferiority rule.
    public var valuePerSuccess: Double?
    /// Utility weights of the traffic shares among the models allowed to take traffic; normalised to sum
    /// to 1. Quality counts as equal among them (each is shown good enough), so the shares follow cost and
    /// latency, and the quality weight only sets how sharply.
    public var qualityWeight: Double = 0.7
    public var costWeight: Double = 0.3
    public var latencyWeight: Double = 0
    /// Models whose p95 end-to-end latency exceeds this (ms) are not routed to.
    public var maxP95LatencyMs: Double?
    /// The serving objective that goodput is counted against (`--slo`), and the least goodput a model needs
    /// to be routed to (`--min-goodput`, a share of its live calls in the category).
    public var slo: ServiceLevelObjective?
    public var minGoodput: Double?
    /// The error rate of a category's routing decision (divided among its comparisons), and the
    /// significance level of the leaderboards' paired tests.
    public var alpha: Double = 0.05
    /// Share kept by every frontier model that is not allowed to take traffic, so it keeps producing fresh data.
    public var floorShare: Double = 0.02
    /// Softmax temperature of the traffic shares among the models allowed to take traffic.
    public var temperature: Double = 0.1
    /// The model that held-out savings are measured against; nil: the reference model of the fit half.
    public var baselineModel: String?

    /// 5 points: a margin that suites of 100–200 cases can decide when two models rarely disagree; at
    /// 2 points a decision takes 300 or more cases without a single disagreement (measurement §5.8).
    public static let defaultMaxQualityLoss = 0.05

    public init() {}

    public var mode: RoutingMode {
        if let value = valuePerSuccess { return .value(perSuccess: value) }
        return .nonInferiority(margin: maxQualityLoss)
    }

    public var normalisedWeights: (quality: Double, cost: Double, latency: Double) {
        let total = max(1e-12, qualityWeight + costWeight + latencyWeight)
        return (qualityWeight / total, costWeight / total, latencyWeight / total)
    }
}

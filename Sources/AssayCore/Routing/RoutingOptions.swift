/// How routing weights are derived from scores (measurement.md §5.7).
public struct RoutingOptions: Sendable, Hashable {
    /// Utility weights; normalised to sum to 1.
    public var qualityWeight: Double = 0.7
    public var costWeight: Double = 0.3
    public var latencyWeight: Double = 0
    /// Models whose p95 end-to-end latency exceeds this (ms) are not routed to.
    public var maxP95LatencyMs: Double?
    /// Significance level for "significantly worse than the best" (Holm-adjusted).
    public var alpha: Double = 0.05
    /// Share kept by every Pareto-efficient model that is not routed to, so it keeps producing fresh data.
    public var floorShare: Double = 0.02
    /// Softmax temperature of the traffic shares among the models tied with the best.
    public var temperature: Double = 0.1
    /// The model that held-out savings are measured against; nil: the best single model of the fit half.
    public var baselineModel: String?

    public init() {}

    public var normalisedWeights: (quality: Double, cost: Double, latency: Double) {
        let total = max(1e-12, qualityWeight + costWeight + latencyWeight)
        return (qualityWeight / total, costWeight / total, latencyWeight / total)
    }
}

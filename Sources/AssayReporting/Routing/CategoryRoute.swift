/// The routing decision for one task category, and the figures that justify it.
public struct CategoryRoute: Sendable, Hashable {
    public var category: String
    public var suites: [String]
    public var candidates: [RouteCandidate]
    /// The model that gets most traffic; nil when no model has a known cost and results.
    public var primary: String?
    /// The model that keeps the traffic unless another is shown good enough: the dearest routable model
    /// that no other is shown better than.
    public var reference: String?
    /// Ordered fallbacks after the primary.
    public var fallbacks: [String]
    public var heldOut: HeldOutReport?
    public var notes: [String]
    /// What "good enough" meant: within a quality margin, or a net value gain.
    public var mode: RoutingMode
    /// The error rate of the whole decision (every candidate together).
    public var alpha: Double
    /// The error allowed to each one-sided bound after dividing α among the comparisons.
    public var comparisonAlpha: Double
    /// Potential candidates: the routable models but one (the divisor of α; halved again in an
    /// adaptive run).
    public var candidatesTested: Int
    /// The bounds are anytime-valid confidence sequences (an adaptive run) rather than fixed-n bounds.
    public var sequential: Bool

    public func share(of model: String) -> Double { candidates.first { $0.model == model }?.share ?? 0 }

    public func candidate(_ model: String) -> RouteCandidate? { candidates.first { $0.model == model } }
}

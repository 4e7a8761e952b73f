public import AssayStatistics

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
    /// Share of live calls that met the serving objective, when one is set; and whether it reaches the
    /// routing minimum (true without one).
    public var goodput: Double?
    public var meetsGoodput = true
    public var decision: RouteDecision
    /// The comparison that decided (or leaves undecided) this model: its quality loss against the model
    /// that binds (usually the reference, or the one it is shown worse than). For the reference, its loss
    /// against the strongest other model. Nil for models that were not tested.
    public var loss: PairedLoss?
    /// Value mode: its net value gain over the binding reference.
    public var gain: ValueGain?
    /// Undecided models: about how many more cases would decide them (80% power, at the observed
    /// discordance); nil when no number would.
    public var moreCasesNeeded: PairedLoss.MoreCases?
    /// Samples whose call was answered.
    public var answered = 0
    /// The reference: shown within the margin of every other routable model itself.
    public var referenceShownGoodEnough = false
    /// Shown good enough, but the held-out check failed: traffic stays on the reference.
    public var heldBack = false
    /// The model that dominates this one on the cost frontier.
    public var dominatedBy: String?
    /// A model no dearer is shown better than this one (not only by point estimates).
    public var dominanceShown = false
    public var utility: Double?
    public var share: Double

    public init(
        model: String, quality: Double, qualityLow: Double?, qualityHigh: Double?, cases: Int, costPerTask: Double?,
        p95LatencyMs: Double?, withinLatencyLimit: Bool
    ) {
        self.model = model
        self.quality = quality
        self.qualityLow = qualityLow
        self.qualityHigh = qualityHigh
        self.cases = cases
        self.costPerTask = costPerTask
        self.p95LatencyMs = p95LatencyMs
        self.paretoCost = false
        self.paretoLatency = false
        self.withinLatencyLimit = withinLatencyLimit
        self.decision = .excluded
        self.share = 0
    }

    /// Within the latency limit and the goodput minimum: may be routed to.
    public var withinServingLimits: Bool { withinLatencyLimit && meetsGoodput }

    /// May take traffic beyond the exploration floor.
    public var takesTraffic: Bool { decision == .reference || (decision == .admitted && !heldBack) }
}

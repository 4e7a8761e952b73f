public import AssayStatistics

/// A candidate's net value gain over a reference, per task: `(V·Q_m − C_m) − (V·Q_ref − C_ref)`.
public struct ValueGain: Sendable, Hashable {
    public var reference: String
    public var candidate: String
    public var perSuccess: Double
    public var estimate: Double
    /// One-sided bounds: the quality loss's bound and the cost saving's bound, each at half the error.
    public var lower: Double
    public var upper: Double
    /// The quality part.
    public var qualityLoss: PairedLoss
    /// Mean cost saving per task on the shared cases (reference cost − candidate cost).
    public var costSaving: Double
    public var costSavingLower: Double
    public var costSavingUpper: Double
}

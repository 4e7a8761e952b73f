/// How far a judge configuration agrees with human labels on a suite's calibration set.
public struct JudgeCalibration: Sendable, Hashable, Codable {
    public var suite: String
    public var metric: String
    /// Judge model and prompt (`model version#hash`).
    public var judge: String
    public var items: Int
    /// Items the judge could not grade (grader errors); left out of the figures.
    public var errors: Int
    /// Share of items where the judge's pass/fail equals the human one (label ≥ 4 passes).
    public var agreement: Double?
    /// Cohen's kappa on pass/fail.
    public var kappa: Double?
    /// Quadratic-weighted Cohen's kappa on the 5-level scale (the judge's score mapped to 5 levels).
    public var weightedKappa: Double?
    public var kappaFloor: Double
    /// The judge is trusted: weighted kappa (or kappa) reaches the floor.
    public var trusted: Bool

    public init(
        suite: String, metric: String, judge: String, items: Int, errors: Int, agreement: Double?, kappa: Double?,
        weightedKappa: Double?, kappaFloor: Double, trusted: Bool
    ) {
        self.suite = suite
        self.metric = metric
        self.judge = judge
        self.items = items
        self.errors = errors
        self.agreement = agreement
        self.kappa = kappa
        self.weightedKappa = weightedKappa
        self.kappaFloor = kappaFloor
        self.trusted = trusted
    }
}

/// One stored run's figures for one suite × model: a point of its trend.
public struct HistoryPoint: Sendable, Hashable {
    public var runID: String
    public var startedAt: String
    /// What the run used: the suite's version and content fingerprints, and the model's price per million
    /// tokens (nil when unknown). A change of either starts a new segment.
    public var suiteVersion: String
    public var suiteFingerprint: String?
    public var priceInput: Double?
    public var priceOutput: Double?
    /// The segment this point belongs to (0 for the first), and why it began, for the first point of a
    /// later segment.
    public var segment = 0
    public var segmentReason: String?
    public var samples = 0
    /// Samples with a known pass/fail (failed calls count as not passed, as in the run report), and passes,
    /// with the Wilson 95% interval.
    public var judged = 0
    public var passed = 0
    public var passRate: Double?
    public var passRateLow: Double?
    public var passRateHigh: Double?
    /// The pass rate of answered calls only: what drift in quality is tested on, apart from failures.
    public var answeredPassRate: Double?
    public var ttftP50Ms: Double?
    public var ttftP95Ms: Double?
    public var latencyP50Ms: Double?
    public var latencyP95Ms: Double?
    public var tpotP50Ms: Double?
    /// Median output speed, tokens per second.
    public var outputTokensPerSecond: Double?
    /// Mean cost per sample; nil when a price is unknown.
    public var costPerTask: Double?
    public var errorsByKind: [String: Int] = [:]

    public var errors: Int { errorsByKind.values.reduce(0, +) }
    public var errorRate: Double? { samples > 0 ? Double(errors) / Double(samples) : nil }
}

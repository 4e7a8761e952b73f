/// The quality loss of a candidate against a reference on the cases both were run on,
/// `Q_reference − Q_candidate`, with one-sided confidence bounds.
public struct PairedLoss: Sendable, Hashable {
    public var reference: String
    public var candidate: String
    /// Shared cases.
    public var cases: Int
    public var estimate: Double
    /// One-sided bounds, each at error `alpha`.
    public var lower: Double
    public var upper: Double
    public var alpha: Double
    public var method: Method
    /// Discordant cases: the reference passed and the candidate did not, and the other way round
    /// (shares of a case when it was repeated).
    public var onlyReference: Double
    public var onlyCandidate: Double

    public enum Method: String, Sendable, Hashable {
        /// Tango's score bound for paired proportions (one pass/fail per case), at a nominal level that
        /// keeps its exact error within α.
        case tangoScore = "tango-score"
        /// Repeated or clustered cases: the larger of a paired cluster bootstrap bound and Tango's bound on
        /// the effective counts (discordant shares divided by the design effect).
        case pairedBootstrap = "paired-cluster-bootstrap"
        /// Adaptive runs: an anytime-valid betting confidence sequence over the cases in their seeded order.
        case confidenceSequence = "betting-confidence-sequence"

        public var description: String {
            switch self {
            case .tangoScore: "Tango's score bound for paired pass rates"
            case .pairedBootstrap: "paired cluster bootstrap, floored by Tango's bound on effective counts"
            case .confidenceSequence: "anytime-valid betting confidence sequence"
            }
        }
    }

    public init(
        reference: String, candidate: String, cases: Int, estimate: Double, lower: Double, upper: Double, alpha: Double,
        method: Method, onlyReference: Double, onlyCandidate: Double
    ) {
        self.reference = reference
        self.candidate = candidate
        self.cases = cases
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
        self.alpha = alpha
        self.method = method
        self.onlyReference = onlyReference
        self.onlyCandidate = onlyCandidate
    }
}

public import AssayCore

/// One model's result on one case, over its repeats: the unit that paired tests compare.
///
/// Kept at 64 bytes (counts as 32-bit, an unknown cost as NaN): routing holds one per case × model, twice
/// over while it checks itself on held-out cases, and a run of 100,000 samples is bounded by that.
public struct CaseOutcome: Sendable, Hashable {
    public var caseID: String
    public var cluster: String?
    /// Share of the case's samples that passed; failed calls count as not passed.
    public var pass: Double
    /// Mean score over the samples; a failed call scores 0.
    public var score: Double
    private var storedCost: Double
    private var storedSamples: Int32
    private var storedAnswered: Int32

    /// Samples whose pass/fail is known (graded without grader errors, or failed calls).
    public var samples: Int {
        get { Int(storedSamples) }
        set { storedSamples = Int32(clamping: newValue) }
    }

    /// Mean cost per sample (a failed call costs nothing); nil when unknown.
    public var cost: Double? {
        get { storedCost.isNaN ? nil : storedCost }
        set { storedCost = newValue ?? .nan }
    }

    /// Samples whose call was answered.
    public var answered: Int {
        get { Int(storedAnswered) }
        set { storedAnswered = Int32(clamping: newValue) }
    }

    public init(caseID: String, cluster: String?, pass: Double, score: Double, samples: Int, cost: Double?, answered: Int = 1) {
        self.caseID = caseID
        self.cluster = cluster
        self.pass = pass
        self.score = score
        self.storedCost = cost ?? .nan
        self.storedSamples = Int32(clamping: samples)
        self.storedAnswered = Int32(clamping: answered)
    }

    public static func == (a: CaseOutcome, b: CaseOutcome) -> Bool {
        a.caseID == b.caseID && a.cluster == b.cluster && a.pass == b.pass && a.score == b.score && a.samples == b.samples
            && a.cost == b.cost && a.answered == b.answered
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(caseID)
        hasher.combine(cluster)
        hasher.combine(pass)
        hasher.combine(score)
        hasher.combine(samples)
        hasher.combine(cost)
        hasher.combine(answered)
    }
}

public import AssayCore

/// One model's result on one case, over its repeats: the unit that paired tests compare.
public struct CaseOutcome: Sendable, Hashable {
    public var caseID: String
    public var cluster: String?
    /// Share of the case's samples that passed; failed calls count as not passed.
    public var pass: Double
    /// Mean score over the samples; a failed call scores 0.
    public var score: Double
    /// Samples whose pass/fail is known (graded without grader errors, or failed calls).
    public var samples: Int
    /// Mean cost per sample (a failed call costs nothing); nil when unknown.
    public var cost: Double?
    /// Samples whose call was answered.
    public var answered: Int

    public init(caseID: String, cluster: String?, pass: Double, score: Double, samples: Int, cost: Double?, answered: Int = 1) {
        self.caseID = caseID
        self.cluster = cluster
        self.pass = pass
        self.score = score
        self.samples = samples
        self.cost = cost
        self.answered = answered
    }
}

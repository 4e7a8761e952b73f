/// One suite's results across models, best first.
public struct SuiteSummary: Sendable, Hashable {
    public var name: String
    public var version: String
    public var category: String
    public var description: String
    public var cases: Int
    /// Samples per case and model.
    public var repeats: Int
    public var models: [ModelSummary]
    /// Every pair of models, compared on the same cases.
    public var comparisons: [PairwiseComparison]
    /// Cases whose outcome changed across repeats.
    public var flaky: [FlakyCase]
    /// For suites judged pairwise (`select-best`): Bradley–Terry ratings with bootstrap intervals.
    public var pairwise: PairwiseSummary?
    /// The pass-rate gap its paired tests can detect (80% power), at the median discordance of its pairs.
    public var detectableGap: Double?
    public var medianDiscordance: Double?
    /// The cases the models were compared on (the most any pair shared): fewer than the suite's when an
    /// adaptive run stopped models early.
    public var comparedCases: Int?

    /// No two of its models are significantly different.
    public var separatesNoModels: Bool { models.count > 1 && models.allSatisfy { $0.rank == 1 && $0.rankHigh >= models.count } }

    /// What the suite's size can and cannot tell apart, for the leaderboards.
    public var separationNote: String? {
        guard let gap = detectableGap, models.count > 1 else { return nil }
        let n = comparedCases ?? self.cases
        let cases = "\(n) case\(n == 1 ? "" : "s")" + (n < self.cases ? " compared (of \(self.cases))" : "")
        let size = gap >= 1 ? "no gap at all (it would need more than the whole scale)" : "a pass-rate gap of about \(ReportFormat.points(gap))"
        let detect = "a paired test detects \(size) (80% power, two models disagreeing on \(ReportFormat.percent(medianDiscordance)) of the cases, the median pair)"
        if separatesNoModels { return "Too small to separate its models: \(cases) tell no two of them apart; \(detect)." }
        return "With \(cases), \(detect); ranks show the range the data allow."
    }
}

/// What pairwise judging found on one suite.
public struct PairwiseSummary: Sendable, Hashable {
    public var comparisons: Int
    /// Pairs where both orders gave the same verdict, over pairs judged.
    public var positionConsistency: Double?
    public var inconsistent: Int
    public var unjudged: Int
    /// Best first.
    public var ratings: [Rating]

    public struct Rating: Sendable, Hashable {
        public var model: String
        public var rating: Double
        public var low: Double
        public var high: Double
        public var wins: Int
        public var losses: Int
        public var ties: Int
    }
}

/// A case whose pass/fail outcome changed across repeats of the same model.
public struct FlakyCase: Sendable, Hashable {
    public var caseID: String
    public var model: String
    public var repeats: Int
    public var passes: Int
    /// Changes of outcome between consecutive repeats, divided by (repeats − 1).
    public var flipRate: Double
}

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

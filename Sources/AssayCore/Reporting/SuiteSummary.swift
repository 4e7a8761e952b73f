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

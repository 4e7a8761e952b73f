/// The outcome of one assertion on one answer.
public struct GradeResult: Sendable, Hashable, Codable {
    /// The assertion type as written (with any `not-` prefix).
    public var type: String
    public var metric: String
    /// In [0, 1].
    public var score: Double
    public var pass: Bool
    public var reason: String
    public var weight: Double
    /// Set when the grader itself failed (a judge that could not be reached or parsed):
    /// the answer is then neither passed nor failed by this assertion.
    public var error: String?
    /// Judge cost in USD, kept apart from the cost of the model under test.
    public var judgeCost: Double?
    /// The judge model that produced the grade.
    public var judge: String?

    public init(
        type: String, metric: String, score: Double, pass: Bool, reason: String, weight: Double = 1,
        error: String? = nil, judgeCost: Double? = nil, judge: String? = nil
    ) {
        self.type = type
        self.metric = metric
        self.score = min(1, max(0, score.isNaN ? 0 : score))
        self.pass = pass
        self.reason = reason
        self.weight = weight
        self.error = error
        self.judgeCost = judgeCost
        self.judge = judge
    }
}

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
    /// Not graded yet: a `select-best` grade before every model's answer to the case is judged in pairs.
    /// Neither passed nor failed, and left out of the sample's score until it is filled in.
    public var pending: Bool = false

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

    /// A `select-best` grade waiting for its pairs to be judged.
    public static func pendingPairwise(type: String, metric: String, weight: Double) -> GradeResult {
        var grade = GradeResult(type: type, metric: metric, score: 0, pass: false, reason: "pairwise judging pending", weight: weight)
        grade.pending = true
        return grade
    }

    /// How a store keeps a pending grade in its error column: the text earlier versions wrote there,
    /// so that a store written by them reads back the same.
    static let pendingMarker = "pairwise judging pending"

    /// The error column as a store writes it.
    public var storedError: String? { pending ? GradeResult.pendingMarker : error }

    /// A grade read back from a store's columns: the pending marker in the error column is a pending grade.
    public static func stored(
        type: String, metric: String, score: Double, pass: Bool, reason: String, weight: Double, storedError: String?,
        judgeCost: Double?, judge: String?
    ) -> GradeResult {
        let pending = storedError == pendingMarker
        var grade = GradeResult(
            type: type, metric: metric, score: score, pass: pass, reason: reason, weight: weight, error: pending ? nil : storedError,
            judgeCost: judgeCost, judge: judge)
        grade.pending = pending
        return grade
    }
}

extension GradeResult {
    /// Whether a grade's type (as written, `not-` included) is a tool-call assertion.
    public static func isToolCallType(_ type: String) -> Bool {
        let bare = type.hasPrefix("not-") ? String(type.dropFirst(4)) : type
        return AssertionKind(rawValue: bare)?.gradesToolCalls ?? false
    }
}

/// One assertion as written in a suite, before rendering against a case.
public struct AssertionSpec: Sendable, Hashable {
    public var kind: AssertionKind
    /// `not-` prefix: the grade is inverted.
    public var negated: Bool
    /// The expected value, schema or rubric; may hold `{{var}}` templates.
    public var value: JSONValue?
    /// A JSON path (`$.a.b[0]`) into the answer, for `json-path` or to narrow any text assertion.
    public var path: String?
    public var weight: Double
    /// The name the score is reported under; defaults to the assertion type.
    public var metric: String?
    /// Score threshold for graded assertions (ROUGE, BLEU, judges, `assert-set`), in [0, 1]; for
    /// `levenshtein`, `latency` and `cost` an absolute limit (edits, milliseconds, US dollars).
    public var threshold: Double?
    /// Bounds for length assertions.
    public var min: Double?
    public var max: Double?
    /// The judge model for judge assertions, overriding the suite's.
    public var judge: String?
    /// The n-gram order of `rouge-n` (nil: 1).
    public var n: Int?
    /// Porter stemming (as rouge-score's `use_stemmer`) for `rouge-n` and `rouge-l`.
    public var stem: Bool
    /// The grouped assertions of an `assert-set`.
    public var children: [AssertionSpec]
    /// `factuality`: the score of each verdict category (subset, superset, agree, disagree, differButFactual).
    public var scores: [String: Double]
    /// Where it was written, for messages: `file:line`.
    public var source: String
    /// A judge assertion reads the whole exchange (conversation, tool calls and results, replies) rather than the
    /// last answer alone.
    public var transcript: Bool = false

    public init(
        kind: AssertionKind, negated: Bool = false, value: JSONValue? = nil, path: String? = nil, weight: Double = 1,
        metric: String? = nil, threshold: Double? = nil, min: Double? = nil, max: Double? = nil,
        judge: String? = nil, n: Int? = nil, stem: Bool = false, children: [AssertionSpec] = [], scores: [String: Double] = [:],
        source: String = ""
    ) {
        self.kind = kind
        self.negated = negated
        self.value = value
        self.path = path
        self.weight = weight
        self.metric = metric
        self.threshold = threshold
        self.min = min
        self.max = max
        self.judge = judge
        self.n = n
        self.stem = stem
        self.children = children
        self.scores = scores
        self.source = source
    }

    /// The type as written, with its `not-` prefix.
    public var typeName: String { (negated ? "not-" : "") + kind.rawValue }
    public var metricName: String { metric ?? typeName }

    /// This assertion and, for an `assert-set`, every assertion inside it (depth first).
    public var flattened: [AssertionSpec] { [self] + children.flatMap(\.flattened) }

    /// Whether this assertion or one inside it calls a judge model.
    public var needsJudge: Bool { flattened.contains { $0.kind.needsJudge } }

    /// Whether this assertion or one inside it is of the given type.
    public func contains(kind: AssertionKind) -> Bool { flattened.contains { $0.kind == kind } }
}

extension AssertionSpec {
    /// The answers a `factuality` judge chooses between, which its `scores:` map to a score (the
    /// categories of OpenAI evals' fact check, as promptfoo names them).
    public static let factualityCategories = ["subset", "superset", "agree", "disagree", "differButFactual"]
}

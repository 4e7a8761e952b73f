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
    /// Score threshold for graded assertions (ROUGE, judges).
    public var threshold: Double?
    /// Bounds for length assertions.
    public var min: Double?
    public var max: Double?
    /// The judge model for judge assertions, overriding the suite's.
    public var judge: String?
    /// Where it was written, for messages: `file:line`.
    public var source: String

    public init(
        kind: AssertionKind, negated: Bool = false, value: JSONValue? = nil, path: String? = nil, weight: Double = 1,
        metric: String? = nil, threshold: Double? = nil, min: Double? = nil, max: Double? = nil,
        judge: String? = nil, source: String = ""
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
        self.source = source
    }

    /// The type as written, with its `not-` prefix.
    public var typeName: String { (negated ? "not-" : "") + kind.rawValue }
    public var metricName: String { metric ?? typeName }
}

/// One planned (suite, case, model, repeat) after it ran: answered and graded, or failed with its error.
public struct Sample: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable {
        /// Answered and graded (the answer may still have failed its assertions).
        case graded
        /// The model call failed; `errorKind` says why.
        case error
    }

    public var runID: String
    public var suite: String
    public var caseID: String
    public var model: String
    public var repeatIndex: Int
    public var status: Status
    public var errorKind: ErrorKind?
    public var errorMessage: String?
    public var output: String?
    /// The functions the model called, in order (name and arguments as sent); empty for a text answer.
    public var toolCalls: [ToolCall]
    /// Each model turn of a case that took several (tool suites; `output` is the last turn's text, `toolCalls` every
    /// turn's calls, and usage, cost and latency the turns' totals); empty for a single-turn case.
    public var turns: [SampleTurn] = []
    public var finishReason: String?
    public var usage: TokenUsage?
    /// USD; nil when the model's price is unknown.
    public var cost: Double?
    /// Judge cost in USD for grading this sample.
    public var judgeCost: Double
    public var timings: CallTimings?
    public var attempts: Int
    /// Weighted score in [0, 1] over the assertions that graded (grader errors excluded).
    public var score: Double?
    public var passed: Bool?
    public var grades: [GradeResult]
    /// Order in which it was stored within the run.
    public var sequence: Int
    /// The answer came from the response cache: no call was made, so its latency is not a measurement
    /// and it cost nothing this time (`cost` is still what the answer cost when it was made).
    public var cached: Bool

    public init(
        runID: String, suite: String, caseID: String, model: String, repeatIndex: Int = 0, status: Status,
        errorKind: ErrorKind? = nil, errorMessage: String? = nil, output: String? = nil,
        toolCalls: [ToolCall] = [], finishReason: String? = nil, usage: TokenUsage? = nil, cost: Double? = nil, judgeCost: Double = 0,
        timings: CallTimings? = nil, attempts: Int = 1, score: Double? = nil, passed: Bool? = nil,
        grades: [GradeResult] = [], sequence: Int = 0, cached: Bool = false
    ) {
        self.runID = runID
        self.suite = suite
        self.caseID = caseID
        self.model = model
        self.repeatIndex = repeatIndex
        self.status = status
        self.errorKind = errorKind
        self.errorMessage = errorMessage
        self.output = output
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
        self.cost = cost
        self.judgeCost = judgeCost
        self.timings = timings
        self.attempts = attempts
        self.score = score
        self.passed = passed
        self.grades = grades
        self.sequence = sequence
        self.cached = cached
    }

    public var key: PlannedKey { PlannedKey(suite: suite, caseID: caseID, model: model, repeatIndex: repeatIndex) }

    /// The sample without its texts (answer, error message, grade reasons): what aggregation needs,
    /// at a fraction of the memory.
    public var withoutText: Sample {
        var s = self
        s.output = nil
        s.toolCalls = []
        s.turns = []
        s.errorMessage = nil
        s.grades = grades.map { var g = $0; g.reason = ""; return g }
        return s
    }

    /// Whether any grader failed to produce a grade.
    /// A grade could not be given (a grader error) or is not given yet (pairwise judging pending).
    public var hasGraderError: Bool { grades.contains { $0.error != nil || $0.pending } }

    /// Suite, case, model, repeat: an order that does not depend on which call finished first, so that
    /// sums and files come out the same on every run.
    public static func stableOrder(_ a: Sample, _ b: Sample) -> Bool {
        (a.suite, a.caseID, a.model, a.repeatIndex) < (b.suite, b.caseID, b.model, b.repeatIndex)
    }

    /// The samples in `stableOrder`: the array itself when it already is (as a store returns them), so
    /// that a run of 100,000 samples is not copied to find out.
    public static func inStableOrder(_ samples: [Sample]) -> [Sample] {
        for i in samples.indices.dropFirst() where stableOrder(samples[i], samples[i - 1]) {
            return samples.sorted(by: stableOrder)
        }
        return samples
    }
}

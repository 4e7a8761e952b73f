/// One model's results on one suite.
public struct ModelSummary: Sendable, Hashable {
    public var model: String
    /// Planned samples that ended stored (answered or failed).
    public var samples: Int
    /// Answered and graded.
    public var graded: Int
    /// Provider failures (after retries), by error kind.
    public var errorsByKind: [String: Int]
    public var passed: Int
    /// Samples whose pass/fail is known: graded with at least one working grader, plus provider failures
    /// (which count as not passed: the task was not done).
    public var judged: Int
    public var passRate: Double?
    public var passRateLow: Double?
    public var passRateHigh: Double?
    public var meanScore: Double?
    /// Seeded percentile-bootstrap 95% interval of the mean score (clusters resampled whole).
    public var meanScoreLow: Double?
    public var meanScoreHigh: Double?
    /// Mean score per named metric.
    public var metrics: [String: Double]
    public var ttftP50Ms: Double?
    public var ttftP90Ms: Double?
    public var ttftP95Ms: Double?
    public var ttftP99Ms: Double?
    public var latencyP50Ms: Double?
    public var latencyP90Ms: Double?
    public var latencyP95Ms: Double?
    public var latencyP99Ms: Double?
    /// Median output speed, tokens per second (excluding TTFT).
    public var outputTokensPerSecond: Double?
    /// Time per output token after the first, per call: (end-to-end − TTFT) / (output tokens − 1), as vLLM's
    /// benchmark defines TPOT; percentiles over the calls.
    public var tpotP50Ms: Double? = nil
    public var tpotP90Ms: Double? = nil
    public var tpotP95Ms: Double? = nil
    public var tpotP99Ms: Double? = nil
    /// Inter-chunk latency pooled over the calls (vLLM's ITL): percentiles of every gap between streamed
    /// output events after the first; a chunk may hold several tokens.
    public var itlP50Ms: Double? = nil
    public var itlP90Ms: Double? = nil
    public var itlP95Ms: Double? = nil
    public var itlP99Ms: Double? = nil
    /// Gaps measured; past `OutcomeTable.chunkGapLimit` the percentiles come from a sample of that size.
    public var itlGaps = 0
    /// Under a serving objective (`--slo`): live calls (failed ones included), the share answered within every
    /// bound, and its Wilson 95% interval; nil without an objective or a live call.
    public var goodputCalls = 0
    public var goodput: Double? = nil
    public var goodputLow: Double? = nil
    public var goodputHigh: Double? = nil
    public var inputTokens: Int
    public var outputTokens: Int
    /// Nil when any answered call's price is unknown.
    public var totalCost: Double?
    public var costPerTask: Double?
    public var judgeCost: Double
    public var graderErrors: Int
    /// Attempts beyond the first, over all samples.
    public var retries: Int
    /// For code suites: pass@k (the unbiased estimator over n samples per task) and pass^k (all k pass),
    /// for k = 1 and k = the number of repeats, from the code-tests grade.
    public var passAtK: [Int: Double] = [:]
    public var passHatK: [Int: Double] = [:]
    /// Tool suites: the share of graded samples whose every tool-call assertion passed, with its Wilson 95% interval.
    public var toolCallSamples = 0
    public var toolCallAccuracy: Double?
    public var toolCallLow: Double?
    public var toolCallHigh: Double?
    /// Rank with ties: 1 + the number of models significantly better on pass rate.
    public var rank: Int
    /// The worst rank the data allow: the number of models less those significantly worse.
    public var rankHigh: Int = 0

    /// "1" or "1–4".
    public var rankRange: String { ReportFormat.rank(rank, max(rank, rankHigh)) }

    public var costPer1000Tasks: Double? { costPerTask.map { $0 * 1000 } }
    public var errorRate: Double { samples > 0 ? Double(errors) / Double(samples) : 0 }

    public var errors: Int { errorsByKind.values.reduce(0, +) }
}

/// One change tested between a series' recent runs and its reference runs.
public struct DriftCheck: Sendable, Hashable {
    public enum Metric: String, Sendable, CaseIterable {
        /// Pass rate of answered calls, paired on the cases both windows ran (sign-flip permutation test).
        case quality
        /// Share of calls that failed (one-sided Fisher exact test).
        case errors
        /// Per-call TTFT and end-to-end latency (one-sided Mann–Whitney U test).
        case ttft
        case latency
        /// Cost per case, paired on the cases both windows ran (sign-flip permutation test).
        case cost

        /// What a flag of this metric means, as the pages say it.
        public var worse: String {
            switch self {
            case .quality: "quality dropped"
            case .errors: "error rate rose"
            case .ttft: "time to first token rose"
            case .latency: "end-to-end latency rose"
            case .cost: "cost per task rose"
            }
        }
    }

    public var suite: String
    public var model: String
    public var metric: Metric
    /// The windows' figures: pass rates or error rates as fractions, latencies as medians in ms, costs in USD.
    public var reference: Double
    public var recent: Double
    /// Recent − reference for rates; recent / reference − 1 for latency and cost.
    public var change: Double
    /// The smallest change that is flagged.
    public var minimum: Double
    /// The test's p-value, and after Holm's correction over every check of the history.
    public var p: Double
    public var pAdjusted: Double = 1
    /// What the test compared: paired cases, or calls in each window.
    public var units: String
    public var flagged = false

    public var label: String { "\(suite) × \(model): \(metric.worse)" }
}

/// Which stored runs a history covers and how drift is decided (`assay history`).
public struct HistoryOptions: Sendable, Hashable {
    /// The newest runs of a series that are tested against the runs before them.
    public var recentRuns = 1
    /// At most this many runs before the recent window, in the same segment, form the reference.
    public var referenceRuns = 7
    /// The smallest changes flagged (point estimates, recent against reference): a pass-rate drop on
    /// answered calls (fraction), a relative rise of median TTFT, median end-to-end latency and cost per
    /// task, and a rise of the error rate (fraction of calls).
    public var minQualityDrop = 0.05
    public var minLatencyRise = 0.2
    /// And an absolute minimum for latency, ms: a median going from 9 to 14 ms is 55% but matters to no one.
    public var minLatencyRiseMs = 25.0
    public var minCostRise = 0.2
    public var minErrorRise = 0.05
    /// Family-wise error rate over every change tested (Holm's correction across series and metrics).
    public var alpha = 0.05

    public init() {}
}

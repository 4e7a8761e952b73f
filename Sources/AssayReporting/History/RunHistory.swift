/// The stored runs of some suites, per suite × model, and the drift found between each series' recent
/// runs and the runs before them.
public struct RunHistory: Sendable {
    public struct RunEntry: Sendable, Hashable {
        public var id: String
        public var startedAt: String
        public var status: String
        public var simulated: Bool
    }

    public var options: HistoryOptions
    /// The runs covered, oldest first.
    public var runs: [RunEntry]
    public var series: [HistorySeries]
    /// Every change tested, in series order; the flagged ones are drift.
    public var checks: [DriftCheck]
    /// Why a series or run was not tested or not covered.
    public var notes: [String]

    public var flags: [DriftCheck] { checks.filter(\.flagged) }
    /// Flags of failing calls (quota, outage), kept apart from flags of worse answers.
    public var errorFlags: [DriftCheck] { flags.filter { $0.metric == .errors } }
    public var qualityFlags: [DriftCheck] { flags.filter { $0.metric == .quality } }
}

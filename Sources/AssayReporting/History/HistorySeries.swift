/// One suite × model over the stored runs, oldest first.
public struct HistorySeries: Sendable, Hashable {
    public var suite: String
    public var model: String
    public var points: [HistoryPoint]

    /// The id the pages link to: `suite/model`.
    public var key: String { "\(suite)/\(model)" }

    /// The points of the newest segment: the only ones drift is tested within.
    public var lastSegment: [HistoryPoint] {
        guard let last = points.last?.segment else { return [] }
        return points.filter { $0.segment == last }
    }
}

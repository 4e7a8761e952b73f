/// One of N workers that together run a plan exactly once (`--shard I/N`, I counted from 1).
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1, (1...count).contains(index) else {
            throw EngineError(.invalidShard, "shard \(index)/\(count) does not exist: use I/N with 1 ≤ I ≤ N, e.g. 2/4")
        }
        self.index = index
        self.count = count
    }

    /// Parses `I/N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw EngineError(.invalidShard, "--shard '\(text)' is not I/N, e.g. 2/4")
        }
        try self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// Whether the case at `position` (in the plan's case order) belongs to this shard. Cases, not
    /// samples, are dealt out, so every model and repeat of a case lands on one shard and pairwise
    /// judging of that case can happen there; dealing round-robin keeps shards within one case of each
    /// other in size.
    public func owns(casePosition position: Int) -> Bool {
        position % count == index - 1
    }
}

/// A shard (`--shard I/N`) that ran its whole part of a run: its samples, the pairwise judging of its
/// cases and, for shard 1, the judges' calibration. A run sharded N ways is finished when 1 to N are.
public struct FinishedShard: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public var description: String { "\(index)/\(count)" }

    public static func < (a: FinishedShard, b: FinishedShard) -> Bool {
        (a.count, a.index) < (b.count, b.index)
    }

    /// The shards still to finish, given those that have: none when, for some N, shards 1 to N all
    /// have (or when no shard has, as for a run that was not sharded); otherwise the missing ones of the
    /// N most finished shards used.
    public static func unfinished(given finished: Set<FinishedShard>) -> [FinishedShard] {
        let counts = Set(finished.map(\.count))
        guard !counts.isEmpty else { return [] }
        func missing(_ count: Int) -> [FinishedShard] {
            (1...count).map { FinishedShard(index: $0, count: count) }.filter { !finished.contains($0) }
        }
        if counts.contains(where: { missing($0).isEmpty }) { return [] }
        let used = { (count: Int) in finished.filter { $0.count == count }.count }
        // The split most shards finished in, then the one with fewest left, then the smaller.
        let likely = counts.sorted().max { a, b in
            (used(a), -missing(a).count) < (used(b), -missing(b).count)
        }
        return likely.map(missing) ?? []
    }
}

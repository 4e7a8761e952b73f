/// One part of a sharded run (`--shard I/N`, I counted from 1) as the store records it: a shard records
/// that it started, then that it ran its whole part (its samples, the pairwise judging of its cases and,
/// for shard 1, the judges' calibration). An unsharded run records itself as 1/1.
public struct ShardMark: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public var description: String { "\(index)/\(count)" }

    public static func < (a: ShardMark, b: ShardMark) -> Bool {
        (a.count, a.index) < (b.count, b.index)
    }

    /// The shards still to finish, given every shard that started and whether it finished.
    ///
    /// None when, for some N, shards 1 to N all finished, or when nothing was recorded (a run made before
    /// shards were recorded). Otherwise the missing ones of the split most finished shards used (then the
    /// one with fewest missing), among the splits that started: shards that started and none finished
    /// are all named.
    public static func unfinished(_ shards: [ShardMark: Bool]) -> [ShardMark] {
        guard !shards.isEmpty else { return [] }
        let finished = Set(shards.filter(\.value).keys)
        func missing(_ count: Int) -> [ShardMark] {
            (1...count).map { ShardMark(index: $0, count: count) }.filter { !finished.contains($0) }
        }
        let counts = Set(shards.keys.map(\.count))
        if counts.contains(where: { missing($0).isEmpty }) { return [] }
        let used = { (count: Int) in finished.filter { $0.count == count }.count }
        let likely = counts.sorted().max { a, b in
            (used(a), -missing(a).count) < (used(b), -missing(b).count)
        }
        return likely.map(missing) ?? []
    }
}

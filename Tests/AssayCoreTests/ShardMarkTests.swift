import AssayCore
import Testing

struct ShardMarkTests {
    static func shards(finished: [(Int, Int)], started: [(Int, Int)] = []) -> [ShardMark: Bool] {
        var shards: [ShardMark: Bool] = [:]
        for (i, n) in started { shards[ShardMark(index: i, count: n)] = false }
        for (i, n) in finished { shards[ShardMark(index: i, count: n)] = true }
        return shards
    }

    @Test func aRunWithNothingRecordedHasNothingToFinish() {
        #expect(ShardMark.unfinished([:]).isEmpty)
    }

    @Test func shardsThatStartedAndNoneFinishedAreAllUnfinished() {
        #expect(ShardMark.unfinished(Self.shards(finished: [], started: [(1, 2), (2, 2)])) == [ShardMark(index: 1, count: 2), ShardMark(index: 2, count: 2)])
        // A split is known from any of its shards: the ones that never started count too.
        #expect(ShardMark.unfinished(Self.shards(finished: [], started: [(2, 3)])).count == 3)
    }

    @Test func theMissingShardsOfTheSplitAreNamed() {
        #expect(ShardMark.unfinished(Self.shards(finished: [(1, 4), (3, 4)], started: [(2, 4)])) == [ShardMark(index: 2, count: 4), ShardMark(index: 4, count: 4)])
        #expect(ShardMark.unfinished(Self.shards(finished: [(1, 2), (2, 2)])).isEmpty)
    }

    @Test func anUnshardedRunOrResumeFinishesTheRunAsOneOfOne() {
        #expect(ShardMark.unfinished(Self.shards(finished: [(1, 1)])).isEmpty)
        // Shard 1/2 died while judging, then the run was resumed without --shard.
        #expect(ShardMark.unfinished(Self.shards(finished: [(2, 2), (1, 1)], started: [(1, 2)])).isEmpty)
        #expect(ShardMark.unfinished(Self.shards(finished: [], started: [(1, 1)])) == [ShardMark(index: 1, count: 1)])
    }

    @Test func oneCompleteSplitIsEnoughWhenARunWasShardedTwoWays() {
        // Workers first ran as 1/2 and 2/2, then one was run again as 1/3: the 2-way split covers the plan.
        #expect(ShardMark.unfinished(Self.shards(finished: [(1, 2), (2, 2), (1, 3)])).isEmpty)
        // Neither split complete: the one most shards finished in is named.
        #expect(ShardMark.unfinished(Self.shards(finished: [(1, 2), (1, 3), (2, 3)])) == [ShardMark(index: 3, count: 3)])
    }
}

import AssayCore
import Testing

struct FinishedShardTests {
    static func shards(_ pairs: [(Int, Int)]) -> Set<FinishedShard> {
        Set(pairs.map { FinishedShard(index: $0.0, count: $0.1) })
    }

    @Test func aRunThatWasNotShardedHasNothingToFinish() {
        #expect(FinishedShard.unfinished(given: []).isEmpty)
    }

    @Test func theMissingShardsOfTheSplitAreNamed() {
        #expect(FinishedShard.unfinished(given: Self.shards([(1, 4), (3, 4)])) == [FinishedShard(index: 2, count: 4), FinishedShard(index: 4, count: 4)])
        #expect(FinishedShard.unfinished(given: Self.shards([(1, 2), (2, 2)])).isEmpty)
    }

    @Test func oneCompleteSplitIsEnoughWhenARunWasShardedTwoWays() {
        // Workers first ran as 1/2 and 2/2, then one was run again as 1/3: the 2-way split covers the plan.
        #expect(FinishedShard.unfinished(given: Self.shards([(1, 2), (2, 2), (1, 3)])).isEmpty)
        // Neither split complete: the one closest to complete is named.
        #expect(FinishedShard.unfinished(given: Self.shards([(1, 2), (1, 3), (2, 3)])) == [FinishedShard(index: 3, count: 3)])
    }
}

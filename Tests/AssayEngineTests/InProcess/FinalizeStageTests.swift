import AssayCore
import AssayStore
import AssayTesting
import Foundation
import Testing

@testable import AssayEngine

/// How a run ends, decided in process against a real SQLite store: the rule `run` and `merge` share.
struct FinalizeStageTests {
    static func begin(_ store: any ResultStore, runID: String) async throws {
        _ = try await store.beginRun(RunRecord(id: runID, startedAt: "2026-12-03T00:00:00Z", simulated: true, seed: 1, configuration: .null))
    }

    @Test func aRunWithEverySampleAndEveryShardFinishedIsComplete() async throws {
        let folder = try TempFolder()
        let plan = RunPlan(suites: [try EngineFixtures.suite("s1", category: "x", cases: 2)], models: EngineFixtures.models, repeats: 1, shard: nil, stored: [])
        try await ResultStores.using(folder.url.appendingPathComponent("a.sqlite").path) { store in
            try await Self.begin(store, runID: "r")
            try await store.recordShard(runID: "r", ShardMark(index: 1, count: 1), finished: false)
            for entry in plan.all { try await store.record(EngineFixtures.sample(plan.key(entry), runID: "r")) }
            let completion = try await FinalizeStage(runID: "r", store: store, plan: plan, replay: nil)
                .run(stopNote: nil, finishing: ShardMark(index: 1, count: 1), storedNote: nil, explain: true)
            #expect(completion.complete)
            #expect(completion.notRun.isEmpty)
            #expect(completion.note == nil)
            #expect(completion.stored == plan.all.count)
            #expect(try await store.run(id: "r")?.status == .complete)
        }
    }

    @Test func aRunStoppedEarlyIsIncompleteAndSaysWhy() async throws {
        let folder = try TempFolder()
        let plan = RunPlan(suites: [try EngineFixtures.suite("s1", category: "x", cases: 3)], models: EngineFixtures.models, repeats: 1, shard: nil, stored: [])
        try await ResultStores.using(folder.url.appendingPathComponent("a.sqlite").path) { store in
            try await Self.begin(store, runID: "r")
            try await store.recordShard(runID: "r", ShardMark(index: 1, count: 1), finished: false)
            for entry in plan.all.prefix(4) { try await store.record(EngineFixtures.sample(plan.key(entry), runID: "r")) }
            let completion = try await FinalizeStage(runID: "r", store: store, plan: plan, replay: nil)
                .run(stopNote: "stopped by Ctrl-C", finishing: ShardMark(index: 1, count: 1), storedNote: nil, explain: false)
            #expect(!completion.complete)
            #expect(completion.notRun.count == plan.all.count - 4)
            #expect(completion.stored == 4)
            let run = try #require(try await store.run(id: "r"))
            #expect(run.status == .incomplete)
            #expect(run.note == "stopped by Ctrl-C")
            // The stopped shard is not recorded as finished: a merge must not take it for done.
            #expect(try await store.shards(runID: "r")[ShardMark(index: 1, count: 1)] == false)
        }
    }

    @Test func aMergeWithAShardMissingNamesTheSamplesAndHowToResume() async throws {
        let folder = try TempFolder()
        let plan = RunPlan(suites: [try EngineFixtures.suite("s1", category: "x", cases: 4)], models: EngineFixtures.models, repeats: 1, shard: nil, stored: [])
        try await ResultStores.using(folder.url.appendingPathComponent("a.sqlite").path) { store in
            try await Self.begin(store, runID: "r")
            let first = RunPlan(
                suites: plan.suites, models: plan.models, repeats: 1, shard: try Shard(index: 1, count: 2), stored: [])
            try await store.recordShard(runID: "r", ShardMark(index: 1, count: 2), finished: true)
            try await store.recordShard(runID: "r", ShardMark(index: 2, count: 2), finished: false)
            for entry in first.shardPart { try await store.record(EngineFixtures.sample(first.key(entry), runID: "r")) }
            let completion = try await FinalizeStage(runID: "r", store: store, plan: plan, replay: nil)
                .run(stopNote: nil, finishing: nil, storedNote: nil, explain: true)
            #expect(!completion.complete)
            #expect(completion.notRun.count == plan.all.count - first.shardPart.count)
            #expect(completion.unfinishedShards == [ShardMark(index: 2, count: 2)])
            #expect(completion.note == "\(completion.notRun.count) planned samples are not stored: a shard has not finished (resume it with --resume r --shard I/N)")
        }
    }
}

import AssayCore
import Testing

@testable import AssayEngine

/// The plan of a run, built in process: what a run, a shard and a resumed run call.
struct RunPlanTests {
    @Test func theFullGridHoldsEveryCaseModelAndRepeatOnce() throws {
        let suites = [try EngineFixtures.suite("s1", category: "x", cases: 3), try EngineFixtures.suite("s2", category: "y", cases: 2)]
        let plan = RunPlan(suites: suites, models: EngineFixtures.models, repeats: 2, shard: nil, stored: [])
        #expect(plan.all.count == 5 * 2 * 2)
        #expect(Set(plan.all.map(plan.key)).count == plan.all.count, "no sample planned twice")
        #expect(plan.shardPart == plan.all)
        #expect(plan.pending == plan.all)
        let job = plan.job(plan.all[0])
        #expect(job.prepared.user == "Say 1", "the prompt is rendered once, in the plan")
        #expect(job.model.id == "p/a")
    }

    @Test func shardsSplitTheRunWithoutOverlapOrGap() throws {
        let suites = [try EngineFixtures.suite("s1", category: "x", cases: 7)]
        let whole = RunPlan(suites: suites, models: EngineFixtures.models, repeats: 1, shard: nil, stored: [])
        var seen: [PlannedKey] = []
        for index in 1...3 {
            let plan = RunPlan(suites: suites, models: EngineFixtures.models, repeats: 1, shard: try Shard(index: index, count: 3), stored: [])
            #expect(plan.all == whole.all, "every shard knows the whole run")
            #expect(!plan.shardPart.isEmpty)
            // A case is owned whole: its models are called by the same shard.
            let cases = Dictionary(grouping: plan.shardPart, by: \.testCase)
            #expect(cases.values.allSatisfy { $0.count == EngineFixtures.models.count })
            seen += plan.shardPart.map(plan.key)
        }
        #expect(seen.count == whole.all.count)
        #expect(Set(seen) == Set(whole.all.map(whole.key)))
    }

    @Test func storedSamplesAreNotCalledAgain() throws {
        let suites = [try EngineFixtures.suite("s1", category: "x", cases: 4)]
        let fresh = RunPlan(suites: suites, models: EngineFixtures.models, repeats: 1, shard: nil, stored: [])
        let stored = Set(fresh.all.prefix(3).map(fresh.key))
        let resumed = RunPlan(suites: suites, models: EngineFixtures.models, repeats: 1, shard: nil, stored: stored)
        #expect(resumed.all == fresh.all)
        #expect(resumed.pending.count == fresh.all.count - 3)
        #expect(resumed.pending.allSatisfy { !stored.contains(resumed.key($0)) })
    }

    @Test func anAdaptiveRunsShardsOwnWholeCategories() throws {
        let suites = [
            try EngineFixtures.suite("s1", category: "x", cases: 3), try EngineFixtures.suite("s2", category: "y", cases: 3),
            try EngineFixtures.suite("s3", category: "x", cases: 2),
        ]
        let schedule = AdaptiveSchedule(suites: suites, seed: 1, roundSize: 2)
        var owners: [String: Set<Int>] = [:]
        for index in 1...2 {
            let plan = RunPlan(
                suites: suites, models: EngineFixtures.models, repeats: 1, shard: try Shard(index: index, count: 2), stored: [],
                schedule: schedule)
            for entry in plan.shardPart { owners[suites[Int(entry.suite)].category, default: []].insert(index) }
        }
        #expect(owners["x"]?.count == 1, "category x is decided by one shard")
        #expect(owners["y"]?.count == 1)
        #expect(owners["x"] != owners["y"], "two categories, two shards")
    }
}

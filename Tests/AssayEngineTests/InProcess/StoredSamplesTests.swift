import AssayCore
import AssayStore
import AssayTesting
import Foundation
import Testing

@testable import AssayEngine

/// What a resumed run and the end of a run check against: which planned samples the store holds, one bit
/// each.
struct StoredSamplesTests {
    @Test func eachPlannedSampleIsFoundByItsEntryAndByItsKeyAndNothingElseIs() throws {
        let suites = [try EngineFixtures.suite("s1", category: "x", cases: 3), try EngineFixtures.suite("s2", category: "y", cases: 2)]
        let plan = RunPlan(suites: suites, models: EngineFixtures.models, repeats: 2, shard: nil, stored: [])
        // Every other planned sample, and keys the plan does not have: another suite, model, case, repeat.
        let kept = plan.all.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let strangers = [
            PlannedKey(suite: "s9", caseID: suites[0].cases[0].id, model: EngineFixtures.models[0].id, repeatIndex: 0),
            PlannedKey(suite: "s1", caseID: suites[0].cases[0].id, model: "p/unknown", repeatIndex: 0),
            PlannedKey(suite: "s1", caseID: "no-such-case", model: EngineFixtures.models[0].id, repeatIndex: 0),
            PlannedKey(suite: "s1", caseID: suites[0].cases[0].id, model: EngineFixtures.models[0].id, repeatIndex: 2),
        ]
        let stored = StoredSamples(kept.map(plan.key) + strangers, suites: suites, models: EngineFixtures.models, repeats: 2)
        #expect(stored.count == kept.count + strangers.count)
        #expect(stored.plannedCount == kept.count)
        for (offset, entry) in plan.all.enumerated() {
            #expect(stored.contains(entry) == (offset % 2 == 0))
            #expect(stored.contains(plan.key(entry)) == (offset % 2 == 0))
        }
        #expect(strangers.allSatisfy { !stored.contains($0) })
        #expect(plan.missing(from: stored) == plan.all.count - kept.count)
        let resumed = RunPlan(suites: suites, models: EngineFixtures.models, repeats: 2, shard: nil, stored: stored)
        #expect(resumed.pending == plan.all.enumerated().filter { $0.offset % 2 == 1 }.map(\.element))
    }

    /// Read from a real SQLite store, as a resumed run reads it.
    @Test func theStoresKeysAreReadOneByOne() async throws {
        let suites = [try EngineFixtures.suite("s1", category: "x", cases: 4)]
        let plan = RunPlan(suites: suites, models: EngineFixtures.models, repeats: 1, shard: nil, stored: [])
        let folder = try TempFolder()
        let store = try SQLiteResultStore(path: folder.url.appendingPathComponent("a.sqlite").path)
        _ = try await store.beginRun(RunRecord(id: "r", startedAt: "2026-12-04T00:00:00Z", simulated: true, seed: 1, configuration: .null))
        let written = plan.all.prefix(3).map(plan.key)
        try await store.record(written.map { key in
            Sample(runID: "r", suite: key.suite, caseID: key.caseID, model: key.model, repeatIndex: key.repeatIndex, status: .graded)
        })
        let stored = try await plan.stored(in: store, runID: "r")
        #expect(stored.count == 3)
        #expect(plan.all.filter { stored.contains($0) } == Array(plan.all.prefix(3)))
        #expect(try await plan.stored(in: store, runID: "other").isEmpty)
    }
}

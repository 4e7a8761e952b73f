import AssayCore
import AssayStore
import AssayTesting
import Foundation
import Synchronization
import Testing

@testable import AssayEngine

/// The sample log's group commit, against a real SQLite file: samples that complete together are stored together,
/// every one of them once, and a store that fails fails every sample waiting on it instead of leaving it waiting.
struct SampleLogTests {
    /// A real store that notes the size of each batch it is given, and can be told to fail.
    final class BatchNotingStore: ResultStore {
        let inner: any ResultStore
        let failing: Bool
        let batches = Mutex<[Int]>([])

        init(_ inner: any ResultStore, failing: Bool = false) {
            self.inner = inner
            self.failing = failing
        }

        func record(_ samples: [Sample]) async throws {
            batches.withLock { $0.append(samples.count) }
            // A write that takes a while, as a busy disk's does: the samples completing meanwhile wait for the next.
            try await Task.sleep(for: .milliseconds(5))
            if failing { throw StoreError(message: "disk full") }
            try await inner.record(samples)
        }

        func record(_ sample: Sample) async throws { try await record([sample]) }
        func beginRun(_ run: RunRecord) async throws -> RunRecord { try await inner.beginRun(run) }
        func finishRun(id: String, status: RunRecord.Status, finishedAt: String, note: String?) async throws {
            try await inner.finishRun(id: id, status: status, finishedAt: finishedAt, note: note)
        }
        func run(id: String) async throws -> RunRecord? { try await inner.run(id: id) }
        func runs() async throws -> [RunRecord] { try await inner.runs() }
        func forEachSample(runID: String, suite: String?, model: String?, text: Bool, _ body: (Sample) throws -> Void) async throws {
            try await inner.forEachSample(runID: runID, suite: suite, model: model, text: text, body)
        }
        func forEachSampleKey(runID: String, _ body: (PlannedKey) throws -> Void) async throws {
            try await inner.forEachSampleKey(runID: runID, body)
        }
        func recordPairwise(runID: String, _ records: [PairwiseRecord]) async throws { try await inner.recordPairwise(runID: runID, records) }
        func pairwise(runID: String) async throws -> [PairwiseRecord] { try await inner.pairwise(runID: runID) }
        func recordCalibrations(runID: String, _ calibrations: [JudgeCalibration]) async throws {
            try await inner.recordCalibrations(runID: runID, calibrations)
        }
        func calibrations(runID: String) async throws -> [JudgeCalibration] { try await inner.calibrations(runID: runID) }
        func recordShard(runID: String, _ shard: ShardMark, finished: Bool) async throws {
            try await inner.recordShard(runID: runID, shard, finished: finished)
        }
        func shards(runID: String) async throws -> [ShardMark: Bool] { try await inner.shards(runID: runID) }
        func cachedResponse(key: String) async throws -> CachedResponse? { try await inner.cachedResponse(key: key) }
        func storeCachedResponse(_ response: CachedResponse) async throws { try await inner.storeCachedResponse(response) }
    }

    static func sample(_ i: Int) -> Sample {
        Sample(runID: "r", suite: "s", caseID: "c\(i)", model: "m", status: .graded, output: "ok", passed: true)
    }

    /// Appends `count` samples at once, as that many finished calls do; what each append threw.
    static func appendAll(_ count: Int, to log: SampleLog) async -> [Bool] {
        await withTaskGroup(of: Bool.self) { group in
            for i in 0..<count {
                group.addTask {
                    do {
                        try await log.append(sample(i))
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test(.timeLimit(.minutes(1))) func samplesCompletingTogetherAreStoredTogetherEachOnce() async throws {
        let folder = try TempFolder()
        let store = BatchNotingStore(try SQLiteResultStore(path: folder.url.appendingPathComponent("a.sqlite").path))
        _ = try await store.beginRun(RunRecord(id: "r", startedAt: "2026-12-04T00:00:00Z", simulated: true, seed: 1, configuration: .null))
        let jsonl = folder.url.appendingPathComponent("samples.jsonl").path
        let log = try SampleLog(store: store, jsonlPath: jsonl)

        let appended = await Self.appendAll(300, to: log)
        await log.close()

        #expect(appended.allSatisfy { $0 })
        let stored = try await store.samples(runID: "r")
        #expect(stored.count == 300)
        #expect(Set(stored.map(\.caseID)).count == 300)
        #expect(stored.map(\.sequence).sorted() == Array(0..<300))
        #expect(await log.stored == 300)
        let lines = try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 300)
        let batches = store.batches.withLock { $0 }
        #expect(batches.reduce(0, +) == 300)
        #expect(batches.count < 300, "batch sizes \(batches)")
    }

    @Test(.timeLimit(.minutes(1))) func aFailingStoreFailsEverySampleWaitingOnIt() async throws {
        let folder = try TempFolder()
        let store = BatchNotingStore(try SQLiteResultStore(path: folder.url.appendingPathComponent("a.sqlite").path), failing: true)
        let log = try SampleLog(store: store, jsonlPath: folder.url.appendingPathComponent("samples.jsonl").path)

        let appended = await Self.appendAll(50, to: log)

        #expect(appended.allSatisfy { !$0 })
        #expect(await log.stored == 0)
    }
}

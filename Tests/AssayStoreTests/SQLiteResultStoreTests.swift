import AssayCore
import AssayStore
import Foundation
import Testing

struct SQLiteResultStoreTests {
    static func sample(_ caseID: String, passed: Bool = true, model: String = "m") -> Sample {
        Sample(
            runID: "r1", suite: "s", caseID: caseID, model: model, status: .graded, output: "answer <b>",
            finishReason: "stop", usage: TokenUsage(inputTokens: 10, outputTokens: 5, cachedInputTokens: 2, reasoningTokens: 1),
            cost: 0.0001, judgeCost: 0.00002, timings: CallTimings(headersMs: 1, firstEventMs: 2, ttftMs: 3, totalMs: 9, queuedMs: 4, retryMs: 5),
            attempts: 2, score: passed ? 1 : 0.25, passed: passed,
            grades: [
                GradeResult(type: "equals", metric: "exact", score: passed ? 1 : 0, pass: passed, reason: "r"),
                GradeResult(type: "llm-rubric", metric: "tone", score: 0.5, pass: true, reason: "ok", weight: 2, judgeCost: 0.00002, judge: "j"),
            ])
    }

    @Test func storesAndReadsBackSamplesWithTheirGrades() throws {
        // Given a fresh store with a run
        let store = try SQLiteResultStore()
        try store.beginRun(RunRecord(id: "r1", startedAt: "2026-11-27T00:00:00Z", simulated: true, seed: 42, configuration: ["k": "v"]))
        // When two samples and a failed call are recorded
        var first = Self.sample("c1")
        first.sequence = 0
        var second = Self.sample("c2", passed: false)
        second.sequence = 1
        let failed = Sample(runID: "r1", suite: "s", caseID: "c3", model: "m", status: .error, errorKind: .rateLimited, errorMessage: "429", attempts: 4, sequence: 2)
        for s in [first, second, failed] { try store.record(s) }
        // Then they read back equal, in order
        #expect(try store.samples(runID: "r1") == [first, second, failed])
        try store.finishRun(id: "r1", status: .complete, finishedAt: "2026-11-27T00:01:00Z")
        let run = try #require(try store.run(id: "r1"))
        #expect(run.status == .complete)
        #expect(run.seed == 42)
        #expect(run.configuration == ["k": "v"])
    }

    @Test func recordingThePlannedSampleAgainReplacesIt() throws {
        let store = try SQLiteResultStore()
        try store.beginRun(RunRecord(id: "r1", startedAt: "t", simulated: false, seed: 1, configuration: [:]))
        try store.record(Self.sample("c1", passed: false))
        var again = Self.sample("c1", passed: true)
        again.grades.removeLast()
        try store.record(again)
        let samples = try store.samples(runID: "r1")
        #expect(samples.count == 1)
        #expect(samples[0].passed == true)
        #expect(samples[0].grades.count == 1)
    }

    @Test func aFileStoreSurvivesReopening() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("assay-\(UUID().uuidString)/a.sqlite").path
        do {
            let store = try SQLiteResultStore(path: path)
            try store.beginRun(RunRecord(id: "r1", startedAt: "t", simulated: true, seed: 1, configuration: [:]))
            try store.record(Self.sample("c1"))
        }
        let reopened = try SQLiteResultStore(path: path)
        #expect(try reopened.samples(runID: "r1").count == 1)
        #expect(try reopened.runs().map(\.id) == ["r1"])
    }
}

struct SQLiteTextIntegrityTests {
    @Test func outputsWithControlCharactersAndNULSurviveTheStore() throws {
        let store = try SQLiteResultStore()
        try store.beginRun(RunRecord(id: "r1", startedAt: "t", simulated: true, seed: 1, configuration: [:]))
        let odd = "before\u{0}after \u{1b}[31mred\u{1b}[0m 🎉 \u{2028} end"
        let sample = Sample(runID: "r1", suite: "s", caseID: "c", model: "m", status: .graded, output: odd, usage: TokenUsage(), cost: 0)
        try store.record(sample)
        #expect(try store.samples(runID: "r1").first?.output == odd)
    }
}

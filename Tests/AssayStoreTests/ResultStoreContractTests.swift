import AssayCore
import AssayStore
import Foundation
import Testing

/// A store the contract runs against: SQLite in memory and in a file always, PostgreSQL when
/// `ASSAY_TEST_POSTGRES_URL` names a database (`scripts/postgres.sh` starts one and prints its URL).
///
/// Tests share that database and may run again on it, so each test makes its own run ids and cache keys.
struct StoreKind: Sendable, CustomTestStringConvertible {
    enum Backend: Sendable {
        case sqliteInMemory
        case sqliteFile
        case postgres(url: String)
    }

    var backend: Backend

    static let postgresURL: String? = {
        let url = ProcessInfo.processInfo.environment["ASSAY_TEST_POSTGRES_URL"] ?? ""
        return url.isEmpty ? nil : url
    }()

    static var available: [StoreKind] {
        [StoreKind(backend: .sqliteInMemory), StoreKind(backend: .sqliteFile)]
            + (postgresURL.map { [StoreKind(backend: .postgres(url: $0))] } ?? [])
    }

    /// The kinds whose data outlives the store that wrote it.
    static var durable: [StoreKind] {
        available.filter { if case .sqliteInMemory = $0.backend { false } else { true } }
    }

    var testDescription: String {
        switch backend {
        case .sqliteInMemory: "SQLite in memory"
        case .sqliteFile: "SQLite file"
        case .postgres: "PostgreSQL"
        }
    }

    /// Where a durable store lives, so that a second store can open the same data.
    func makeLocation() -> String? {
        switch backend {
        case .sqliteInMemory:
            return nil
        case .sqliteFile:
            return FileManager.default.temporaryDirectory
                .appendingPathComponent("assay-\(UUID().uuidString)/assay.sqlite").path
        case .postgres(let url):
            return url
        }
    }

    /// Opens the kind's own backend, never another: a PostgreSQL URL that is not one fails here rather
    /// than passing the contract on a SQLite file of that name.
    func open(_ location: String?) async throws -> any ResultStore {
        switch backend {
        case .sqliteInMemory: try SQLiteResultStore()
        case .sqliteFile: try SQLiteResultStore(path: try #require(location))
        case .postgres: try await PostgresResultStore(url: try #require(location))
        }
    }

    /// Runs `body` with a fresh store, and closes it after.
    func withStore(_ body: (any ResultStore) async throws -> Void) async throws {
        let store = try await open(makeLocation())
        do {
            try await body(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}

struct ResultStoreContractTests {
    static func newRunID() -> String { "run-\(UUID().uuidString)" }

    static func begin(_ store: any ResultStore, _ id: String, startedAt: String = "2026-11-27T00:00:00Z") async throws {
        _ = try await store.beginRun(
            RunRecord(id: id, startedAt: startedAt, simulated: true, seed: 42, configuration: ["k": "v"]))
    }

    static func sample(
        _ runID: String, _ caseID: String, suite: String = "s", model: String = "m", repeatIndex: Int = 0,
        passed: Bool = true, sequence: Int = 0
    ) -> Sample {
        Sample(
            runID: runID, suite: suite, caseID: caseID, model: model, repeatIndex: repeatIndex, status: .graded,
            output: "answer <b> to \(caseID)", finishReason: "stop",
            usage: TokenUsage(inputTokens: 10, outputTokens: 5, cachedInputTokens: 2, reasoningTokens: 1, cacheWriteTokens: 3),
            cost: 0.0001, judgeCost: 0.00002,
            timings: CallTimings(headersMs: 1, firstEventMs: 2, ttftMs: 3.5, totalMs: 9.25, queuedMs: 4, retryMs: 5),
            attempts: 2, score: passed ? 1 : 0.25, passed: passed,
            grades: [
                GradeResult(type: "equals", metric: "exact", score: passed ? 1 : 0, pass: passed, reason: "r"),
                GradeResult(
                    type: "llm-rubric", metric: "tone", score: 0.5, pass: true, reason: "ok", weight: 2, judgeCost: 0.00002,
                    judge: "j"),
            ],
            sequence: sequence)
    }

    @Test(arguments: StoreKind.available)
    func storesAndReadsBackSamplesWithTheirGrades(kind: StoreKind) async throws {
        try await kind.withStore { store in
            // Given a run
            let runID = Self.newRunID()
            let started = try await store.beginRun(
                RunRecord(
                    id: runID, startedAt: "2026-11-27T00:00:00Z", simulated: true, seed: UInt64.max,
                    configuration: ["suites": ["a", "b"], "k": "v", "n": 1.5]))
            #expect(started.status == .running)
            #expect(started.seed == UInt64.max)
            // When an answered sample, one served from the cache, one with texts holding a NUL and a failed call
            // are recorded
            let answered = Self.sample(runID, "c1", sequence: 0)
            var cached = Self.sample(runID, "c2", passed: false, sequence: 1)
            cached.cached = true
            cached.timings = nil
            cached.usage = nil
            cached.cost = nil
            cached.judgeCost = 0
            var odd = Self.sample(runID, "c3", sequence: 2)
            odd.output = "before\u{0}after \u{1b}[31mred\u{1b}[0m 🎉 \u{2028} end\u{0}"
            odd.grades = [
                GradeResult(
                    type: "llm-rubric", metric: "tone", score: 0, pass: false, reason: "cut\u{0}here", error: "judge: ?",
                    judge: "j")
            ]
            let failed = Sample(
                runID: runID, suite: "s", caseID: "c4", model: "m", status: .error, errorKind: .rateLimited,
                errorMessage: "429\u{0} slow down", attempts: 4, sequence: 3)
            for sample in [answered, cached, odd, failed] { try await store.record(sample) }
            // Then they read back equal, in key order
            #expect(try await store.samples(runID: runID) == [answered, cached, odd, failed])
            #expect(try await store.samples(runID: runID)[2].output?.utf8.count == odd.output?.utf8.count)
            // And the run's record is as it was given
            let run = try #require(try await store.run(id: runID))
            #expect(run.seed == UInt64.max)
            #expect(run.simulated)
            #expect(run.configuration == ["suites": ["a", "b"], "k": "v", "n": 1.5])
            #expect(run.startedAt == "2026-11-27T00:00:00Z")
        }
    }

    /// A batch is stored as its samples one by one would be: grades included, a stored sample of the same key
    /// replaced with its grades.
    @Test(arguments: StoreKind.available)
    func aBatchIsStoredAsItsSamplesOneByOne(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let runID = Self.newRunID()
            try await Self.begin(store, runID)
            try await store.record(Self.sample(runID, "c2", passed: true, sequence: 0))
            let batch = (0..<40).map { Self.sample(runID, "c\($0)", passed: $0 % 3 == 0, sequence: $0 + 1) }
            try await store.record(batch)
            try await store.record([Sample]())
            #expect(try await store.samples(runID: runID) == batch.sorted { Array($0.caseID.utf8).lexicographicallyPrecedes(Array($1.caseID.utf8)) })
            #expect(try await store.samples(runID: runID).first { $0.caseID == "c2" }?.passed == false)
        }
    }

    /// Tool calls (malformed arguments and a NUL included), an exchange's turns and Cohere's billed units read back as
    /// recorded; the texts-free read leaves the calls and turns out, as it leaves out the answer.
    @Test(arguments: StoreKind.available)
    func toolCallsAndBilledUnitsSurvive(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let runID = Self.newRunID()
            try await Self.begin(store, runID)
            var sample = Self.sample(runID, "c1")
            sample.output = ""
            sample.finishReason = "tool-calls"
            sample.toolCalls = [
                ToolCall(id: "call_1", name: "lookup_order", arguments: #"{"order_id":"A-1042","expand":["items"]}"#),
                ToolCall(id: nil, name: "refund", arguments: #"{"amount": 12.5, "note": "cut\#u{0}here"#),
            ]
            sample.usage = TokenUsage(inputTokens: 2935, outputTokens: 52, cachedInputTokens: 2928, billedInputTokens: 2406, billedOutputTokens: 50)
            sample.timings?.generationMs = 37.5
            sample.timings?.chunkGapsMs = [12.5, 0, 3.25]
            sample.turns = [
                SampleTurn(
                    text: "", toolCalls: [sample.toolCalls[0]], toolResults: [#"{"status":"delivered"}"#], finishReason: "tool-calls",
                    usage: TokenUsage(inputTokens: 100, outputTokens: 12), cost: 0.0001,
                    timings: CallTimings(headersMs: 1, firstEventMs: 2, ttftMs: 3, totalMs: 40, queuedMs: 0.5, retryMs: 0)),
                SampleTurn(text: "Refunded ✓", toolCalls: [sample.toolCalls[1]], finishReason: "stop", usage: nil, cost: nil, timings: nil),
            ]
            try await store.record(sample)
            let read = try #require(try await store.samples(runID: runID).first)
            #expect(read == sample)
            var withoutText: [Sample] = []
            try await store.forEachSample(runID: runID, text: false) { withoutText.append($0) }
            #expect(withoutText.first?.toolCalls == [])
            #expect(withoutText.first?.turns == [])
            #expect(withoutText.first?.usage?.billedInputTokens == 2406)
            #expect(withoutText.first?.timings?.generationMs == 37.5, "aggregation reads the writing time")
            #expect(withoutText.first?.timings?.chunkGapsMs == [12.5, 0, 3.25], "and the inter-chunk latencies")
        }
    }

    @Test(arguments: StoreKind.available)
    func aGraderErrorHoldingANULSurvives(kind: StoreKind) async throws {
        // A grader's error may quote what a judge answered, and that may hold anything.
        try await kind.withStore { store in
            let runID = Self.newRunID()
            try await Self.begin(store, runID)
            var sample = Self.sample(runID, "c1")
            sample.grades[1].error = "judge answered \"\u{0}\" instead of a score"
            try await store.record(sample)
            #expect(try await store.samples(runID: runID).first?.grades[1].error == sample.grades[1].error)
        }
    }

    @Test(arguments: StoreKind.available)
    func recordingThePlannedSampleAgainReplacesIt(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let runID = Self.newRunID()
            try await Self.begin(store, runID)
            // Given a failed sample with two grades
            try await store.record(Self.sample(runID, "c1", passed: false))
            // When the same planned sample is recorded again, passing, with one grade and another answer
            var again = Self.sample(runID, "c1", passed: true, sequence: 7)
            again.grades.removeLast()
            again.output = "second answer"
            try await store.record(again)
            // Then it is stored once, as recorded the second time: grades replaced, not added
            let samples = try await store.samples(runID: runID)
            #expect(samples == [again])
            #expect(samples.first?.grades.count == 1)
            #expect(try await store.sampleKeys(runID: runID).count == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func samplesComeInKeyOrderByUTF8Bytes(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let runID = Self.newRunID()
            try await Self.begin(store, runID)
            // Given samples recorded out of order, with keys that a locale's collation would order otherwise
            // (capitals before small letters, accents after z, repeat 10 after repeat 2)
            let keys: [(suite: String, caseID: String, model: String, repeatIndex: Int)] = [
                ("s", "é", "m", 0), ("s", "a", "m", 10), ("S", "b", "m", 0), ("s", "a", "m", 2), ("s", "Z", "m", 0),
                ("s", "a", "M", 0), ("t", "a", "m", 0), ("s", "a b", "m", 0), ("s", "a", "m", 0), ("s", "z", "m", 0),
            ]
            var recorded: [Sample] = []
            for (sequence, key) in keys.enumerated() {
                let sample = Self.sample(
                    runID, key.caseID, suite: key.suite, model: key.model, repeatIndex: key.repeatIndex, sequence: sequence)
                try await store.record(sample)
                recorded.append(sample)
            }
            // When they are read back, Then they come in PlannedKey's order
            let expected = recorded.sorted { $0.key < $1.key }
            #expect(try await store.samples(runID: runID).map(\.key) == expected.map(\.key))
            #expect(expected.first?.suite == "S")
            // And one suite and model can be read alone, in the same order
            var filtered: [Sample] = []
            try await store.forEachSample(runID: runID, suite: "s", model: "m", text: true) { filtered.append($0) }
            #expect(filtered == expected.filter { $0.suite == "s" && $0.model == "m" })
            #expect(filtered.count == 7)
        }
    }

    @Test(arguments: StoreKind.available)
    func readingWithoutTextLeavesTheTextsOut(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let runID = Self.newRunID()
            try await Self.begin(store, runID)
            let answered = Self.sample(runID, "c1")
            let failed = Sample(
                runID: runID, suite: "s", caseID: "c2", model: "m", status: .error, errorKind: .timeout,
                errorMessage: "timed out", sequence: 1)
            try await store.record(answered)
            try await store.record(failed)
            let samples = try await store.samples(runID: runID, text: false)
            #expect(samples == [answered.withoutText, failed.withoutText])
            #expect(samples[0].output == nil)
            #expect(samples[0].grades.map(\.reason) == ["", ""])
            #expect(samples[1].errorMessage == nil)
            #expect(samples[1].errorKind == .timeout)
        }
    }

    @Test(arguments: StoreKind.available)
    func aThrowingClosureStopsTheReadWithItsOwnError(kind: StoreKind) async throws {
        struct Enough: Error {}
        try await kind.withStore { store in
            let runID = Self.newRunID()
            try await Self.begin(store, runID)
            for i in 0..<600 { try await store.record(Self.sample(runID, String(format: "c%04d", i), sequence: i)) }
            var seen = 0
            await #expect(throws: Enough.self) {
                try await store.forEachSample(runID: runID, text: false) { _ in
                    seen += 1
                    if seen == 300 { throw Enough() }
                }
            }
            #expect(seen == 300)
            // And the store still answers afterwards
            #expect(try await store.sampleKeys(runID: runID).count == 600)
            // Streamed, the keys are the same, each once, over several of the reader's batches; a closure
            // that throws stops the stream with its own error.
            var streamed: [PlannedKey] = []
            try await store.forEachSampleKey(runID: runID) { streamed.append($0) }
            #expect(streamed.count == 600)
            #expect(Set(streamed) == (try await store.sampleKeys(runID: runID)))
            var counted = 0
            await #expect(throws: Enough.self) {
                try await store.forEachSampleKey(runID: runID) { _ in
                    counted += 1
                    if counted == 300 { throw Enough() }
                }
            }
            #expect(counted == 300)
            #expect(try await store.sampleKeys(runID: runID).count == 600)
        }
    }

    @Test(arguments: StoreKind.available)
    func sampleKeysAreThePlannedSamplesStored(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let runID = Self.newRunID()
            let otherRunID = Self.newRunID()
            try await Self.begin(store, runID)
            try await Self.begin(store, otherRunID)
            try await store.record(Self.sample(runID, "c1"))
            try await store.record(Self.sample(runID, "c1", repeatIndex: 1))
            try await store.record(Self.sample(runID, "c2", model: "other"))
            try await store.record(Self.sample(otherRunID, "c9"))
            #expect(
                try await store.sampleKeys(runID: runID) == [
                    PlannedKey(suite: "s", caseID: "c1", model: "m", repeatIndex: 0),
                    PlannedKey(suite: "s", caseID: "c1", model: "m", repeatIndex: 1),
                    PlannedKey(suite: "s", caseID: "c2", model: "other", repeatIndex: 0),
                ])
            #expect(try await store.sampleKeys(runID: Self.newRunID()).isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func beginningARunAgainJoinsIt(kind: StoreKind) async throws {
        try await kind.withStore { store in
            // Given a run that stopped early
            let runID = Self.newRunID()
            try await Self.begin(store, runID, startedAt: "2026-11-27T00:00:00Z")
            try await store.record(Self.sample(runID, "c1"))
            try await store.finishRun(id: runID, status: .incomplete, finishedAt: "2026-11-27T00:05:00Z", note: "stopped by Ctrl-C")
            // When it is begun again (resumed, or another shard), with another start time and configuration
            let joined = try await store.beginRun(
                RunRecord(id: runID, startedAt: "2026-11-28T00:00:00Z", simulated: false, seed: 7, configuration: [:]))
            // Then the stored record comes back, running again, its end and note cleared
            #expect(joined.startedAt == "2026-11-27T00:00:00Z")
            #expect(joined.status == .running)
            #expect(joined.finishedAt == nil)
            #expect(joined.note == nil)
            #expect(joined.seed == 42)
            #expect(joined.configuration == ["k": "v"])
            #expect(try await store.run(id: runID) == joined)
            // And there is still one run, with its samples
            #expect(try await store.runs().filter { $0.id == runID }.count == 1)
            #expect(try await store.samples(runID: runID).count == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func finishingARunKeepsItsStatusAndNote(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let runID = Self.newRunID()
            try await Self.begin(store, runID)
            try await store.finishRun(
                id: runID, status: .incomplete, finishedAt: "2026-11-27T00:01:00Z", note: "budget: spent $1.00")
            var run = try #require(try await store.run(id: runID))
            #expect(run.status == .incomplete)
            #expect(run.finishedAt == "2026-11-27T00:01:00Z")
            #expect(run.note == "budget: spent $1.00")
            try await store.finishRun(id: runID, status: .complete, finishedAt: "2026-11-27T00:02:00Z", note: nil)
            run = try #require(try await store.run(id: runID))
            #expect(run.status == .complete)
            #expect(run.note == nil)
            #expect(try await store.run(id: Self.newRunID()) == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func runsAreListedNewestFirst(kind: StoreKind) async throws {
        try await kind.withStore { store in
            // Given runs begun out of order, two of them at the same moment
            let prefix = Self.newRunID()
            let ids = ["\(prefix)-a", "\(prefix)-b", "\(prefix)-c", "\(prefix)-d"]
            try await Self.begin(store, ids[1], startedAt: "2026-11-27T10:00:00Z")
            try await Self.begin(store, ids[0], startedAt: "2026-11-27T12:00:00Z")
            try await Self.begin(store, ids[3], startedAt: "2026-11-27T09:00:00Z")
            try await Self.begin(store, ids[2], startedAt: "2026-11-27T10:00:00Z")
            // Then the newest comes first, and of two begun at once the greater id
            let listed = try await store.runs().map(\.id).filter { $0.hasPrefix(prefix) }
            #expect(listed == [ids[0], ids[2], ids[1], ids[3]])
        }
    }

    @Test(arguments: StoreKind.available)
    func pairwiseJudgmentsRoundTripAndReplace(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let runID = Self.newRunID()
            try await Self.begin(store, runID)
            let first = PairwiseRecord(suite: "s", caseID: "c2", repeatIndex: 0, modelA: "a", modelB: "b", winner: .a, judgeCost: 0.01)
            let second = PairwiseRecord(suite: "s", caseID: "c1", repeatIndex: 1, modelA: "a", modelB: "c", winner: .tie, judgeCost: nil)
            try await store.recordPairwise(runID: runID, [first, second])
            #expect(try await store.pairwise(runID: runID) == [second, first])
            // Recording a pair again replaces its judgment; within one batch the last one counts
            var rejudged = first
            rejudged.winner = .inconsistent
            var last = first
            last.winner = .b
            last.judgeCost = 0.03
            try await store.recordPairwise(runID: runID, [rejudged, last])
            #expect(try await store.pairwise(runID: runID) == [second, last])
            try await store.recordPairwise(runID: runID, [])
            #expect(try await store.pairwise(runID: runID).count == 2)
            #expect(try await store.pairwise(runID: Self.newRunID()).isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func shardsAreKeptPerRunAndAFinishIsNeverTakenBack(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let runID = Self.newRunID()
            let other = Self.newRunID()
            try await Self.begin(store, runID)
            try await Self.begin(store, other)
            #expect(try await store.shards(runID: runID).isEmpty)
            let first = ShardMark(index: 1, count: 3)
            let second = ShardMark(index: 2, count: 3)
            try await store.recordShard(runID: runID, first, finished: false)
            try await store.recordShard(runID: runID, second, finished: false)
            try await store.recordShard(runID: runID, second, finished: true)
            // The second shard is run again after it finished: it starts, but stays finished.
            try await store.recordShard(runID: runID, second, finished: false)
            try await store.recordShard(runID: other, ShardMark(index: 3, count: 3), finished: true)
            #expect(try await store.shards(runID: runID) == [first: false, second: true])
            #expect(try await store.shards(runID: other) == [ShardMark(index: 3, count: 3): true])
        }
    }

    @Test(arguments: StoreKind.available)
    func calibrationsRoundTripAndReplace(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let runID = Self.newRunID()
            try await Self.begin(store, runID)
            // What `JudgeCalibration.measure` gives for four items, one of them a grader error.
            let tone = JudgeCalibration(
                suite: "s", metric: "tone", judge: "judge v1#abc", items: 4, errors: 1, agreement: 2.0 / 3.0, kappa: 0.4,
                weightedKappa: 0.75, kappaFloor: 0.6, trusted: true)
            let accuracy = JudgeCalibration(
                suite: "s", metric: "accuracy", judge: "judge v1#abc", items: 2, errors: 0, agreement: 1, kappa: 1,
                weightedKappa: nil, kappaFloor: 0.6, trusted: true)
            #expect(tone.errors == 1)
            try await store.recordCalibrations(runID: runID, [tone, accuracy])
            #expect(try await store.calibrations(runID: runID) == [accuracy, tone])
            var remeasured = tone
            remeasured.items = 40
            try await store.recordCalibrations(runID: runID, [remeasured])
            #expect(try await store.calibrations(runID: runID) == [accuracy, remeasured])
        }
    }

    @Test(arguments: StoreKind.available)
    func theResponseCacheMissesThenHits(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let key = "key-\(UUID().uuidString)"
            #expect(try await store.cachedResponse(key: key) == nil)
            let response = CachedResponse(
                key: key, provider: "openai", model: "gpt", text: "cached\u{0} answer ✓", finishReason: "stop",
                usage: TokenUsage(inputTokens: 3, outputTokens: 4), createdAt: "2026-11-27T00:00:00Z")
            try await store.storeCachedResponse(response)
            #expect(try await store.cachedResponse(key: key) == response)
            var newer = response
            newer.text = "newer"
            newer.usage = nil
            newer.toolCalls = [ToolCall(id: "toolu_1", name: "lookup", arguments: "{}")]
            try await store.storeCachedResponse(newer)
            #expect(try await store.cachedResponse(key: key) == newer)
        }
    }

    /// An entry cached before tool calls were kept (no `toolCalls` in its JSON) reads as a text answer.
    @Test func aResponseCachedBeforeToolCallsReadsAsText() throws {
        let old = #"{"key":"k","provider":"openai","model":"gpt","text":"hi","finishReason":"stop","createdAt":"2026-11-27T00:00:00Z"}"#
        let entry = try JSONDecoder().decode(CachedResponse.self, from: Data(old.utf8))
        #expect(entry.toolCalls == [] && entry.text == "hi")
    }

    @Test(arguments: StoreKind.available)
    func concurrentRecordsAreEachStoredOnce(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let runID = Self.newRunID()
            try await Self.begin(store, runID)
            // Given 200 samples, each recorded twice at the same time (one with one grade, one with two)
            let samples = (0..<200).map { Self.sample(runID, String(format: "c%03d", $0), sequence: $0) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for sample in samples {
                    group.addTask { try await store.record(sample) }
                    group.addTask {
                        var shorter = sample
                        shorter.grades.removeLast()
                        try await store.record(shorter)
                    }
                }
                try await group.waitForAll()
            }
            // Then each is stored once, with the grades of one of the two writes, never both
            let stored = try await store.samples(runID: runID)
            #expect(stored.map(\.key) == samples.map(\.key))
            #expect(stored.allSatisfy { $0.grades.count == 1 || $0.grades.count == 2 })
            #expect(try await store.sampleKeys(runID: runID) == Set(samples.map(\.key)))
        }
    }

    @Test(arguments: StoreKind.available)
    func aCancelledTaskStillStoresAndReads(kind: StoreKind) async throws {
        // After Ctrl-C cancels a run's task, the engine still stores the samples in flight, the run's status
        // and its reports.
        try await kind.withStore { store in
            let runID = Self.newRunID()
            try await Self.begin(store, runID)
            let sample = Self.sample(runID, "c1")
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                #expect(Task.isCancelled)
                try await store.record(sample)
                try await store.finishRun(id: runID, status: .incomplete, finishedAt: "t", note: "stopped by Ctrl-C")
                return try await store.samples(runID: runID)
            }
            #expect(try await task.value == [sample])
            #expect(try await store.run(id: runID)?.note == "stopped by Ctrl-C")
        }
    }

    @Test(arguments: StoreKind.durable)
    func aSecondStoreOnTheSameLocationSeesTheData(kind: StoreKind) async throws {
        let location = kind.makeLocation()
        let runID = Self.newRunID()
        let sample = Self.sample(runID, "c1")
        // Given a store that recorded a run, and was closed
        let writer = try await kind.open(location)
        try await Self.begin(writer, runID)
        try await writer.record(sample)
        await writer.close()
        // When the location is opened again
        let reader = try await kind.open(location)
        // Then the run and its samples are there
        #expect(try await reader.samples(runID: runID) == [sample])
        #expect(try await reader.runs().contains { $0.id == runID })
        // And a store open at the same time sees what the other writes
        let other = try await kind.open(location)
        try await other.record(Self.sample(runID, "c2", sequence: 1))
        #expect(try await reader.sampleKeys(runID: runID).count == 2)
        await other.close()
        await reader.close()
    }

    /// Shards start together on a new location: each brings the schema up to date in turn, and none
    /// fails on a table or column another has just made.
    @Test(arguments: StoreKind.durable)
    func storesOpenedAtTheSameMomentOnANewLocationAllOpen(kind: StoreKind) async throws {
        let location = kind.makeLocation()
        let opened = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    let store = try await kind.open(location)
                    _ = try await store.runs()
                    await store.close()
                    return 1
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(opened == 6)
    }
}

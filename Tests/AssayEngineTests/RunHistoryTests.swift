import AssayCore
import AssayReporting
import AssayStore
import Foundation
import Testing

/// History and drift over a real SQLite store holding runs written sample by sample, as `assay run` stores
/// them: what is flagged, what is kept apart, and what is never compared.
struct RunHistoryTests {
    /// One stored night: its suite version, the model's price, and how each of its 40 cases went.
    struct Night {
        var id: String
        var day: Int
        var version = "1"
        var price = Price(input: 1, output: 2)
        var status = RunRecord.Status.complete
        /// Per case index: nil for a failed call, else whether the answer passed.
        var outcome: (Int) -> Bool? = { $0 % 5 != 0 }
        var latencyFactor = 1.0
        /// Other models of the night, by id, with their outcomes.
        var others: [String: (Int) -> Bool?] = [:]
    }

    static let cases = 40

    static func store(_ nights: [Night]) async throws -> (SQLiteResultStore, URL) {
        let folder = try CLIRunner.temporaryDirectory()
        let store = try SQLiteResultStore(path: folder.appendingPathComponent("history.sqlite").path)
        for night in nights {
            let suite = Suite(
                name: "tickets", version: night.version, category: "support", prompt: "{{q}}", assertions: [AssertionSpec(kind: .contains, value: "a")],
                cases: (0..<cases).map { TestCase(id: String(format: "t%02d", $0), vars: ["q": "x"]) })
            let models = (["m"] + night.others.keys.sorted()).map { ModelSpec(id: $0, provider: "openai", model: $0, price: night.price) }
            let manifest = RunManifest(
                suites: [suite], models: models, judge: nil, judgePrompt: nil, repeats: 1, adaptive: nil, concurrency: nil,
                failUnder: nil, baseline: nil, assayVersion: nil, skippedModels: [:], gitRevision: nil)
            let started = String(format: "2026-11-%02dT02:00:00.000Z", night.day)
            _ = try await store.beginRun(RunRecord(id: night.id, startedAt: started, simulated: true, seed: 42, configuration: manifest.json))
            for (modelID, outcome) in [("m", night.outcome)] + night.others.sorted(by: { $0.key < $1.key }).map({ ($0.key, $0.value) }) {
            for i in 0..<cases {
                let id = String(format: "t%02d", i)
                let sample: Sample
                if let passed = outcome(i) {
                    // The same latencies every night unless the night is slower: no noise to mistake for drift.
                    let ttft = (100 + Double(i)) * night.latencyFactor
                    sample = Sample(
                        runID: night.id, suite: "tickets", caseID: id, model: modelID, status: .graded, output: "a",
                        usage: TokenUsage(inputTokens: 100, outputTokens: 50), cost: 0.0002,
                        timings: CallTimings(ttftMs: ttft, totalMs: ttft + 400 * night.latencyFactor), score: passed ? 1 : 0, passed: passed,
                        grades: [GradeResult(type: "contains", metric: "contains", score: passed ? 1 : 0, pass: passed, reason: "")])
                } else {
                    sample = Sample(runID: night.id, suite: "tickets", caseID: id, model: modelID, status: .error, errorKind: .rateLimited, errorMessage: "429")
                }
                try await store.record(sample)
            }
            }
            try await store.finishRun(id: night.id, status: night.status, finishedAt: started, note: nil)
        }
        return (store, folder)
    }

    static func steady(_ n: Int) -> [Night] { (1...n).map { Night(id: "n\($0)", day: $0) } }

    @Test func steadyNightsAreTestedAndNothingIsFlagged() async throws {
        let (store, _) = try await Self.store(Self.steady(4))
        let history = try await RunHistory.build(store: store)
        #expect(history.runs.map(\.id) == ["n1", "n2", "n3", "n4"])
        #expect(Set(history.checks.map(\.metric)) == Set(DriftCheck.Metric.allCases))
        #expect(history.flags.isEmpty)
        let points = try #require(history.series.first?.points)
        #expect(points.count == 4)
        #expect(points.allSatisfy { $0.passRate == 32.0 / 40 && $0.segment == 0 })
    }

    /// An outage fails calls; the answers that did come are as good as before. Only errors are flagged.
    @Test func anOutageIsFlaggedAsErrorsNotAsQuality() async throws {
        var nights = Self.steady(3)
        nights.append(Night(id: "n4", day: 4, outcome: { $0 < 15 ? nil : $0 % 5 != 0 }))
        let (store, _) = try await Self.store(nights)
        let history = try await RunHistory.build(store: store)
        #expect(history.flags.map(\.metric) == [.errors])
        let errors = try #require(history.errorFlags.first)
        #expect(errors.reference == 0 && errors.recent == 15.0 / 40)
        let quality = try #require(history.checks.first { $0.metric == .quality })
        #expect(!quality.flagged && quality.change == 0, "answered calls pass as before")
        let markdown = HistoryMarkdownWriter.drift(history)
        #expect(markdown.contains("**Calls failing**"))
        #expect(!markdown.contains("quality dropped"))
    }

    @Test func aQualityDropAndASlowdownAreFlaggedAndASmallDipIsNot() async throws {
        var nights = Self.steady(3)
        // Cases 0–11 fail: 9 more failures of 40 (0, 5 and 10 failed already), 22.5 points.
        nights.append(Night(id: "n4", day: 4, outcome: { $0 % 5 != 0 && $0 >= 12 }, latencyFactor: 1.5))
        let (store, _) = try await Self.store(nights)
        let history = try await RunHistory.build(store: store)
        #expect(Set(history.flags.map(\.metric)) == [.quality, .ttft, .latency])
        let quality = try #require(history.qualityFlags.first)
        #expect(abs(quality.change - (-0.225)) < 1e-9)
        #expect(quality.pAdjusted <= 0.05)

        // One more failure (2.5 points) is below the 5-point minimum: tested, not flagged.
        var dip = Self.steady(3)
        dip.append(Night(id: "n4", day: 4, outcome: { $0 % 5 != 0 && $0 != 1 }))
        let (dipStore, _) = try await Self.store(dip)
        let small = try await RunHistory.build(store: dipStore)
        #expect(small.flags.isEmpty)
        #expect(small.checks.contains { $0.metric == .quality && $0.change < 0 })
    }

    /// A new suite version or price starts a new segment; drift is never tested across one.
    @Test func aNewSuiteVersionOrPriceStartsASegmentThatIsNotComparedAcross() async throws {
        var nights = Self.steady(3)
        nights.append(Night(id: "n4", day: 4, version: "2", outcome: { $0 >= 20 }))
        let (store, _) = try await Self.store(nights)
        let history = try await RunHistory.build(store: store)
        #expect(history.checks.isEmpty)
        #expect(history.series.first?.points.last?.segmentReason == "suite version 1 → 2")
        #expect(history.notes.contains { $0.contains("tickets/m: 1 run(s) in its newest segment") })

        var repriced = Self.steady(2)
        repriced.append(Night(id: "n3", day: 3, price: Price(input: 1, output: 4)))
        let (pricedStore, _) = try await Self.store(repriced)
        let priced = try await RunHistory.build(store: pricedStore)
        #expect(priced.series.first?.points.map(\.segment) == [0, 0, 1])
        #expect(priced.series.first?.points.last?.segmentReason == "price $1/$2 → $1/$4 per million tokens")
    }

    /// A night of failed calls costs less (a failed call costs nothing); neither it nor the normal night after
    /// it reads as a change of cost per task, which is taken over answered calls.
    @Test func theNightAfterAnOutageIsNotDearer() async throws {
        let outage: (Int) -> Bool? = { $0 < 20 ? nil : $0 % 5 != 0 }
        let nights = [Night(id: "n1", day: 1), Night(id: "n2", day: 2, outcome: outage), Night(id: "n3", day: 3, outcome: outage), Night(id: "n4", day: 4)]
        let (store, _) = try await Self.store(nights)
        let history = try await RunHistory.build(store: store)
        #expect(history.flags.isEmpty, "\(history.flags.map(\.label))")
        let cost = try #require(history.checks.first { $0.metric == .cost })
        #expect(abs(cost.change) < 1e-12)
        #expect(history.series.first?.points.allSatisfy { abs(($0.costPerTask ?? 0) - 0.0002) < 1e-12 } == true)
    }

    /// A model dropped from the nightly keeps its last points in the trend, but is not tested again: its last
    /// change would otherwise be flagged every night.
    @Test func aSeriesNoLongerRunIsNotTested() async throws {
        let dropped: (Int) -> Bool? = { $0 >= 20 }
        var nights = (1...3).map { Night(id: "n\($0)", day: $0, others: ["old": { $0 % 5 != 0 }]) }
        nights[2].others = ["old": dropped]
        nights.append(Night(id: "n4", day: 4))
        let (store, _) = try await Self.store(nights)
        let history = try await RunHistory.build(store: store)
        #expect(history.series.map(\.model) == ["m", "old"])
        #expect(!history.checks.contains { $0.model == "old" })
        #expect(history.notes.contains("tickets/old: not in the newest run of its suite (n4); not tested"))
        // While it was still run, the drop is flagged.
        let (earlierStore, _) = try await Self.store(Array(nights.prefix(3)))
        let earlier = try await RunHistory.build(store: earlierStore)
        #expect(earlier.flags.contains { $0.model == "old" && $0.metric == .quality })
    }

    @Test func windowsAndIncompleteRuns() async throws {
        var nights = Self.steady(4)
        nights.append(Night(id: "n5", day: 5, status: .incomplete))
        let (store, _) = try await Self.store(nights)
        let all = try await RunHistory.build(store: store, window: .all)
        #expect(all.runs.map(\.id) == ["n1", "n2", "n3", "n4"])
        #expect(all.notes.contains("1 run(s) not complete, left out: n5"))
        #expect(try await RunHistory.build(store: store, window: .last(2)).runs.map(\.id) == ["n3", "n4"])
        for since in ["2026-11-03", "2026-11-03T02:00:00Z", "2026-11-03T03:30:00+02:00"] {
            let start = try #require(ISOTime.parse(since))
            #expect(try await RunHistory.build(store: store, window: .since(start)).runs.map(\.id) == ["n3", "n4"], "since \(since)")
        }
        // The run being published is covered whatever its status, as the newest.
        #expect(try await RunHistory.build(store: store, window: .all, including: "n5").runs.map(\.id) == ["n1", "n2", "n3", "n4", "n5"])
        #expect(try await RunHistory.build(store: store, suites: ["other"]).series.isEmpty)
    }

    @Test func thePagesShowTheFlagsAndKeepTextInert() async throws {
        var nights = Self.steady(3)
        nights.append(Night(id: "n4", day: 4, outcome: { $0 < 15 ? nil : $0 % 5 != 0 }))
        let (store, _) = try await Self.store(nights)
        let history = try await RunHistory.build(store: store)
        let html = HistoryHTMLWriter.html(history)
        #expect(html.contains("default-src 'none'"))
        #expect(!html.contains("<script"))
        #expect(html.contains("<polygon class=\"band\""), "the pass-rate interval band")
        #expect(html.contains("error rate rose"))
        let json = HistoryJSONWriter.json(history)
        #expect(json["drift"]?.arrayValue?.count == 1)
        #expect(json["drift"]?.arrayValue?.first?["metric"] == "errors")
        #expect(json["series"]?.arrayValue?.first?["points"]?.arrayValue?.count == 4)
    }
}

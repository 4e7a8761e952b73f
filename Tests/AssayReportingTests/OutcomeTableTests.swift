import AssayCore
@testable import AssayReporting
import Foundation
import Testing

struct OutcomeTableTests {
    static let judged = Suite(
        name: "judged", category: "qa", prompt: "{{q}}",
        assertions: [AssertionSpec(kind: .llmRubric, value: "polite", metric: "tone")],
        cases: (0..<20).map { TestCase(id: String(format: "c%02d", $0), vars: ["q": "x"]) })

    static func sample(_ model: String, _ i: Int, failedCall: Bool = false, pass: Bool = true) -> Sample {
        let id = String(format: "c%02d", i)
        if failedCall {
            return Sample(runID: "r", suite: "judged", caseID: id, model: model, status: .error, errorKind: .serverError)
        }
        return Sample(
            runID: "r", suite: "judged", caseID: id, model: model, status: .graded, output: "ok", usage: TokenUsage(inputTokens: 5, outputTokens: 2),
            cost: 0.001, score: pass ? 1 : 0, passed: pass,
            grades: [GradeResult(type: "llm-rubric", metric: "tone", score: pass ? 1 : 0, pass: pass, reason: "", judge: "j")])
    }

    /// The reviewed failure: with the only grader's judge untrusted, answers cannot be graded for routing;
    /// if failed calls still counted as fails, the model whose calls failed would be the only one with
    /// outcomes and would take all the traffic.
    @Test func withItsOnlyJudgeUntrustedASuiteRoutesNothingAndSaysSo() {
        let samples = (0..<20).map { Self.sample("good", $0) } + (0..<20).map { Self.sample("flaky", $0, failedCall: $0 % 2 == 0) }
        let table = OutcomeTable.of(samples, suites: [Self.judged], excludedMetrics: ["judged": ["tone"]])
        let routes = CategoryRouter.routes(suites: [Self.judged], models: ["good", "flaky"], table: table, options: RoutingOptions(), seed: 1)
        #expect(routes.count == 1)
        #expect(routes[0].reference == nil)
        #expect(routes[0].primary == nil)
        #expect(routes[0].candidates.allSatisfy { $0.share == 0 })
        // The leaderboard figures keep every grade: only routing leaves the untrusted judge out.
        #expect(table.outcomes(suite: "judged", model: "good", clusters: [:]).count == 20)
        #expect(table.outcomes(suite: "judged", model: "good", clusters: [:], routing: true).isEmpty)
    }

    @Test func theTableMatchesTheSamplesItWasBuiltFrom() {
        let samples = (0..<20).map { Self.sample("m", $0, failedCall: $0 == 3, pass: $0 % 4 != 0) }
        let table = OutcomeTable.of(samples)
        let cell = try? #require(table.cell(suite: "judged", model: "m"))
        #expect(cell?.samples == 20)
        #expect(cell?.graded == 19)
        #expect(cell?.errorsByKind == ["server-error": 1])
        // Passes: not a multiple of 4, and not the failed call (3).
        #expect(cell?.passedGraded == 14)
        #expect(cell?.junitErrors == 1)
        #expect(cell?.junitFailures == 5)
        #expect(abs((cell?.cost ?? 0) - 0.019) < 1e-12)
        let outcomes = table.outcomes(suite: "judged", model: "m", clusters: [:])
        #expect(outcomes["c03"]?.pass == 0, "a failed call counts as not passed")
        #expect(outcomes["c03"]?.answered == 0)
    }

    /// A case's repeats are kept as counts (passes and flips) and its latencies in the cell's list; the
    /// figures read from them must be those of the repeats themselves, whatever order they arrive in.
    @Test func repeatsAndLatenciesAreReadBackPerCase() {
        // c00: pass, fail, pass, pass (2 flips); c01: fail ×4; c02: pass ×4.
        let pattern: [[Bool]] = [[true, false, true, true], [false, false, false, false], [true, true, true, true]]
        var samples: [Sample] = []
        for (i, passes) in pattern.enumerated() {
            for (r, pass) in passes.enumerated() {
                var s = Self.sample("m", i, pass: pass)
                s.repeatIndex = r
                s.timings = CallTimings(ttftMs: 1, totalMs: Double(100 * i + r))
                samples.append(s)
            }
        }
        let table = OutcomeTable.of(samples.reversed())
        #expect(table.suiteCases["judged"]?.ids == ["c00", "c01", "c02"])
        #expect(table.cell(suite: "judged", model: "m")?.caseCount == 3)
        #expect(table.record(suite: "judged", model: "m", caseID: "c00")?.passedSamples == 3)
        #expect(table.record(suite: "judged", model: "m", caseID: "c00")?.flips == 2)
        #expect(table.record(suite: "judged", model: "m", caseID: "c01")?.flips == 0)
        #expect(table.record(suite: "judged", model: "m", caseID: "c09") == nil)
        let flaky = Aggregator.flakyCases(suite: "judged", models: ["m"], table: table)
        #expect(flaky.map(\.caseID) == ["c00"])
        #expect(flaky.first?.passes == 3)
        #expect(flaky.first.map { abs($0.flipRate - 2.0 / 3.0) < 1e-12 } == true)
        #expect(table.totalMs(suite: "judged", model: "m", ofCases: { $0 != "c01" }) == [0, 1, 2, 3, 200, 201, 202, 203])
        // Routing a subset of cases (an adaptive run's rounds) takes only their latencies.
        let routed = CategoryRouter.outcomes(suites: [Self.judged], models: ["m"], table: table) { _, caseID in caseID == "c02" }
        #expect(routed.first?.latencies["m"] == [200, 201, 202, 203])
        #expect(routed.first?.outcomes.caseIDs == ["judged/c02"])
        #expect(routed.first?.outcomes.count(of: "m") == 1)
    }

    /// Cases one model did not run (an adaptive run stops models early) have no record, though the suite's
    /// index holds them for the others.
    @Test func aCaseAModelDidNotRunHasNoRecord() {
        let samples = (0..<4).map { Self.sample("a", $0) } + [Self.sample("b", 2)]
        let table = OutcomeTable.of(samples)
        #expect(table.cell(suite: "judged", model: "b")?.caseCount == 1)
        #expect(table.record(suite: "judged", model: "b", caseID: "c00") == nil)
        #expect(table.record(suite: "judged", model: "b", caseID: "c03") == nil)
        #expect(table.record(suite: "judged", model: "b", caseID: "c02")?.count == 1)
        #expect(table.outcomes(suite: "judged", model: "b", clusters: [:]).keys.sorted() == ["c02"])
        #expect(table.caseIDs(suite: "judged") == ["c00", "c01", "c02", "c03"])
    }

    /// What a 100,000-sample run holds per case × model: kept small on purpose.
    @Test func perCaseValuesStaySmall() {
        #expect(MemoryLayout<OutcomeTable.CaseRecord>.stride <= 64)
        #expect(MemoryLayout<CaseOutcome>.stride <= 64)
        var outcome = CaseOutcome(caseID: "c", cluster: nil, pass: 1, score: 1, samples: 3, cost: nil, answered: 2)
        #expect(outcome.cost == nil && outcome.samples == 3 && outcome.answered == 2)
        outcome.cost = 0.25
        #expect(outcome.cost == 0.25)
    }
}

/// Serving figures per suite × model: time per output token, and tool calls right.
struct ServingFigureTests {
    /// TPOT as vLLM's benchmark defines it, per call: (end-to-end − TTFT) / (output tokens − 1); percentiles over the
    /// calls. A call of one output token has none.
    @Test func timePerOutputTokenIsPerCall() throws {
        let suite = OutcomeTableTests.judged
        let samples = (0..<20).map { i in
            var s = OutcomeTableTests.sample("m", i)
            // TTFT 100 ms, then 10 * (i + 1) ms for 11 tokens: TPOT (i + 1) ms.
            s.usage = TokenUsage(inputTokens: 5, outputTokens: i == 19 ? 1 : 11)
            s.timings = CallTimings(ttftMs: 100, totalMs: 100 + 10 * Double(i + 1))
            return s
        }
        let summary = try #require(Aggregator.summarize(suites: [suite], models: ["m"], samples: samples, seed: 1).first?.models.first)
        // Calls 0...18 have TPOT 1...19 ms; the last wrote one token.
        #expect(summary.tpotP50Ms == 10)
        #expect(summary.tpotP99Ms.map { abs($0 - 18.82) < 1e-9 } == true, "\(summary.tpotP99Ms ?? -1)")
        #expect(ReportFormat.tpot(0.256) == "0.26 ms")
    }

    @Test func toolCallsRightIsTheShareOfSamplesWhoseEveryToolGradePassed() throws {
        let suite = OutcomeTableTests.judged
        let samples = (0..<20).map { i in
            var s = OutcomeTableTests.sample("m", i)
            s.grades += [
                GradeResult(type: "tool-call", metric: "arguments", score: i < 15 ? 1 : 0, pass: i < 15, reason: ""),
                GradeResult(type: "not-tool-call", metric: "no-refund", score: i == 0 ? 0 : 1, pass: i != 0, reason: ""),
            ]
            return s
        }
        let summary = try #require(Aggregator.summarize(suites: [suite], models: ["m"], samples: samples, seed: 1).first?.models.first)
        #expect(summary.toolCallSamples == 20)
        #expect(summary.toolCallAccuracy == 14.0 / 20.0)
        #expect((summary.toolCallLow ?? 1) < 0.7 && (summary.toolCallHigh ?? 0) > 0.7)
    }
}

import AssayCore
@testable import AssayReporting
import Foundation
import Testing

/// Goodput: the share of live calls answered within every bound of the serving objective.
struct GoodputTests {
    static let suite = Suite(
        name: "s", category: "c", prompt: "{{q}}", assertions: [AssertionSpec(kind: .contains, value: "a")],
        cases: (0..<20).map { TestCase(id: String(format: "c%02d", $0), vars: ["q": "x"]) })

    static func sample(_ model: String, _ i: Int, ttft: Double?, total: Double, outputTokens: Int = 11, cached: Bool = false) -> Sample {
        Sample(
            runID: "r", suite: "s", caseID: String(format: "c%02d", i), model: model, status: .graded, output: "a",
            usage: TokenUsage(inputTokens: 10, outputTokens: outputTokens), cost: 0.001,
            timings: CallTimings(ttftMs: ttft, totalMs: total), score: 1, passed: true, cached: cached)
    }

    @Test func theObjectiveIsReadAndItsErrorsNameTheBound() throws {
        let slo = try ServiceLevelObjective(parsing: "ttft_ms=500, tpot_ms=40,e2e_ms=8000")
        #expect(slo == ServiceLevelObjective(ttftMs: 500, tpotMs: 40, e2eMs: 8000))
        #expect(slo.text == "ttft_ms=500,tpot_ms=40,e2e_ms=8000")
        func message(_ text: String) -> String {
            do { _ = try ServiceLevelObjective(parsing: text); return "no error" } catch { return "\(error)" }
        }
        #expect(message("ttft=500").contains("unknown bound \"ttft\""))
        #expect(message("ttft_ms=fast").contains("ttft_ms must be a positive number of milliseconds"))
        #expect(message("ttft_ms=-1").contains("positive"))
        #expect(message("e2e_ms=1,e2e_ms=2").contains("given twice"))
        #expect(message("").contains("is not NAME=MILLISECONDS"))
    }

    /// Each bound on its own: TTFT, the time per output token after the first, end to end. A call with no
    /// content token misses a TTFT bound; one output token meets a TPOT bound; a failed call misses;
    /// a cached answer is not a call.
    @Test func callsAreCountedAgainstEveryBound() throws {
        let slo = ServiceLevelObjective(ttftMs: 300, tpotMs: 20, e2eMs: 1000)
        let samples = [
            Self.sample("m", 0, ttft: 200, total: 400),  // TPOT 20: met
            Self.sample("m", 1, ttft: 301, total: 400),  // TTFT over
            Self.sample("m", 2, ttft: 200, total: 500),  // TPOT 30: over
            Self.sample("m", 3, ttft: 200, total: 1001, outputTokens: 1),  // one token: no TPOT; end to end over
            Self.sample("m", 4, ttft: 200, total: 900, outputTokens: 1),  // met
            Self.sample("m", 5, ttft: nil, total: 100),  // no content token
            Sample(runID: "r", suite: "s", caseID: "c06", model: "m", status: .error, errorKind: .timeout),
            Self.sample("m", 7, ttft: 1, total: 2, cached: true),
        ]
        let table = OutcomeTable.of(samples, suites: [Self.suite], slo: slo)
        let cell = try #require(table.cell(suite: "s", model: "m"))
        #expect(cell.sloCalls == 7)
        #expect(cell.sloMet == 2)
        let summaries = Aggregator.summarize(suites: [Self.suite], models: ["m"], table: table, pairwise: [], seed: 1, alpha: 0.05)
        let m = try #require(summaries.first?.models.first)
        #expect(m.goodput == 2.0 / 7)
        #expect(m.goodputCalls == 7)
        #expect((m.goodputLow ?? 1) < 2.0 / 7 && (m.goodputHigh ?? 0) > 2.0 / 7)
        // Without an objective nothing is counted.
        #expect(OutcomeTable.of(samples, suites: [Self.suite]).cell(suite: "s", model: "m")?.sloCalls == 0)
    }

    /// The cheaper model is as good but slow to start: with a goodput minimum it is not routed to.
    @Test func aModelBelowTheGoodputMinimumIsNotRoutedTo() throws {
        let samples = (0..<20).map { Self.sample("dear", $0, ttft: 100, total: 500) }
            + (0..<20).map { i in
                var s = Self.sample("cheap", i, ttft: i < 10 ? 900 : 100, total: 1200)
                s.cost = 0.0001
                return s
            }
        var options = RoutingOptions()
        options.slo = ServiceLevelObjective(ttftMs: 500)
        let table = OutcomeTable.of(samples, suites: [Self.suite], slo: options.slo)
        let open = CategoryRouter.routes(suites: [Self.suite], models: ["dear", "cheap"], table: table, options: options, seed: 1)
        let cheapOpen = try #require(open.first?.candidates.first { $0.model == "cheap" })
        #expect(cheapOpen.goodput == 0.5)
        #expect(cheapOpen.meetsGoodput, "no minimum set")
        #expect(cheapOpen.decision != .excluded)

        options.minGoodput = 0.9
        let routes = CategoryRouter.routes(suites: [Self.suite], models: ["dear", "cheap"], table: table, options: options, seed: 1)
        let route = try #require(routes.first)
        let cheap = try #require(route.candidates.first { $0.model == "cheap" })
        #expect(!cheap.meetsGoodput)
        #expect(cheap.decision == .excluded)
        #expect(cheap.verdict(in: route) == "not routed to: goodput below the minimum")
        #expect(route.reference == "dear")
        #expect(route.notes.contains { $0.contains("cheap: goodput 50.0% below the minimum 90.0%") })
    }
}

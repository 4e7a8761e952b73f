import AssayCore
import Testing
import AssayReporting
import AssayStatistics
import Foundation

struct RoutingPolicyTests {
    /// Per-case outcomes: `passes` of `n` cases passed (the first ones), each costing `cost`.
    static func outcomes(_ passes: Int, of n: Int, cost: Double?) -> [String: CaseOutcome] {
        Dictionary(uniqueKeysWithValues: (0..<n).map { i in
            let id = String(format: "c%03d", i)
            return (id, CaseOutcome(caseID: id, cluster: nil, pass: i < passes ? 1 : 0, score: i < passes ? 1 : 0, samples: 1, cost: cost))
        })
    }

    static func route(_ outcomes: [String: [String: CaseOutcome]], options: RoutingOptions = RoutingOptions(), latency: [String: Double] = [:], validate: Bool = false) -> CategoryRoute {
        RoutingPolicy.route(
            category: "qa", suites: ["qa"], models: outcomes.keys.sorted(), outcomes: outcomes, p95LatencyMs: latency,
            options: options, seed: 7, validate: validate)
    }

    /// Outcomes of a cheaper model that matches `reference` except on the cases listed (flipped to a fail).
    static func copy(_ reference: [String: CaseOutcome], failing: Int, cost: Double) -> [String: CaseOutcome] {
        var out = reference
        for id in reference.keys.sorted().filter({ reference[$0]?.pass == 1 }).prefix(failing) {
            out[id]?.pass = 0
            out[id]?.score = 0
        }
        for id in out.keys { out[id]?.cost = cost }
        return out
    }

    @Test func aCheaperModelShownWithinTheMarginTakesTheTraffic() {
        // 150 cases on which the cheaper model never disagrees: Tango's bound is z²/(n + z²) ≈ 1.8 points.
        let big = Self.outcomes(140, of: 150, cost: 0.01)
        let r = Self.route(["big": big, "small": Self.copy(big, failing: 0, cost: 0.001)])
        #expect(r.reference == "big", "equal pass rates: the dearer model is the reference")
        let small = try? #require(r.candidate("small"))
        #expect(small?.decision == .admitted)
        #expect((small?.loss?.upper ?? 1) < 0.05)
        #expect(r.primary == "small")
        #expect(r.share(of: "small") > r.share(of: "big"))
        #expect(abs(r.candidates.map(\.share).reduce(0, +) - 1) < 1e-9)
        #expect(small?.verdict(in: r).contains("shown within 5.0 points of every routable model") == true)
    }

    @Test func aSmallSuiteLeavesTheCheaperModelUndecidedAndTheTrafficOnTheBest() {
        // The old rule's failure: 40 cases, 38 against 37, "not significantly worse" moved the traffic.
        let big = Self.outcomes(38, of: 40, cost: 0.01)
        let r = Self.route(["big": big, "small": Self.copy(big, failing: 1, cost: 0.001)])
        let small = try? #require(r.candidate("small"))
        #expect(small?.decision == .undecided)
        #expect(r.primary == "big")
        #expect(abs(r.share(of: "small") - 0.02) < 1e-9, "an undecided model keeps only the exploration floor")
        // It says what would decide it: more cases than it has.
        #expect((small?.moreCasesNeeded?.count ?? 0) > 40)
        #expect(small?.verdict(in: r).contains("more cases would decide it") == true)
    }

    @Test func aModelShownWorseByMoreThanTheMarginGetsNoTraffic() {
        let r = Self.route(["good": Self.outcomes(57, of: 60, cost: 0.01), "weak": Self.outcomes(20, of: 60, cost: 0.0001)])
        #expect(r.primary == "good")
        #expect(r.candidate("weak")?.decision == .rejected)
        #expect((r.candidate("weak")?.loss?.lower ?? 0) > 0.05)
        #expect(r.share(of: "weak") == 0, "no exploration floor for a model shown worse")
        #expect(abs(r.share(of: "good") - 1) < 1e-9)
    }

    @Test func aModelWhoseEveryCallFailedIsNotRoutedAndIsNoFallback() {
        var broken = Self.outcomes(0, of: 60, cost: 0)
        for id in broken.keys { broken[id]?.answered = 0 }
        let r = Self.route(["good": Self.outcomes(57, of: 60, cost: 0.01), "broken": broken])
        #expect(r.candidate("broken")?.decision == .excluded)
        #expect(r.candidate("broken")?.costPerTask == nil)
        #expect(r.share(of: "broken") == 0)
        #expect(!r.fallbacks.contains("broken"))
        #expect(r.notes.contains { $0.contains("broken: no call answered") })
    }

    @Test func whenACheaperModelIsShownTheReferenceKeepsOnlyTheFloorUnlessShownItself() {
        // The dear model is 20 points worse than the cheap one on 300 cases: the cheap one is shown within
        // the margin of it; the dear one is not shown within the margin of the cheap one.
        let cheap = Self.outcomes(280, of: 300, cost: 0.001)
        let dear = Self.copy(cheap, failing: 60, cost: 0.01)
        var options = RoutingOptions()
        options.latencyWeight = 1
        let r = Self.route(["cheap": cheap, "dear": dear], options: options, latency: ["cheap": 900, "dear": 100])
        #expect(r.reference == "cheap" || r.candidate("dear")?.decision == .reference)
        #expect(r.primary == "cheap")
        #expect(r.share(of: "dear") <= 0.02 + 1e-9, "a fast reference that is not shown good enough keeps only the floor")
    }

    @Test func aCandidateMustHoldAgainstEveryModelNotOnlyTheObservedBest() {
        // "a" and "b" are the top two; "c" (cheapest) matches "b" but not "a" on its 150 cases. The
        // observed best is "a", and against "a" the loss is 20 points: it must not take traffic.
        let a = Self.outcomes(150, of: 150, cost: 0.01)
        let b = Self.copy(a, failing: 30, cost: 0.005)
        let c = Self.copy(b, failing: 0, cost: 0.001)
        let r = Self.route(["a": a, "b": b, "c": c])
        #expect(r.reference == "a")
        #expect(r.candidate("c")?.decision == .rejected)
        #expect(r.candidate("c")?.loss?.reference == "a")
    }

    @Test func bonferroniDividesTheErrorAmongTheCandidates() {
        let big = Self.outcomes(100, of: 150, cost: 0.04)
        let r = Self.route([
            "big": big, "m1": Self.copy(big, failing: 0, cost: 0.02), "m2": Self.copy(big, failing: 20, cost: 0.01),
            "m3": Self.copy(big, failing: 40, cost: 0.005),
        ])
        #expect(r.candidatesTested == 3, "every routable model but one, whatever the frontier")
        #expect(abs(r.comparisonAlpha - 0.05 / 3) < 1e-12)
        #expect(abs((r.candidate("m1")?.loss?.alpha ?? 0) - 0.05 / 3) < 1e-12)
    }

    @Test func dominatedModelsAndUnknownCostsGetNoTraffic() {
        let r = Self.route([
            "a": Self.outcomes(30, of: 40, cost: 0.01),
            "dominated": Self.outcomes(25, of: 40, cost: 0.02),
            "unpriced": Self.outcomes(39, of: 40, cost: nil),
        ])
        #expect(r.share(of: "dominated") == 0)
        #expect(r.share(of: "unpriced") == 0)
        #expect(r.candidate("dominated")?.decision == .dominated)
        #expect(r.candidate("dominated")?.dominatedBy == "a")
        #expect(r.candidate("unpriced")?.decision == .excluded)
        #expect(r.notes.contains { $0.contains("unpriced: cost unknown") })
        #expect(r.primary == "a")
    }

    @Test func theLatencyLimitRemovesSlowModels() {
        var options = RoutingOptions()
        options.maxP95LatencyMs = 1000
        let r = Self.route(
            ["fast": Self.outcomes(30, of: 40, cost: 0.01), "slow": Self.outcomes(40, of: 40, cost: 0.001)], options: options,
            latency: ["fast": 800, "slow": 4000])
        #expect(r.primary == "fast")
        #expect(r.share(of: "slow") == 0)
        #expect(!r.fallbacks.contains("slow"))
    }

    @Test func valueModeTradesQualityForMoneyOnlyWhenTheBoundShowsAGain() {
        // A correct answer is worth $0.01; "cheap" saves $0.009 per task and loses 20 points (worth $0.002).
        let big = Self.outcomes(150, of: 200, cost: 0.01)
        var options = RoutingOptions()
        options.valuePerSuccess = 0.01
        let r = Self.route(["big": big, "cheap": Self.copy(big, failing: 40, cost: 0.001)], options: options)
        #expect(r.candidate("cheap")?.decision == .admitted)
        #expect((r.candidate("cheap")?.gain?.lower ?? 0) > 0)
        #expect(r.primary == "cheap")
        // Worth $1 a correct answer, the same 20 points cost $0.20: shown to lose value.
        options.valuePerSuccess = 1
        let dear = Self.route(["big": big, "cheap": Self.copy(big, failing: 40, cost: 0.001)], options: options)
        #expect(dear.candidate("cheap")?.decision == .rejected)
        #expect(dear.primary == "big")
    }

    @Test func heldOutSavingsAreClaimedOnlyWhenTheOtherHalfShowsThem() {
        // Identical on 400 cases at a tenth of the cost: each half shows the policy within the margin.
        var options = RoutingOptions()
        options.baselineModel = "big"
        let big = Self.outcomes(380, of: 400, cost: 0.01)
        let same = Self.route(["big": big, "small": Self.copy(big, failing: 0, cost: 0.001)], options: options, validate: true)
        let held = try? #require(same.heldOut)
        #expect((held?.fitCases ?? 0) + (held?.heldOutCases ?? 0) == 400)
        #expect(held?.projectedSavings != nil)
        #expect((held?.differenceLowerBound ?? -1) > -0.05)
        #expect(held?.failed == false)
        #expect(held?.verdict.contains("Within 5.0 points of big's quality") == true)

        // A cheap model that matches on a lucky half but is far worse overall must not be claimed.
        var lucky = Self.outcomes(100, of: 100, cost: 0.01)
        var cheap = Self.outcomes(0, of: 100, cost: 0.001)
        for id in lucky.keys.sorted().prefix(50) { cheap[id]?.pass = 1; cheap[id]?.score = 1; lucky[id]?.pass = 1 }
        let route = Self.route(["big": lucky, "cheap": cheap], validate: true)
        #expect(route.heldOut?.projectedSavings == nil)
        #expect(route.primary == "big")
    }

    @Test func aSequentialRouteUsesTheConfidenceSequenceAndItsStricterLevel() {
        let big = Self.outcomes(190, of: 200, cost: 0.01)
        let outcomes = ["big": big, "small": Self.copy(big, failing: 0, cost: 0.001)]
        let r = RoutingPolicy.route(
            category: "qa", suites: ["qa"], models: ["big", "small"], outcomes: outcomes, p95LatencyMs: [:],
            options: RoutingOptions(), seed: 7, sequence: big.keys.sorted(), validate: false)
        #expect(r.sequential)
        #expect(abs(r.comparisonAlpha - 0.025) < 1e-12, "α/(2·(routable − 1)) with two routable models")
        #expect(r.candidate("small")?.loss?.method == .confidenceSequence)
        #expect(r.candidate("small")?.decision == .admitted)
        #expect(RoutingPolicy.settled(r) == ["big", "small"], "nothing is undecided: the category can stop")
    }

    @Test func anAdaptiveRunDoesNotStopACategoryThatHasNothingToDecide() {
        // One routable model (the other has no price): no candidate is tested, so nothing is settled, and
        // the unpriced model keeps being called too.
        let outcomes = ["only": Self.outcomes(9, of: 10, cost: 0.01), "unpriced": Self.outcomes(8, of: 10, cost: nil)]
        let r = RoutingPolicy.route(
            category: "qa", suites: ["qa"], models: ["only", "unpriced"], outcomes: outcomes, p95LatencyMs: [:],
            options: RoutingOptions(), seed: 7, sequence: outcomes["only"]?.keys.sorted(), validate: false)
        #expect(RoutingPolicy.settled(r).isEmpty)
    }

    @Test func tooFewCasesSkipTheHeldOutCheckAndSayWhy() {
        let r = Self.route(["a": Self.outcomes(5, of: 8, cost: 0.01)], validate: true)
        #expect(r.heldOut == nil)
        #expect(r.notes.contains { $0.contains("held-out validation skipped") })
    }
}

struct RunComparisonTests {
    static func samples(run: String, model: String = "m", passes: [Bool]) -> [Sample] {
        passes.enumerated().map { i, p in
            Sample(runID: run, suite: "s", caseID: String(format: "c%03d", i), model: model, status: .graded, output: "", usage: TokenUsage(),
                   cost: 0, score: p ? 1 : 0, passed: p)
        }
    }

    @Test func aSignificantRegressionFailsTheGate() {
        let base = Self.samples(run: "b", passes: Array(repeating: true, count: 60))
        let candidate = Self.samples(run: "c", passes: (0..<60).map { $0 >= 20 })
        let comparison = RunComparison.compare(base: ("b", base), candidate: ("c", candidate), minEffect: 0.05)
        #expect(!comparison.passed)
        #expect(comparison.regressions.count == 1)
        #expect(abs(comparison.cells[0].change + 1.0 / 3.0) < 1e-12)
        #expect(comparison.cells[0].pAdjusted < 0.001)
    }

    @Test func noiseDoesNotFailTheGate() {
        // Two cases flip each way: no change in pass rate, not significant.
        let base = Self.samples(run: "b", passes: (0..<60).map { $0 % 3 != 0 })
        var flipped = (0..<60).map { $0 % 3 != 0 }
        flipped[0].toggle(); flipped[3].toggle(); flipped[1].toggle(); flipped[2].toggle()
        let comparison = RunComparison.compare(base: ("b", base), candidate: ("c", Self.samples(run: "c", passes: flipped)))
        #expect(comparison.passed)
        #expect(comparison.cells[0].pAdjusted > 0.05)
    }

    @Test func aSignificantButSmallDropBelowTheMinimumEffectPasses() {
        let n = 2000
        let base = Self.samples(run: "b", passes: Array(repeating: true, count: n))
        let candidate = Self.samples(run: "c", passes: (0..<n).map { $0 >= 60 })  // a 3-point drop, very significant
        let comparison = RunComparison.compare(base: ("b", base), candidate: ("c", candidate), minEffect: 0.05)
        #expect(comparison.cells[0].pAdjusted < 0.001)
        #expect(comparison.passed)
    }
}

struct AggregatorRankTests {
    @Test func modelsWithoutASignificantGapShareARank() {
        let suite = Suite(name: "s", category: "c", prompt: "{{q}}", assertions: [AssertionSpec(kind: .equals, value: "x")],
                          cases: (0..<40).map { TestCase(id: String(format: "c%03d", $0), vars: ["q": "x"]) })
        func samples(_ model: String, _ passes: Int) -> [Sample] {
            (0..<40).map { i in
                Sample(runID: "r", suite: "s", caseID: String(format: "c%03d", i), model: model, status: .graded, output: "",
                       usage: TokenUsage(inputTokens: 1, outputTokens: 1), cost: 0.001, score: i < passes ? 1 : 0, passed: i < passes)
            }
        }
        let summaries = Aggregator.summarize(
            suites: [suite], models: ["a", "b", "c"], samples: samples("a", 38) + samples("b", 37) + samples("c", 10))
        let ranks = Dictionary(uniqueKeysWithValues: summaries[0].models.map { ($0.model, $0.rank) })
        #expect(ranks == ["a": 1, "b": 1, "c": 3])
        let ranges = Dictionary(uniqueKeysWithValues: summaries[0].models.map { ($0.model, $0.rankRange) })
        #expect(ranges == ["a": "1–2", "b": "1–2", "c": "3"])
        #expect(summaries[0].comparisons.count == 3)
        let a = summaries[0].models[0]
        #expect(a.model == "a")
        #expect((a.meanScoreLow ?? 1) < 0.95 && (a.meanScoreHigh ?? 0) <= 1)
    }
}

import AssayCore
import Testing

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

    @Test func aCheaperModelThatIsNotSignificantlyWorseTakesTheTraffic() {
        // 40 cases: big 38/40, small 37/40 (the same cases bar one): tied; small is 10× cheaper.
        let r = Self.route(["big": Self.outcomes(38, of: 40, cost: 0.01), "small": Self.outcomes(37, of: 40, cost: 0.001)])
        #expect(r.best == "big")
        #expect(r.primary == "small")
        #expect(r.fallbacks == ["big"])
        let small = try? #require(r.candidates.first { $0.model == "small" })
        #expect(small?.tiedWithBest == true)
        #expect((small?.pValueVersusBest ?? 0) > 0.05)
        #expect(abs(r.candidates.map(\.share).reduce(0, +) - 1) < 1e-9)
        #expect(r.share(of: "small") > r.share(of: "big"))
    }

    @Test func aSignificantlyWorseModelKeepsOnlyTheFloor() {
        // 60 cases: good 57/60, weak 20/60 (all of weak's passes are among good's): McNemar p ≪ 0.05.
        var options = RoutingOptions()
        options.floorShare = 0.02
        let r = Self.route(["good": Self.outcomes(57, of: 60, cost: 0.01), "weak": Self.outcomes(20, of: 60, cost: 0.0001)], options: options)
        #expect(r.primary == "good")
        #expect(r.candidates.first { $0.model == "weak" }?.tiedWithBest == false)
        #expect(abs(r.share(of: "weak") - 0.02) < 1e-9)
        #expect(abs(r.share(of: "good") - 0.98) < 1e-9)
    }

    @Test func dominatedModelsAndUnknownCostsGetNoTraffic() {
        let r = Self.route([
            "a": Self.outcomes(30, of: 40, cost: 0.01),
            "dominated": Self.outcomes(25, of: 40, cost: 0.02),
            "unpriced": Self.outcomes(39, of: 40, cost: nil),
        ])
        #expect(r.share(of: "dominated") == 0)
        #expect(r.share(of: "unpriced") == 0)
        #expect(r.candidates.first { $0.model == "dominated" }?.paretoCost == false)
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

    @Test func heldOutSavingsAreClaimedOnlyWhenTheOtherHalfShowsThem() {
        // Tied models, the cheaper at a tenth of the cost: the held-out half keeps the quality.
        var options = RoutingOptions()
        options.baselineModel = "big"
        let tied = Self.route(["big": Self.outcomes(95, of: 100, cost: 0.01), "small": Self.outcomes(94, of: 100, cost: 0.001)], options: options, validate: true)
        let held = try? #require(tied.heldOut)
        #expect((held?.fitCases ?? 0) + (held?.heldOutCases ?? 0) == 100)
        #expect(held?.projectedSavings != nil)
        #expect(held?.failed == false)

        // A cheap model that looks tied on a lucky half but is far worse overall must not be claimed.
        var lucky = Self.outcomes(100, of: 100, cost: 0.01)
        var cheap = Self.outcomes(0, of: 100, cost: 0.001)
        for id in lucky.keys.sorted().prefix(50) { cheap[id]?.pass = 1; cheap[id]?.score = 1; lucky[id]?.pass = 1 }
        let route = Self.route(["big": lucky, "cheap": cheap], validate: true)
        if let h = route.heldOut, h.projectedSavings != nil {
            #expect(h.policyQuality >= h.baselineQuality - 0.2, "savings claimed with a much worse held-out quality")
        }
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
        #expect(summaries[0].comparisons.count == 3)
        let a = summaries[0].models[0]
        #expect(a.model == "a")
        #expect((a.meanScoreLow ?? 1) < 0.95 && (a.meanScoreHigh ?? 0) <= 1)
    }
}

import AssayCore
@testable import AssayReporting
import Foundation
import Testing

struct CaseOutcomeGridTests {
    static func outcome(_ id: String, pass: Double, cost: Double? = 0.01, cluster: String? = nil) -> CaseOutcome {
        CaseOutcome(caseID: id, cluster: cluster, pass: pass, score: pass / 2, samples: 2, cost: cost, answered: 1)
    }

    /// a ran c1, c3 and c2; b ran c2 and c4 (no cost known on c4).
    static let grid = CaseOutcomeGrid([
        "a": ["c3": outcome("c3", pass: 1), "c1": outcome("c1", pass: 0.5, cluster: "k"), "c2": outcome("c2", pass: 0)],
        "b": ["c4": outcome("c4", pass: 1, cost: nil), "c2": outcome("c2", pass: 1)],
    ])

    @Test func casesAreTheUnionInIdOrderAndOutcomesReadBackWhole() {
        let grid = Self.grid
        #expect(grid.caseIDs == ["c1", "c2", "c3", "c4"])
        #expect(grid.count(of: "a") == 3 && grid.count(of: "b") == 2 && grid.count(of: "missing") == 0)
        #expect(grid.outcome("a", at: 0) == Self.outcome("c1", pass: 0.5, cluster: "k"))
        #expect(grid.outcome("b", at: 3) == Self.outcome("c4", pass: 1, cost: nil))
        #expect(grid.outcome("b", at: 0) == nil)
        #expect(grid.cluster(at: 0) == "k" && grid.cluster(at: 1) == nil)
        #expect(grid.outcomes(of: "a").map(\.caseID) == ["c1", "c2", "c3"])
        #expect(grid.dictionary(of: "b") == ["c2": Self.outcome("c2", pass: 1), "c4": Self.outcome("c4", pass: 1, cost: nil)])
        #expect(grid.shared("a", "b") == [1])
        #expect(grid.shared("a", "missing") == [])
    }

    @Test func positionsAreFoundByIdInAnyOrder() {
        let grid = Self.grid
        #expect(grid.position(of: "c1") == 0 && grid.position(of: "c4") == 3)
        #expect(grid.position(of: "c0") == nil && grid.position(of: "c25") == nil && grid.position(of: "c5") == nil)
        #expect(grid.positions(of: ["c1", "c2"]) == [0, 1], "the grid's own order")
        #expect(grid.positions(of: ["c1", "c4", "c9", "c2"]) == [0, 3, 1], "past the prefix, by search; unknown ids left out")
        #expect(CaseOutcomeGrid().positions(of: ["c1"]) == [])
    }

    @Test func restrictingAndMaskingKeepTheOutcomesTheySay() {
        let grid = Self.grid
        let half = grid.restricted(to: [0, 3])
        #expect(half.caseIDs == ["c1", "c4"])
        #expect(half.count(of: "a") == 1 && half.count(of: "b") == 1)
        #expect(half.outcome("a", at: 0) == grid.outcome("a", at: 0))
        #expect(half.cluster(at: 0) == "k")
        let early = grid.masked { model, position in model == "a" || position < 2 }
        #expect(early.caseIDs == grid.caseIDs)
        #expect(early.count(of: "a") == 3 && early.count(of: "b") == 1)
        #expect(early.outcome("b", at: 3) == nil)
    }

    /// The table's grid gives each model the outcomes its per-model dictionaries give, keyed "suite/case"
    /// across the suites of a category, with the suites' clusters and the cases `includeCase` keeps.
    @Test func theTablesGridAgreesWithItsDictionaries() {
        var samples: [Sample] = []
        for suite in ["qa", "qa-extra"] {
            for i in 0..<12 {
                for model in ["m1", "m2"] where !(model == "m2" && i % 5 == 0) {
                    for r in 0..<2 {
                        let pass = (i + r + (model == "m2" ? 1 : 0)) % 3 != 0
                        var s = Sample(
                            runID: "r", suite: suite, caseID: String(format: "c%02d", i), model: model, status: i == 7 && r == 1 ? .error : .graded,
                            output: "ok", usage: TokenUsage(inputTokens: 5, outputTokens: 2), cost: 0.001 * Double(i + 1), score: pass ? 1 : 0.25,
                            passed: pass)
                        s.repeatIndex = r
                        if s.status == .error { s.usage = nil; s.cost = nil; s.passed = nil; s.score = nil; s.errorKind = .serverError }
                        samples.append(s)
                    }
                }
            }
        }
        let table = OutcomeTable.of(samples)
        let clusters = ["qa": ["c01": "x", "c02": "x"], "qa-extra": [String: String]()]
        let grid = table.grid(
            suites: ["qa", "qa-extra"].map { suite in
                OutcomeTable.GridSuite(name: suite, clusters: clusters[suite] ?? [:], includeCase: { $0 != "c11" })
            },
            models: ["m1", "m2", "absent"], prefixed: true)
        #expect(grid.caseCount == 22)
        for model in ["m1", "m2"] {
            var expected: [String: CaseOutcome] = [:]
            for suite in ["qa", "qa-extra"] {
                for (id, outcome) in table.outcomes(suite: suite, model: model, clusters: clusters[suite] ?? [:]) where id != "c11" {
                    var keyed = outcome
                    keyed.caseID = "\(suite)/\(id)"
                    expected[keyed.caseID] = keyed
                }
            }
            #expect(!expected.isEmpty)
            #expect(grid.dictionary(of: model) == expected)
            #expect(grid.outcomes(of: model).map(\.caseID) == expected.keys.sorted())
        }
        #expect(grid.count(of: "absent") == 0)
    }

    /// With an untrusted judge's metric left out, the routing grid holds the figures without it, as the
    /// table's own routing outcomes do.
    @Test func theRoutingGridLeavesOutAnUntrustedJudgesMetric() {
        let suite = Suite(
            name: "mixed", category: "qa", prompt: "{{q}}",
            assertions: [
                AssertionSpec(kind: .llmRubric, value: "polite", metric: "tone"), AssertionSpec(kind: .contains, value: "ok", metric: "says-ok"),
            ],
            cases: (0..<6).map { TestCase(id: "c\($0)", vars: ["q": "x"]) })
        let samples = (0..<6).flatMap { i in
            ["m1", "m2"].map { model in
                // The judge passes every answer of m1; the rule passes every other case.
                let tone = model == "m1"
                let ok = i % 2 == 0
                let grades = [
                    GradeResult(type: "llm-rubric", metric: "tone", score: tone ? 1 : 0, pass: tone, reason: "", judge: "j"),
                    GradeResult(type: "contains", metric: "says-ok", score: ok ? 1 : 0, pass: ok, reason: ""),
                ]
                let combined = GradeResult.combine(grades, threshold: nil)
                return Sample(
                    runID: "r", suite: "mixed", caseID: "c\(i)", model: model, status: .graded, output: "ok",
                    usage: TokenUsage(inputTokens: 1, outputTokens: 1), cost: 0.001, score: combined.score, passed: combined.passed,
                    grades: grades)
            }
        }
        let table = OutcomeTable.of(samples, suites: [suite], excludedMetrics: ["mixed": ["tone"]])
        let routing = table.grid(suites: [OutcomeTable.GridSuite(name: "mixed")], models: ["m1", "m2"], routing: true)
        let plain = table.grid(suites: [OutcomeTable.GridSuite(name: "mixed")], models: ["m1", "m2"])
        for model in ["m1", "m2"] {
            #expect(routing.dictionary(of: model) == table.outcomes(suite: "mixed", model: model, clusters: [:], routing: true))
            #expect(plain.dictionary(of: model) == table.outcomes(suite: "mixed", model: model, clusters: [:]))
        }
        // Without the judge, both models pass exactly the cases the rule passes.
        #expect(routing.outcomes(of: "m1").map(\.pass) == [1, 0, 1, 0, 1, 0])
        #expect(routing.outcomes(of: "m1").map(\.pass) == routing.outcomes(of: "m2").map(\.pass))
        #expect(plain.outcomes(of: "m1").map(\.pass) != plain.outcomes(of: "m2").map(\.pass))
    }
}

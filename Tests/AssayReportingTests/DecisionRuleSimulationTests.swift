import AssayCore
import Foundation
import Testing
import AssayReporting

/// The routing rule run many times on outcomes with known true gaps (measurement guidance §5.8): a model
/// whose true loss reaches the margin (or whose true net value gain is not positive) must take traffic in
/// at most α = 5% of the trials, and a truly good-enough one must be found often. `assay rule-check` prints
/// the full table (README, "Does the rule hold?"); these tests run its scenarios with fewer trials.
struct DecisionRuleSimulationTests {
    static let scenarios = DecisionRuleSimulation.standardScenarios()

    static func scenario(_ label: String) throws -> DecisionRuleSimulation.Scenario {
        try #require(scenarios.first { $0.label == label }, "no scenario \(label)")
    }

    /// The error is within α unless the trials show otherwise: the one-sided 99.9% Clopper–Pearson lower
    /// bound of the observed rate stays at or below α (a rate near α can exceed it in a few hundred trials
    /// by chance; the old rule's 30–90% cannot).
    static func expectErrorWithinAlpha(_ row: DecisionRuleSimulation.Row, sourceLocation: SourceLocation = #_sourceLocation) {
        let errors = Int((row.familyError * Double(row.trials)).rounded())
        let lower = clopperPearsonLower(successes: errors, trials: row.trials, alpha: 0.001)
        #expect(lower <= 0.05, "\(row.scenario.label): \(errors) of \(row.trials) trials gave traffic to a model that must not take it", sourceLocation: sourceLocation)
        #expect(row.familyError <= 0.08, "\(row.scenario.label): error rate \(row.familyError)", sourceLocation: sourceLocation)
    }

    /// The largest p with P[Bin(trials, p) ≥ successes] ≤ alpha, by bisection.
    static func clopperPearsonLower(successes: Int, trials: Int, alpha: Double) -> Double {
        guard successes > 0 else { return 0 }
        func upperTail(_ p: Double) -> Double {
            var term = Foundation.pow(1 - p, Double(trials))
            var below = 0.0
            for k in 0..<successes {
                below += term
                term *= Double(trials - k) / Double(k + 1) * p / (1 - p)
            }
            return 1 - below
        }
        var low = 0.0
        var high = Double(successes) / Double(trials)
        for _ in 0..<60 {
            let mid = (low + high) / 2
            if upperTail(mid) <= alpha { low = mid } else { high = mid }
        }
        return low
    }

    @Test func fixedNGivesTrafficToAModelAtTheMarginAtMostAlphaOfTheTime() throws {
        for label in [
            "fixed n = 150; true loss 5.0 points", "fixed n = 400; true loss 5.0 points", "fixed n = 400; true loss 10.0 points",
            "fixed n = 400; three candidates at the margin", "fixed n = 400; two best, one at the margin",
        ] {
            Self.expectErrorWithinAlpha(DecisionRuleSimulation.run(try Self.scenario(label), trials: 400, seed: 7))
        }
    }

    @Test func fixedNFindsATrulyGoodEnoughModel() throws {
        let row = DecisionRuleSimulation.run(try Self.scenario("fixed n = 400; true loss 0.0 points"), trials: 200, seed: 7)
        #expect(row.admitted[1] >= 0.8, "power \(row.admitted[1])")
        let small = DecisionRuleSimulation.run(try Self.scenario("fixed n = 150; true loss 0.0 points"), trials: 200, seed: 7)
        #expect(small.admitted[1] < row.admitted[1], "fewer cases, less often shown")
    }

    @Test func adaptiveRunsKeepTheErrorAndSaveCalls() throws {
        for label in ["adaptive, up to 400, rounds of 25; true loss 5.0 points", "adaptive, up to 400, rounds of 25; true loss 10.0 points"] {
            Self.expectErrorWithinAlpha(DecisionRuleSimulation.run(try Self.scenario(label), trials: 150, seed: 7))
        }
        let clear = DecisionRuleSimulation.run(try Self.scenario("adaptive, up to 400, rounds of 25; true loss 0.0 points"), trials: 150, seed: 7)
        #expect(clear.admitted[1] >= 0.5, "power \(clear.admitted[1])")
        #expect(clear.meanCalls < 0.8 * Double(clear.fullCalls), "calls \(clear.meanCalls) of \(clear.fullCalls)")
    }

    @Test func valueModeGivesTrafficWithoutAShownGainAtMostAlphaOfTheTime() throws {
        for label in [
            "value, fixed n = 400; true loss 15.0 points (break-even 15.0 points)",
            "value, fixed n = 400; true loss 25.0 points (break-even 15.0 points)",
        ] {
            Self.expectErrorWithinAlpha(DecisionRuleSimulation.run(try Self.scenario(label), trials: 150, seed: 7))
        }
        let gain = DecisionRuleSimulation.run(try Self.scenario("value, fixed n = 400; true loss 5.0 points (break-even 15.0 points)"), trials: 150, seed: 7)
        #expect(gain.admitted[1] >= 0.8, "power \(gain.admitted[1])")
    }

    @Test func whenTheDearestModelIsWorseItKeepsTheTrafficOnlyUntilACheaperOneIsShown() throws {
        // The reference is the default, and a bad default costs quality while nothing is shown; with more
        // cases a cheaper model is shown within the margin of every model and takes the traffic.
        let small = DecisionRuleSimulation.run(try Self.scenario("fixed n = 60; the dearest model 10 points worse"), trials: 200, seed: 7)
        let large = DecisionRuleSimulation.run(try Self.scenario("fixed n = 400; the dearest model 10 points worse"), trials: 200, seed: 7)
        #expect(large.primaryWorse < small.primaryWorse)
        #expect(large.primaryWorse <= 0.05, "at n = 400 the cheaper, better models are shown: \(large.primaryWorse)")
        Self.expectErrorWithinAlpha(large)
    }

    @Test func theCheckCanFail() throws {
        // The same scenario with a rule ten times looser (α = 0.5): models at the margin take traffic far more
        // often than 5%, and the check says so.
        var loose = try Self.scenario("fixed n = 150; true loss 5.0 points")
        loose.options.alpha = 0.5
        let row = DecisionRuleSimulation.run(loose, trials: 400, seed: 7)
        let errors = Int((row.familyError * Double(row.trials)).rounded())
        #expect(Self.clopperPearsonLower(successes: errors, trials: row.trials, alpha: 0.001) > 0.05, "error rate \(row.familyError)")
    }
}

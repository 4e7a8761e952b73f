import AssayStatistics
import Foundation
import Testing

struct NormalDistributionTests {
    /// Quantiles as scipy.stats.norm.ppf gives them.
    @Test(arguments: [
        (0.975, 1.959963984540054), (0.95, 1.6448536269514722), (0.8, 0.8416212335729143),
        (0.5, 0.0), (0.0125, -2.241402727604947), (1e-10, -6.361340902404056),
    ])
    func quantilesMatchScipy(p: Double, expected: Double) {
        #expect(abs(NormalDistribution.quantile(p) - expected) < 1e-12)
        #expect(abs(NormalDistribution.cdf(expected) - p) < 1e-12)
    }
}

struct BettingConfidenceSequenceTests {
    @Test func neverDisagreeingShowsTheMeanBelowAMarginAfterEnoughCases() {
        let zeros = [Double](repeating: 0, count: 300)
        let first = BettingConfidenceSequence.firstRejection(zeros, theta: 0.05, below: true, alpha: 0.0125)
        #expect(first != nil)
        // It takes longer than the fixed-n score bound (≈ 100 cases) but not many times longer.
        #expect((first ?? 0) > 100 && (first ?? 0) < 250)
        #expect(!BettingConfidenceSequence.rejects(Array(zeros.prefix(50)), theta: 0.05, below: true, alpha: 0.0125))
    }

    @Test func boundsContainTheMeanAndHoldTheirSide() {
        var random = SplitMix64(seed: 3)
        let values = (0..<400).map { _ -> Double in
            let u = random.nextUnit()
            return u < 0.12 ? 1 : (u < 0.15 ? -1 : 0)
        }
        let mean = values.reduce(0, +) / Double(values.count)
        let upper = BettingConfidenceSequence.upperBound(values, alpha: 0.05)
        let lower = BettingConfidenceSequence.lowerBound(values, alpha: 0.05)
        #expect(lower < mean && mean < upper)
        #expect(BettingConfidenceSequence.rejects(values, theta: upper, below: true, alpha: 0.05))
        #expect(BettingConfidenceSequence.rejects(values, theta: lower, below: false, alpha: 0.05))
    }

    /// Looking after every case keeps the error: sequences whose mean is exactly θ are almost never
    /// rejected, however long they run, while a fixed-n bound recomputed after every case would be.
    @Test func peekingAfterEveryCaseKeepsTheErrorRate() {
        var random = SplitMix64(seed: 11)
        var rejected = 0
        let trials = 400
        for _ in 0..<trials {
            // Mean 0.05: disagreements +1 at 8%, −1 at 3%.
            let values = (0..<400).map { _ -> Double in
                let u = random.nextUnit()
                return u < 0.08 ? 1 : (u < 0.11 ? -1 : 0)
            }
            if BettingConfidenceSequence.rejects(values, theta: 0.05, below: true, alpha: 0.05) { rejected += 1 }
        }
        #expect(Double(rejected) / Double(trials) <= 0.05)
    }
}

struct PairedLossTests {
    /// measurement.md §5.8: at α = 0.05, 80% power and δ = 0.05, no true loss with 3% discordance each
    /// way needs about 150 cases, a true loss of 0.02 (5% against 3%) about 550.
    @Test func casesNeededMatchesTheWorkedExamples() {
        // Tango's bound is computed at 0.75·α, so a loss at error 0.05/0.75 uses the plain z of 0.05.
        let alpha = 0.05 / PairedLoss.tangoLevelFactor
        let even = PairedLoss(
            reference: "b", candidate: "m", cases: 100, estimate: 0, lower: 0, upper: 0, alpha: alpha, method: .tangoScore,
            onlyReference: 3, onlyCandidate: 3)
        #expect(even.casesNeeded(margin: 0.05) == 149)
        #expect(even.moreCasesNeeded(margin: 0.05) == PairedLoss.MoreCases(count: 49, atLeast: false))
        let lossy = PairedLoss(
            reference: "b", candidate: "m", cases: 100, estimate: 0.02, lower: 0, upper: 0, alpha: alpha, method: .tangoScore,
            onlyReference: 5, onlyCandidate: 3)
        #expect(lossy.casesNeeded(margin: 0.05) == 547)
    }

    @Test func aConfidenceSequenceProjectsTheCasesItNeedsFromTheOnesSeen() {
        // 60 cases without a disagreement: the sequence needs well over a hundred to show 5 points.
        let loss = PairedLoss.sequential(
            reference: "b", candidate: "m", pairs: (0..<60).map { _ in PairedLoss.Pair(reference: 1, candidate: 1) }, alpha: 0.0125)
        let more = loss?.moreCasesNeeded(margin: 0.05, differences: [Double](repeating: 0, count: 60))
        #expect(more?.atLeast == false)
        let total = 60 + (more?.count ?? 0)
        #expect(BettingConfidenceSequence.rejects([Double](repeating: 0, count: total), theta: 0.05, below: true, alpha: 0.0125))
        #expect(!BettingConfidenceSequence.rejects([Double](repeating: 0, count: total - 1), theta: 0.05, below: true, alpha: 0.0125))
    }

    @Test func rareDisagreementsOneWayStillProjectAFiniteCount() {
        // The reviewed case: one disagreement in 34 cases, a loss of 2.9 points against a margin of 5. It
        // can be decided; the count is large but finite (or capped, and said to be at least that).
        let differences = (0..<34).map { $0 == 17 ? 1.0 : 0.0 }
        let loss = PairedLoss.sequential(
            reference: "b", candidate: "m", pairs: differences.map { PairedLoss.Pair(reference: 1, candidate: 1 - $0) }, alpha: 0.005)
        let more = loss?.moreCasesNeeded(margin: 0.05, differences: differences)
        #expect(more != nil)
        #expect((more?.count ?? 0) > 100)
    }

    @Test func atTheMarginNoNumberOfCasesDecides() {
        let edge = PairedLoss(
            reference: "b", candidate: "m", cases: 100, estimate: 0.05, lower: 0, upper: 0.1, alpha: 0.05, method: .tangoScore,
            onlyReference: 5, onlyCandidate: 0)
        #expect(edge.casesNeeded(margin: 0.05) == nil)
    }

    @Test func identicalRepeatedCasesDoNotCollapseTheBound() {
        // Five cases, three repeats each, both models identical: a bootstrap alone would give [0, 0].
        let pairs = (0..<5).map { _ in PairedLoss.Pair(reference: 2.0 / 3.0, candidate: 2.0 / 3.0) }
        let loss = PairedLoss.fixed(reference: "b", candidate: "m", pairs: pairs, alpha: 0.05, seed: 1)
        #expect(loss?.method == .pairedBootstrap)
        #expect((loss?.upper ?? 0) > 0.3, "five cases cannot show a loss below 30 points")
    }

    @Test func oneOutcomePerCaseUsesTangosBoundAtItsSizeCorrectedLevel() {
        let pairs = (0..<32).map { i in PairedLoss.Pair(reference: i < 30 ? 1 : 0, candidate: i < 25 ? 1 : 0) }
        let loss = PairedLoss.fixed(reference: "b", candidate: "m", pairs: pairs, alpha: 0.05, seed: 1)
        #expect(loss?.method == .tangoScore)
        #expect(loss?.onlyReference == 5 && loss?.onlyCandidate == 0)
        let nominal = 0.05 * PairedLoss.tangoLevelFactor
        #expect(abs((loss?.upper ?? 0) - PairedProportionInterval.upperBound(onlyA: 5, onlyB: 0, n: 32, alpha: nominal)) < 1e-15)
    }

    /// The exact error of "shown within δ" when the true loss is exactly δ: the trinomial distribution of
    /// (cases only the reference passed, cases only the candidate passed) enumerated in full, at points
    /// where Tango's bound at the plain level errs most often (the worst ones the enumeration over
    /// n = 10–600 found, and typical ones).
    @Test(arguments: [
        (52, 0.0, 0.05, 0.05), (94, 0.0, 0.05, 0.05), (25, 0.1, 0.05, 0.05), (150, 0.03, 0.05, 0.05), (150, 0.0, 0.05, 0.05), (28, 0.0, 0.1, 0.05),
        (13, 0.25, 0.1, 0.025), (240, 0.0, 0.02, 0.05), (67, 0.25, 0.05, 0.01), (300, 0.03, 0.05, 0.0125),
    ])
    func theExactErrorAtTheMarginStaysWithinAlpha(n: Int, discordance e: Double, margin: Double, alpha: Double) {
        let p10 = e + margin
        let p01 = e
        var error = 0.0
        var logFactorial = [0.0]
        for k in 1...n { logFactorial.append(logFactorial[k - 1] + Foundation.log(Double(k))) }
        for b in 0...n {
            for c in 0...(n - b) {
                guard p01 > 0 || c == 0 else { continue }
                let rest = n - b - c
                var log = logFactorial[n] - logFactorial[b] - logFactorial[c] - logFactorial[rest] + Double(b) * Foundation.log(p10)
                if c > 0 { log += Double(c) * Foundation.log(p01) }
                log += Double(rest) * Foundation.log(1 - p10 - p01)
                let probability = Foundation.exp(log)
                guard probability > 1e-16 else { continue }
                // The bound `PairedLoss.fixed` gives one pass/fail per case (see the test above).
                let upper = PairedProportionInterval.upperBound(
                    onlyA: Double(b), onlyB: Double(c), n: Double(n), alpha: alpha * PairedLoss.tangoLevelFactor)
                if upper < margin { error += probability }
            }
        }
        #expect(error <= alpha, "exact error \(error) at n = \(n), discordance \(e), margin \(margin), alpha \(alpha)")
    }
}

// The tests that drift detection uses, against scipy 1.17's figures. To recompute:
//
//   from scipy.stats import mannwhitneyu, fisher_exact
//   mannwhitneyu(x, y, alternative="greater", method="asymptotic")
//   fisher_exact([[a, n1 - a], [b, n2 - b]], alternative="greater")
import Testing
import AssayStatistics

@Suite struct DriftTestStatisticsTests {
    static let slow = [12.1, 15.3, 9.8, 22.4, 18.0, 15.3, 30.2, 11.1]
    static let fast = [10.0, 9.5, 12.2, 8.8, 15.3, 7.7, 9.9, 10.4, 11.0, 8.1]

    @Test func mannWhitneyMatchesSciPyWithTies() throws {
        let greater = try #require(MannWhitneyTest.test(Self.slow, Self.fast))
        #expect(greater.u == 69)
        #expect(abs(greater.pGreater - 0.00558182143711379) < 1e-12)
        #expect(abs(greater.probabilityGreater - 69.0 / 80) < 1e-12)
        let reversed = try #require(MannWhitneyTest.test(Self.fast, Self.slow))
        #expect(reversed.u == 11)
        #expect(abs(reversed.pGreater - 0.9956874949442396) < 1e-12)
        let small = try #require(MannWhitneyTest.test([1, 2, 2, 3, 3, 3, 4], [2, 3, 3, 4, 4, 5]))
        #expect(small.u == 11)
        #expect(abs(small.pGreater - 0.9407675530642273) < 1e-12)
    }

    @Test func mannWhitneyRefusesEmptyOrNonFiniteSamples() {
        #expect(MannWhitneyTest.test([], [1]) == nil)
        #expect(MannWhitneyTest.test([1, .nan], [1]) == nil)
        // Every value tied: no evidence either way.
        #expect(MannWhitneyTest.test([5, 5], [5, 5, 5])?.pGreater == 1)
    }

    @Test func fisherExactMatchesSciPy() throws {
        let cases: [(Int, Int, Int, Int, Double)] = [
            (5, 40, 0, 200, 0.00010341081743156436),
            (3, 60, 2, 300, 0.03441710187069724),
            (0, 10, 4, 20, 1.0),
            (12, 30, 3, 90, 2.2522044767040275e-06),
        ]
        for (a, n1, b, n2, expected) in cases {
            let p = try #require(FisherExactTest.pGreater(events: a, of: n1, against: b, of: n2))
            #expect(abs(p - expected) <= 1e-9 * expected, "\(a)/\(n1) vs \(b)/\(n2)")
        }
        #expect(FisherExactTest.pGreater(events: 5, of: 4, against: 0, of: 3) == nil)
    }
}

/// The one-sided paired test drift uses for quality and cost. Exact values by enumerating every sign pattern
/// (Python's itertools.product), the large-sample value from scipy.stats.norm.cdf(S / sqrt(Σd²)).
@Suite struct OneSidedPairedTestTests {
    @Test func exactForFewUnits() {
        // Differences −1, −1, −0.5 (five zeros left out): 1 of 8 patterns sums to −2.5 or less.
        #expect(PairedPermutationTest.pLess([1, 0, 1, 1, 0, 1, 0.5, 1], [1, 1, 1, 1, 1, 1, 1, 1]) == 0.125)
        #expect(PairedPermutationTest.pLess([0, 0, 0, 0, 0], [1, 1, 1, 1, 1]) == 0.03125)
        #expect(PairedPermutationTest.pLess([0.2, 0.5, 0.1, -0.3], [0, 0, 0, 0]) == 0.8125, "a rise is no evidence of a drop")
        #expect(PairedPermutationTest.pLess([1, 1], [1, 1]) == 1)
    }

    @Test func normalApproximationForManyUnits() {
        let d = Array(repeating: -1.0, count: 12) + Array(repeating: 1, count: 3) + Array(repeating: -0.5, count: 5) + Array(repeating: 0.25, count: 4)
        let p = PairedPermutationTest.pLess(d, Array(repeating: 0, count: d.count))
        #expect(abs(p - 0.004870061202635949) < 1e-12)
        // No floor: 200 cases that all dropped give a p far below any Monte Carlo resolution.
        #expect(PairedPermutationTest.pLess(Array(repeating: 0, count: 200), Array(repeating: 1, count: 200)) < 1e-40)
    }
}

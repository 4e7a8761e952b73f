// Fixtures below were computed independently in Python 3 (numpy 2.4, scipy 1.17). To recompute, run:
//
//   import numpy as np, itertools, math; from scipy import stats, optimize
//   M = (1 << 64) - 1
//   class SplitMix64:                      # same generator as StableHash.swift
//       def __init__(s, seed): s.state = seed & M
//       def next(s):
//           s.state = (s.state + 0x9E3779B97F4A7C15) & M; z = s.state
//           z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M; z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
//           return z ^ (z >> 31)
//       def index(s, bound): return (s.next() * bound) >> 64          # SplitMix64.nextIndex(below:)
//   def pct(xs, q):                                                    # numpy "linear" percentile, sorted xs
//       p = q/100*(len(xs)-1); lo = int(p); hi = min(lo+1, len(xs)-1); return xs[lo] + (xs[hi]-xs[lo])*(p-lo)
//   # Clustered SE (inspect_ai std.py, with C/(C-1)); nil cluster = own cluster
//   def clustered(v, cl):
//       keys = [c if c is not None else f"__{i}" for i, c in enumerate(cl)]; m = np.mean(v); sums = {}
//       for k, x in zip(keys, np.asarray(v) - m): sums[k] = sums.get(k, 0.0) + x
//       C = len(sums); return m, math.sqrt(C/(C-1) * sum(s*s for s in sums.values())) / len(v)
//   # Bootstrap replica: units = cluster (sum, size); R replicates of len(units) draws; percentiles
//   def boot(units, R, conf, seed):
//       rng = SplitMix64(seed); means = []
//       for _ in range(R):
//           d = [units[rng.index(len(units))] for _ in units]
//           means.append(sum(s for s, _ in d) / sum(n for _, n in d))
//       means.sort(); return pct(means, (1-conf)/2*100), pct(means, (1+conf)/2*100)
//   # McNemar exact
//   mcnemar = lambda b, c: stats.binomtest(b, b + c, 0.5).pvalue
//   # Paired sign flip: exact enumeration, scipy cross-check, Monte-Carlo replica
//   def exact_flip(d):
//       d = [x for x in d if x != 0]; T = abs(sum(d)); tol = 1e-10*sum(map(abs, d))
//       return sum(abs(sum(s*x for s, x in zip(f, d))) >= T - tol
//                  for f in itertools.product([1, -1], repeat=len(d))) / 2**len(d)
//   scipy_flip = lambda a, b, R=10**6: stats.permutation_test((a, b), lambda x, y, axis: np.mean(x - y, axis=axis),
//       permutation_type="samples", n_resamples=R, vectorized=True, rng=0).pvalue   # exact when 2**n <= R
//   def mc_flip(d, R, seed):
//       u = [x for x in d if x != 0]; thr = abs(sum(u)) - 1e-10*sum(map(abs, u)); rng = SplitMix64(seed); ext = 0
//       for _ in range(R):
//           s = 0.0; bits = 0
//           for i, x in enumerate(u):
//               if i % 64 == 0: bits = rng.next()
//               s += -x if bits & 1 else x; bits >>= 1
//           ext += abs(s) >= thr
//       return (ext + 1) / (R + 1)
//   # Holm by hand
//   def holm(p):
//       p = np.asarray(p, float); m = len(p); o = np.argsort(p, kind="stable")
//       adj = np.minimum(1, np.maximum.accumulate((m - np.arange(m)) * p[o])); out = np.empty(m); out[o] = adj
//       return out
//   # Bradley–Terry: direct BFGS minimisation of the penalised NLL (not MM); ties y = 0.5;
//   # prior = every pair plays lam/(K-1) virtual ties; rating = 1000 + 400*(theta - mean)/ln 10
//   def bt(rows, K, lam):                  # rows: (i, j, y, weight); y = 1 win of i, 0.5 tie
//       rows = rows + [(i, j, 0.5, lam/(K-1)) for i in range(K) for j in range(i+1, K)]
//       def nll(t):
//           f, g = 0.0, np.zeros(K)
//           for i, j, y, w in rows:
//               s = 1/(1+np.exp(t[j]-t[i])); f -= w*(y*np.log(s) + (1-y)*np.log(1-s)); g[i] -= w*(y-s); g[j] += w*(y-s)
//           return f, g
//       t = optimize.minimize(nll, np.zeros(K), jac=True, method="BFGS", options={"gtol": 1e-13}).x
//       return 1000 + 400*(t - t.mean())/math.log(10)
//   # BT bootstrap replica: battles = expanded wins in listed order, then expanded ties (one row each);
//   # per replicate weights[rng.index(N)] += 1 for N draws (seed 5, 200 replicates), refit bt(...) with
//   # those weights, then pct(sorted column, 2.5 / 50 / 97.5) per model.

import AssayStatistics
import Testing

private func isClose(_ actual: Double, _ expected: Double, _ tolerance: Double = 1e-12) -> Bool {
    abs(actual - expected) <= tolerance
}

/// Repeats each (first, second, times) row `times` times, keeping row order.
private func expand(_ rows: [(String, String, Int)]) -> [(String, String)] {
    rows.flatMap { row in Array(repeating: (row.0, row.1), count: row.2) }
}

private enum Fixtures {
    static let binary: [Double] = [1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1]
    static let binaryClusters: [String?] = ["p1", "p1", "p1", "p2", "p2", nil, "p3", "p3", "p3", "p3", nil, "p4"]
    static let graded: [Double] = [0.9, 0.75, 0.8, 0.2, 0.35, 0.6, 0.55, 0.95, 0.1, 0.4]
    static let gradedClusters: [String?] = ["a", "a", "a", "b", "b", "c", "c", "c", "d", "d"]
    /// `[((i*37) % 11)/10 for i in range(200)]`
    static let big: [Double] = (0..<200).map { Double(($0 * 37) % 11) / 10 }

    static let pairedA = [0.9, 0.8, 0.7, 1.0, 0.6, 0.95, 0.5, 0.85, 0.3, 0.75, 0.65, 0.8]
    static let pairedB = [0.7, 0.8, 0.6, 0.9, 0.65, 0.7, 0.5, 0.6, 0.35, 0.55, 0.6, 0.7]

    static let wins: [(winner: String, loser: String)] = expand([
        ("A", "B", 7), ("B", "A", 3), ("A", "C", 8), ("C", "A", 2), ("B", "C", 6), ("C", "B", 4), ("C", "D", 5),
        ("D", "C", 5), ("A", "D", 9), ("D", "A", 1), ("B", "D", 6), ("D", "B", 3), ("A", "E", 2),
    ]).map { (winner: $0.0, loser: $0.1) }
    static let winsWithoutE = wins.filter { $0.loser != "E" }
    static let ties: [(first: String, second: String)] = expand([("A", "B", 2), ("C", "D", 1), ("B", "D", 1)])
        .map { (first: $0.0, second: $0.1) }
}

struct StatisticsLibraryTests {
    struct McNemarCase: Sendable, CustomTestStringConvertible {
        let b: Int
        let c: Int
        let p: Double
        var testDescription: String { "b=\(b) c=\(c)" }
    }

    struct HolmCase: Sendable, CustomTestStringConvertible {
        let raw: [Double]
        let adjusted: [Double]
        var testDescription: String { "\(raw)" }
    }

    // MARK: - ClusteredInterval

    @Test func clusteredIntervalOfBinaryOutcomesMatchesNumpy() throws {
        let result = try #require(
            ClusteredInterval.meanInterval(values: Fixtures.binary, clusters: Fixtures.binaryClusters)
        )
        #expect(isClose(result.mean, 0.6666666666666666))
        #expect(isClose(result.standardError, 0.11385500851066221))
        #expect(isClose(result.low, 0.4435149505262673))
        #expect(isClose(result.high, 0.8898183828070659))
    }

    @Test func clusteredIntervalOfGradedScoresMatchesNumpy() throws {
        let result = try #require(
            ClusteredInterval.meanInterval(values: Fixtures.graded, clusters: Fixtures.gradedClusters)
        )
        #expect(isClose(result.mean, 0.56))
        #expect(isClose(result.standardError, 0.14040892659181847))
        #expect(isClose(result.low, 0.28480356077210744))
        #expect(isClose(result.high, 0.8351964392278924))
    }

    @Test func withoutClustersTheStandardErrorIsTheSampleSDOverRootN() throws {
        // np.std(g, ddof=1) / sqrt(10)
        let clusters = [String?](repeating: nil, count: Fixtures.graded.count)
        let result = try #require(ClusteredInterval.meanInterval(values: Fixtures.graded, clusters: clusters))
        #expect(isClose(result.standardError, 0.09273618495495703))
        // Distinct ids behave like nil ids.
        let distinct = Fixtures.graded.indices.map { Optional("case-\($0)") }
        let same = try #require(ClusteredInterval.meanInterval(values: Fixtures.graded, clusters: distinct))
        #expect(isClose(same.standardError, result.standardError))
    }

    @Test func clusteredIntervalClampsToTheUnitIntervalOnlyWhenAsked() throws {
        // mean 0.75, SE = 0.5/2 = 0.25; 0.75 ± 1.959963984540054·0.25
        let clusters = [String?](repeating: nil, count: 4)
        let clamped = try #require(ClusteredInterval.meanInterval(values: [1, 1, 1, 0], clusters: clusters))
        #expect(clamped.high == 1)
        #expect(isClose(clamped.low, 0.2600090038649865))
        let raw = try #require(
            ClusteredInterval.meanInterval(values: [1, 1, 1, 0], clusters: clusters, clampToUnit: false)
        )
        #expect(isClose(raw.high, 1.2399909961350135))
    }

    @Test func clusteredIntervalRejectsDegenerateInput() {
        #expect(ClusteredInterval.meanInterval(values: [], clusters: []) == nil)
        #expect(ClusteredInterval.meanInterval(values: [1, 0], clusters: [nil]) == nil)
        #expect(ClusteredInterval.meanInterval(values: [1, 0, 1], clusters: ["x", "x", "x"]) == nil)
        #expect(ClusteredInterval.meanInterval(values: [1], clusters: [nil]) == nil)
        #expect(ClusteredInterval.meanInterval(values: [1, .nan], clusters: [nil, nil]) == nil)
    }

    // MARK: - Bootstrap

    @Test func bootstrapMatchesAPythonReplicaOfTheSameDraws() throws {
        let cases = try #require(Bootstrap.meanInterval(Fixtures.graded, seed: 42))
        #expect(isClose(cases.low, 0.39000000000000007))
        #expect(isClose(cases.high, 0.73))
        let clustered = try #require(
            Bootstrap.meanInterval(Fixtures.graded, clusters: Fixtures.gradedClusters, seed: 42)
        )
        #expect(isClose(clustered.low, 0.2625))
        #expect(isClose(clustered.high, 0.7583333333333333))
        let ninety = try #require(
            Bootstrap.meanInterval(
                Fixtures.binary, clusters: Fixtures.binaryClusters, resamples: 500, confidence: 0.9, seed: 7
            )
        )
        #expect(isClose(ninety.low, 0.42857142857142855))
        #expect(isClose(ninety.high, 0.8127840909090907))
    }

    @Test func bootstrapIsDeterministicAndCloseToTheNormalInterval() throws {
        let first = try #require(Bootstrap.meanInterval(Fixtures.big, seed: 1))
        let again = try #require(Bootstrap.meanInterval(Fixtures.big, seed: 1))
        let other = try #require(Bootstrap.meanInterval(Fixtures.big, seed: 2))
        #expect(first.low == again.low && first.high == again.high)
        #expect(isClose(first.low, 0.455) && isClose(first.high, 0.5424999999999999))
        #expect(isClose(other.low, 0.45250000000000024) && isClose(other.high, 0.5405000000000001))
        // mean ± 1.96·np.std(big)/sqrt(200) = (0.4531093457784007, 0.5408906542215994)
        for interval in [first, other] {
            #expect(isClose(interval.low, 0.4531093457784007, 0.005))
            #expect(isClose(interval.high, 0.5408906542215994, 0.005))
        }
    }

    @Test func bootstrapRejectsDegenerateInput() {
        #expect(Bootstrap.meanInterval([], seed: 1) == nil)
        #expect(Bootstrap.meanInterval([1, 0], clusters: [nil], seed: 1) == nil)
        #expect(Bootstrap.meanInterval([1, 0], confidence: 1, seed: 1) == nil)
        #expect(Bootstrap.meanInterval([1, 0], resamples: 0, seed: 1) == nil)
    }

    // MARK: - McNemar

    @Test(arguments: [
        McNemarCase(b: 1, c: 9, p: 0.021484375),
        McNemarCase(b: 9, c: 1, p: 0.021484375),
        McNemarCase(b: 0, c: 5, p: 0.0625),
        McNemarCase(b: 5, c: 5, p: 1.0),
        McNemarCase(b: 10, c: 3, p: 0.09228515625),
        McNemarCase(b: 12, c: 25, p: 0.04703102743951604),
        McNemarCase(b: 40, c: 60, p: 0.05688793364098089),
        McNemarCase(b: 0, c: 1, p: 1.0),
        McNemarCase(b: 0, c: 20, p: 1.9073486328125e-06),
        McNemarCase(b: 300, c: 200, p: 8.940066542253288e-06),
        McNemarCase(b: 4900, c: 5100, p: 0.04658552770494645),
        McNemarCase(b: 49500, c: 50500, p: 0.0015823598788515154),
        McNemarCase(b: 49800, c: 50200, p: 0.2070389717642225),
        McNemarCase(b: 50000, c: 50000, p: 1.0),
    ])
    func mcNemarMatchesScipyBinomtest(_ fixture: McNemarCase) {
        let p = McNemarTest.exactPValue(onlyAPassed: fixture.b, onlyBPassed: fixture.c)
        #expect(abs(p - fixture.p) <= 1e-9 * fixture.p, "p = \(p)")
    }

    @Test func mcNemarHandWorkedAndEdgeCases() {
        // b=1, c=9: 2·(C(10,0) + C(10,1))/2¹⁰ = 22/1024
        #expect(isClose(McNemarTest.exactPValue(onlyAPassed: 1, onlyBPassed: 9), 22.0 / 1024))
        #expect(McNemarTest.exactPValue(onlyAPassed: 0, onlyBPassed: 0) == 1)
        #expect(McNemarTest.exactPValue(onlyAPassed: -3, onlyBPassed: 0) == 1)
        let extreme = McNemarTest.exactPValue(onlyAPassed: 0, onlyBPassed: 100_000)
        #expect(extreme >= 0 && extreme < 1e-300)
    }

    // MARK: - PairedPermutationTest

    @Test func pairedPermutationExactEnumerationMatchesScipy() {
        #expect(isClose(PairedPermutationTest.meanDifference(Fixtures.pairedA, Fixtures.pairedB), 0.09583333333333334))
        // exact_flip(a - b) == scipy permutation_test == 0.01953125 (10 non-zero differences)
        #expect(PairedPermutationTest.pValue(Fixtures.pairedA, Fixtures.pairedB, seed: 1) == 0.01953125)
        // 0/1 outcomes: equals the exact sign test, binomtest(6, 7).pvalue
        let a: [Double] = [1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1]
        let b: [Double] = [0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0]
        #expect(PairedPermutationTest.pValue(a, b, seed: 1) == 0.0703125)
    }

    @Test func pairedPermutationFlipsWholeClusters() {
        // exact_flip over cluster sums of a − b
        let clusters: [String?] = ["q1", "q1", "q2", "q2", "q2", "q3", nil, "q4", "q4", "q5", "q5", "q5"]
        #expect(PairedPermutationTest.pValue(Fixtures.pairedA, Fixtures.pairedB, clusters: clusters, seed: 1) == 0.0625)
    }

    @Test func pairedPermutationSwitchesToMonteCarloAbove16Differences() {
        // a = [((i*5) % 7)/7 for i in 1...17], b = [((i*3) % 8)/8*0.6 for i in 1...17]; all 17 differences ≠ 0
        let a = (1...17).map { Double(($0 * 5) % 7) / 7 }
        let b = (1...17).map { Double(($0 * 3) % 8) / 8 * 0.6 }
        // 16 differences: exact, = scipy permutation_test = 0.057098388671875
        #expect(PairedPermutationTest.pValue(Array(a.prefix(16)), Array(b.prefix(16)), seed: 3) == 0.057098388671875)
        // 17 differences: Monte Carlo; replica mc_flip(d, 10000, 3), exact value 0.0653839111328125
        let p = PairedPermutationTest.pValue(a, b, resamples: 10_000, seed: 3)
        #expect(isClose(p, 0.06529347065293471))
        #expect(isClose(p, 0.0653839111328125, 0.01))
    }

    @Test func pairedPermutationMonteCarloMatchesReplicaAndScipy() {
        // A = [((i*7) % 10)/10], B = [((i*3+1) % 10)/10*0.75], i in 0..<40; mean difference 0.1125
        let a = (0..<40).map { Double(($0 * 7) % 10) / 10 }
        let b = (0..<40).map { Double(($0 * 3 + 1) % 10) / 10 * 0.75 }
        #expect(isClose(PairedPermutationTest.meanDifference(a, b), 0.1125))
        let p1 = PairedPermutationTest.pValue(a, b, seed: 2024)
        let p2 = PairedPermutationTest.pValue(a, b, seed: 99)
        #expect(p1 == PairedPermutationTest.pValue(a, b, seed: 2024))
        #expect(isClose(p1, 0.061993800619938005))
        #expect(isClose(p2, 0.05959404059594041))
        // scipy permutation_test, 400,000 resamples: 0.0626
        for p in [p1, p2] { #expect(isClose(p, 0.0626, 0.012)) }
    }

    @Test func pairedPermutationDegenerateInputGivesNoEvidence() {
        #expect(PairedPermutationTest.pValue([1, 0], [1], seed: 1) == 1)
        #expect(PairedPermutationTest.pValue([], [], seed: 1) == 1)
        #expect(PairedPermutationTest.pValue([0.5, 1], [0.5, 1], seed: 1) == 1)
        #expect(PairedPermutationTest.pValue([1, 0], [0, 1], clusters: [nil], seed: 1) == 1)
        #expect(PairedPermutationTest.meanDifference([1, 0], [1]) == 0)
        // One difference: both sign patterns reach |d|.
        #expect(PairedPermutationTest.pValue([1], [0], seed: 1) == 1)
    }

    // MARK: - Holm

    @Test(arguments: [
        HolmCase(raw: [0.01, 0.04, 0.03, 0.005], adjusted: [0.03, 0.06, 0.06, 0.02]),
        HolmCase(raw: [0.5, 0.2, 0.001, 0.3, 0.2, 0.04], adjusted: [0.8, 0.8, 0.006, 0.8, 0.8, 0.2]),
        HolmCase(raw: [0.3, 0.6, 0.9], adjusted: [0.8999999999999999, 1.0, 1.0]),
        HolmCase(raw: [0.02], adjusted: [0.02]),
        HolmCase(raw: [], adjusted: []),
    ])
    func holmMatchesHandComputation(_ fixture: HolmCase) {
        let adjusted = HolmCorrection.adjust(fixture.raw)
        #expect(adjusted.count == fixture.adjusted.count)
        for (actual, expected) in zip(adjusted, fixture.adjusted) {
            #expect(isClose(actual, expected), "\(adjusted)")
        }
    }

    @Test func holmHandWorked() {
        // sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, max(0.04·1, 0.06) = 0.06; back in input order
        let adjusted = HolmCorrection.adjust([0.01, 0.04, 0.03, 0.005])
        #expect(zip(adjusted, [0.03, 0.06, 0.06, 0.02]).allSatisfy { isClose($0, $1) })
        #expect(HolmCorrection.adjust([.nan, 0.01]) == [1, 0.02])
    }

    // MARK: - Bradley–Terry

    @Test func bradleyTerryMatchesADirectLikelihoodFit() {
        let ratings = BradleyTerry.fit(wins: Fixtures.wins, ties: Fixtures.ties)
        let expected = [
            "A": 1346.9162745974975, "B": 1189.4212917029415, "C": 1094.0817491128987,
            "D": 1065.7993542863217, "E": 303.78133030034076,
        ]
        #expect(Set(ratings.keys) == Set(expected.keys))
        for (model, rating) in expected {
            #expect(isClose(ratings[model] ?? .nan, rating, 1e-5), "\(model)")
        }
        let mean = ratings.values.reduce(0, +) / Double(ratings.count)
        #expect(isClose(mean, 1000, 1e-9))
    }

    @Test func bradleyTerryPriorStrengthAndPlainMLE() {
        let strong = BradleyTerry.fit(wins: Fixtures.wins, ties: Fixtures.ties, prior: 1)
        let expectedStrong = [
            "A": 1207.7490106606533, "B": 1050.9671820199587, "C": 958.7859911510454,
            "D": 931.4335702634487, "E": 851.0642459048938,
        ]
        for (model, rating) in expectedStrong {
            #expect(isClose(strong[model] ?? .nan, rating, 1e-5), "\(model)")
        }
        // Without E every model wins and loses, so the unpenalised MLE exists (scipy, lam = 0).
        let plain = BradleyTerry.fit(wins: Fixtures.winsWithoutE, ties: Fixtures.ties, prior: 0)
        let expectedPlain = [
            "A": 1172.8266117559224, "B": 1015.3934424502115, "C": 920.0343799897681, "D": 891.7455658040979,
        ]
        for (model, rating) in expectedPlain {
            #expect(isClose(plain[model] ?? .nan, rating, 1e-5), "\(model)")
        }
    }

    @Test func bradleyTerryEdgeCasesStayFinite() throws {
        #expect(BradleyTerry.fit(wins: []).isEmpty)
        #expect(BradleyTerry.fit(wins: [(winner: "A", loser: "A")]).isEmpty)
        let one = BradleyTerry.fit(wins: [(winner: "A", loser: "B")])
        let a = try #require(one["A"])
        let b = try #require(one["B"])
        #expect(a.isFinite && b.isFinite && a > b)
        #expect(isClose(a + b, 2000, 1e-9))
        // Half a win each: a single tie gives equal ratings.
        let tie = BradleyTerry.fit(wins: [], ties: [(first: "A", second: "B")])
        #expect(isClose(tie["A"] ?? .nan, 1000, 1e-9) && isClose(tie["B"] ?? .nan, 1000, 1e-9))
        #expect(isClose(BradleyTerry.winProbability(1400, over: 1000), 10.0 / 11))
        #expect(isClose(BradleyTerry.winProbability(1000, over: 1000), 0.5))
    }

    @Test func bradleyTerryBootstrapMatchesReplicaAndIsDeterministic() throws {
        let intervals = BradleyTerry.bootstrapIntervals(
            wins: Fixtures.winsWithoutE, ties: Fixtures.ties, resamples: 200, seed: 5
        )
        let expected: [String: (low: Double, median: Double, high: Double)] = [
            "A": (1091.998725974053, 1175.4510208422512, 1315.0014451525506),
            "B": (921.2178170661366, 1016.5514509549154, 1122.5923406233162),
            "C": (816.759722124042, 913.5522584623506, 1015.0957612257204),
            "D": (773.201636311396, 885.1388629889752, 992.7642551341646),
        ]
        #expect(Set(intervals.keys) == Set(expected.keys))
        for (model, value) in expected {
            let interval = try #require(intervals[model])
            #expect(isClose(interval.low, value.low, 1e-4), "\(model)")
            #expect(isClose(interval.median, value.median, 1e-4), "\(model)")
            #expect(isClose(interval.high, value.high, 1e-4), "\(model)")
        }
        let again = BradleyTerry.bootstrapIntervals(
            wins: Fixtures.winsWithoutE, ties: Fixtures.ties, resamples: 200, seed: 5
        )
        #expect(again == intervals)
        let other = BradleyTerry.bootstrapIntervals(
            wins: Fixtures.winsWithoutE, ties: Fixtures.ties, resamples: 200, seed: 6
        )
        for (model, interval) in intervals {
            let otherInterval = try #require(other[model])
            #expect(isClose(otherInterval.median, interval.median, 25), "\(model)")
        }
    }

    // MARK: - Pareto frontier

    @Test func paretoKeepsNonDominatedPointsAndDuplicates() {
        let points: [(id: String, quality: Double, cost: Double)] = [
            ("a", 0.9, 10), ("b", 0.8, 5), ("c", 0.7, 6), ("d", 0.95, 20), ("e", 0.8, 5),
            ("f", 0.6, 1), ("g", 0.6, 2), ("h", 0.95, 25), ("i", 0.5, 1), ("nan", .nan, 0.5),
        ]
        // c < b on both; g costs more than f for the same quality; h costs more than d; i is worse than f at
        // the same cost; b and e are exact duplicates and both stay.
        #expect(ParetoFrontier.frontier(points) == ["f", "b", "e", "a", "d"])
    }

    @Test func paretoSmallCases() {
        let none: [(id: Int, quality: Double, cost: Double)] = []
        #expect(ParetoFrontier.frontier(none).isEmpty)
        #expect(ParetoFrontier.frontier([(id: 7, quality: 0.1, cost: 3)]) == [7])
        // Cheaper and better dominates.
        #expect(ParetoFrontier.frontier([(id: 1, quality: 0.5, cost: 2), (id: 2, quality: 0.6, cost: 1)]) == [2])
    }

    @Test func paretoAgreesWithBruteForce() {
        let points: [(id: Int, quality: Double, cost: Double)] = (0..<60).map { (i: Int) in
            let quality = Double((i * 37) % 23) / 23
            let cost = Double((i * 11) % 17) + 1
            return (id: i, quality: quality, cost: cost)
        }
        typealias Point = (id: Int, quality: Double, cost: Double)
        func dominates(_ q: Point, _ p: Point) -> Bool {
            let noWorse = q.cost <= p.cost && q.quality >= p.quality
            return noWorse && (q.cost < p.cost || q.quality > p.quality)
        }
        let brute = points.filter { p in !points.contains { q in dominates(q, p) } }
        let frontier = ParetoFrontier.frontier(points)
        #expect(Set(frontier) == Set(brute.map(\.id)))
        #expect(frontier.count == brute.count)
        let costs = frontier.compactMap { id in points.first { $0.id == id }?.cost }
        #expect(costs == costs.sorted())
    }

    // MARK: - Rank assignment

    @Test func ranksCountSignificantlyBetterModels() {
        // Best-first A, B, C, D. A beats C and D, B beats D; nothing else is significant.
        var better = [[Bool]](repeating: [Bool](repeating: false, count: 4), count: 4)
        better[0][2] = true
        better[0][3] = true
        better[1][3] = true
        #expect(RankAssignment.ranks(significantlyBetter: better) == [1, 1, 2, 3])
        #expect(RankAssignment.ranks(count: 3) { _, _ in false } == [1, 1, 1])
        #expect(RankAssignment.ranks(count: 3) { j, k in j < k } == [1, 2, 3])
        #expect(RankAssignment.ranks(count: 0) { _, _ in true }.isEmpty)
        // Non-transitive: A beats B significantly but not C, so C (third by score) ranks ahead of B.
        #expect(RankAssignment.ranks(count: 3) { j, k in j == 0 && k == 1 } == [1, 2, 1])
    }

    @Test func ranksFromPValuesApplyHolmFirst() {
        let scores = [0.8, 0.7, 0.5]
        // Raw p: (A,B) 0.03, (A,C) 0.001, (B,C) 0.02. Holm: 0.001·3 = 0.003, 0.02·2 = 0.04, max(0.03, 0.04) = 0.04.
        let p: [[Double]] = [[1, 0.03, 0.001], [0.03, 1, 0.02], [0.001, 0.02, 1]]
        #expect(RankAssignment.ranks(scores: scores, pValues: p, alpha: 0.05) == [1, 2, 3])
        #expect(RankAssignment.ranks(scores: scores, pValues: p, alpha: 0.035) == [1, 1, 2])
        #expect(RankAssignment.ranks(scores: scores, pValues: p, alpha: 0.025, holm: false) == [1, 1, 3])
        #expect(RankAssignment.ranks(scores: scores, pValues: p, alpha: 0.025) == [1, 1, 2])
        // Upper triangle only is enough; missing p-values count as 1.
        #expect(RankAssignment.ranks(scores: scores, pValues: [[1, 0.03, 0.001]], alpha: 0.05) == [1, 1, 2])
        // The better score wins regardless of index order.
        #expect(RankAssignment.ranks(scores: [0.5, 0.8], pValues: [[1, 0.01]]) == [2, 1])
    }

    @Test func ranksFromIntervalsUseTheArenaRule() {
        let intervals: [(low: Double, high: Double)] = [(1100, 1200), (1050, 1150), (1000, 1090), (900, 1040)]
        // B overlaps A; C is below A's low (1100 > 1090); D is below A and B (1050 > 1040) but overlaps C.
        #expect(RankAssignment.ranks(intervals: intervals) == [1, 1, 2, 3])
    }
}

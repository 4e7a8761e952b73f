// Kappa fixtures below were computed with scikit-learn 1.9.1 (numpy 2, Python 3.11). JudgeAgreement computes the
// exact rational kappa with one rounding, while sklearn's float sums can be off by an ulp or two, so values are
// compared within 1e-12. To recompute, run:
//
//   import warnings, numpy as np
//   from sklearn.metrics import cohen_kappa_score
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
//   def kap(a, b, K, w=None):              # None when sklearn says undefined (NaN + UndefinedMetricWarning)
//       with warnings.catch_warnings():
//           warnings.simplefilter("ignore"); v = cohen_kappa_score(a, b, labels=list(range(K)), weights=w)
//       return None if np.isnan(v) else float(v)
//   def boot(a, b, K, w, R, conf, seed):   # replica of JudgeAgreement.kappaInterval
//       rng = SplitMix64(seed); ks = []
//       for _ in range(R):
//           idx = [rng.index(len(a)) for _ in a]
//           v = kap([a[i] for i in idx], [b[i] for i in idx], K, w)
//           if v is not None: ks.append(v)   # undefined replicates are left out
//       ks.sort(); return pct(ks, (1-conf)/2*100), pct(ks, (1+conf)/2*100), len(ks)
//   W = [None, "linear", "quadratic"]
//   perfect = [0, 1, 2, 3, 4, 2, 1, 0, 3, 4]
//   print([kap(perfect, perfect, 5, w) for w in W])                       # [1.0, 1.0, 1.0]
//   chA, chB = [0, 0, 1, 1, 0, 0, 1, 1], [0, 1, 0, 1, 0, 1, 0, 1]
//   print([kap(chA, chB, 2, w) for w in W])                               # [0.0, 0.0, 0.0]
//   print(kap([0, 1, 0, 1], [1, 0, 1, 0], 2))                             # -1.0
//   print([kap([2] * 4, [2] * 4, 5, w) for w in W])                       # [None, None, None]
//   print([kap([2] * 4, [3] * 4, 5, w) for w in W])                       # [0.0, 0.0, 0.0]
//   human = [4, 4, 3, 3, 2, 2, 1, 1, 0, 0, 4, 3, 2, 1, 0, 4, 3, 2, 1, 0]
//   judge = [4, 3, 3, 4, 2, 1, 1, 2, 0, 1, 4, 4, 3, 1, 0, 3, 3, 2, 0, 2]
//   print([kap(human, judge, 5, w) for w in W], np.mean(np.array(human) == np.array(judge)))
//   hp = [1] * 12 + [0] * 8
//   jp = [1] * 10 + [0, 0, 1, 1, 1] + [0] * 5
//   print(kap(hp, jp, 2), np.mean(np.array(hp) == np.array(jp)))
//   sa, sb = [0, 1, 4, 4, 1, 0, 4, 1], [0, 4, 4, 1, 1, 0, 4, 0]
//   print([kap(sa, sb, 5, w) for w in W])
//   print([float(cohen_kappa_score(sa, sb, weights=w)) for w in W])       # labels=None: weights by position
//   for w in W: print(boot(human, judge, 5, w, 2000, 0.95, 42))
//   print(boot(human, judge, 5, "quadratic", 500, 0.9, 7))
//   print(kap([0, 0, 1, 1, 0], [0, 1, 1, 1, 0], 2), boot([0, 0, 1, 1, 0], [0, 1, 1, 1, 0], 2, None, 200, 0.9, 3))

import AssayStatistics
import Testing

private func isClose(_ actual: Double?, _ expected: Double, _ tolerance: Double = 1e-12) -> Bool {
    guard let actual else { return false }
    return abs(actual - expected) <= tolerance
}

private enum Fixtures {
    static let perfect = [0, 1, 2, 3, 4, 2, 1, 0, 3, 4]
    /// Human 1–5 rubric labels (as categories 0…4) and a judge's labels for the same 20 items.
    static let human = [4, 4, 3, 3, 2, 2, 1, 1, 0, 0, 4, 3, 2, 1, 0, 4, 3, 2, 1, 0]
    static let judge = [4, 3, 3, 4, 2, 1, 1, 2, 0, 1, 4, 4, 3, 1, 0, 3, 3, 2, 0, 2]
    /// Pass (1) / fail (0) from a human and a judge.
    static let humanPass = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    static let judgePass = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0]
    /// Only categories 0, 1 and 4 of 5 are used.
    static let sparseA = [0, 1, 4, 4, 1, 0, 4, 1]
    static let sparseB = [0, 4, 4, 1, 1, 0, 4, 0]
}

struct JudgeAgreementTests {
    // MARK: - Cohen's kappa

    @Test(arguments: [KappaWeights.none, .linear, .quadratic])
    func perfectAgreementIsOne(weights: KappaWeights) {
        // sklearn: 1.0 for every weighting
        let kappa = JudgeAgreement.cohensKappa(
            Fixtures.perfect, Fixtures.perfect, categories: 5, weights: weights
        )
        #expect(isClose(kappa, 1.0))
        #expect(JudgeAgreement.agreement(Fixtures.perfect, Fixtures.perfect) == 1)
    }

    @Test(arguments: [KappaWeights.none, .linear, .quadratic])
    func chanceLevelAgreementIsZero(weights: KappaWeights) {
        // p_o = 0.5 = p_e; sklearn: 0.0 for every weighting
        let a = [0, 0, 1, 1, 0, 0, 1, 1]
        let b = [0, 1, 0, 1, 0, 1, 0, 1]
        #expect(isClose(JudgeAgreement.cohensKappa(a, b, categories: 2, weights: weights), 0.0))
        #expect(JudgeAgreement.agreement(a, b) == 0.5)
        // One rater constant, the other a different constant: p_o = 0 = p_e, so kappa is 0, not undefined.
        let other = JudgeAgreement.cohensKappa([2, 2, 2, 2], [3, 3, 3, 3], categories: 5, weights: weights)
        #expect(isClose(other, 0.0))
    }

    @Test func systematicDisagreementIsMinusOne() {
        // sklearn: -1.0
        #expect(isClose(JudgeAgreement.cohensKappa([0, 1, 0, 1], [1, 0, 1, 0], categories: 2), -1.0))
    }

    @Test(arguments: [KappaWeights.none, .linear, .quadratic])
    func allItemsInOneCategoryIsUndefined(weights: KappaWeights) {
        // p_e = 1: sklearn returns NaN with UndefinedMetricWarning
        #expect(JudgeAgreement.cohensKappa([2, 2, 2, 2], [2, 2, 2, 2], categories: 5, weights: weights) == nil)
        #expect(JudgeAgreement.cohensKappa([0], [0], categories: 1, weights: weights) == nil)
        // ...but raw agreement is still defined.
        #expect(JudgeAgreement.agreement([2, 2, 2, 2], [2, 2, 2, 2]) == 1)
    }

    @Test func fiveLevelOrdinalLabelsMatchSklearn() {
        let none = JudgeAgreement.cohensKappa(Fixtures.human, Fixtures.judge, categories: 5)
        let linear = JudgeAgreement.cohensKappa(Fixtures.human, Fixtures.judge, categories: 5, weights: .linear)
        let quadratic = JudgeAgreement.cohensKappa(
            Fixtures.human, Fixtures.judge, categories: 5, weights: .quadratic
        )
        #expect(isClose(none, 0.375))
        #expect(isClose(linear, 0.6496815286624203))
        #expect(isClose(quadratic, 0.8311688311688312))
        #expect(JudgeAgreement.agreement(Fixtures.human, Fixtures.judge) == 0.5)
        // Near misses are forgiven more the stronger the weighting.
        if let none, let linear, let quadratic {
            #expect(none < linear && linear < quadratic)
        }
    }

    @Test func binaryPassFailMatchesSklearn() {
        let kappa = JudgeAgreement.cohensKappa(Fixtures.humanPass, Fixtures.judgePass, categories: 2)
        #expect(isClose(kappa, 0.46808510638297873))
        #expect(JudgeAgreement.agreement(Fixtures.humanPass, Fixtures.judgePass) == 0.75)
        // With two categories every weighting is the same.
        let quadratic = JudgeAgreement.cohensKappa(
            Fixtures.humanPass, Fixtures.judgePass, categories: 2, weights: .quadratic
        )
        #expect(isClose(quadratic, 0.46808510638297873))
    }

    @Test func unusedCategoriesKeepTheirDistanceInWeightedKappa() {
        // sklearn with labels=list(range(5)): [0.4418604651162791, 0.5254237288135593, 0.6082474226804124].
        // With labels=None sklearn would weight by position among {0, 1, 4} and give 0.5862… and 0.7272….
        let a = Fixtures.sparseA
        let b = Fixtures.sparseB
        #expect(isClose(JudgeAgreement.cohensKappa(a, b, categories: 5), 0.4418604651162791))
        #expect(isClose(JudgeAgreement.cohensKappa(a, b, categories: 5, weights: .linear), 0.5254237288135593))
        #expect(isClose(JudgeAgreement.cohensKappa(a, b, categories: 5, weights: .quadratic), 0.6082474226804124))
    }

    @Test func kappaIsSymmetricInTheRaters() {
        for weights in [KappaWeights.none, .linear, .quadratic] {
            let ab = JudgeAgreement.cohensKappa(Fixtures.human, Fixtures.judge, categories: 5, weights: weights)
            let ba = JudgeAgreement.cohensKappa(Fixtures.judge, Fixtures.human, categories: 5, weights: weights)
            if let ab, let ba {
                #expect(isClose(ab, ba))
            } else {
                Issue.record("kappa should be defined")
            }
        }
    }

    @Test func invalidInputGivesNil() {
        #expect(JudgeAgreement.cohensKappa([], [], categories: 5) == nil)
        #expect(JudgeAgreement.cohensKappa([0, 1], [0], categories: 2) == nil)
        #expect(JudgeAgreement.cohensKappa([0, 5], [0, 1], categories: 5) == nil)
        #expect(JudgeAgreement.cohensKappa([0, -1], [0, 1], categories: 5) == nil)
        #expect(JudgeAgreement.cohensKappa([0, 1], [0, 1], categories: 0) == nil)
        #expect(JudgeAgreement.agreement([], []) == nil)
        #expect(JudgeAgreement.agreement([1, 2], [1]) == nil)
    }

    // MARK: - Ordinal mapping

    @Test func judgeScoresMapToTheNearestLevel() {
        let cases: [(Double, Int)] = [
            (0, 0), (0.124, 0), (0.125, 1), (0.25, 1), (0.374, 1), (0.375, 2), (0.5, 2), (0.625, 3),
            (0.75, 3), (0.8749, 3), (0.875, 4), (1, 4),
        ]
        for (score, level) in cases {
            #expect(JudgeAgreement.ordinal(fromScore: score) == level, "score \(score)")
        }
    }

    @Test func ordinalMappingClampsAndHandlesOtherLevelCounts() {
        #expect(JudgeAgreement.ordinal(fromScore: -0.3) == 0)
        #expect(JudgeAgreement.ordinal(fromScore: 1.7) == 4)
        #expect(JudgeAgreement.ordinal(fromScore: .infinity) == 4)
        #expect(JudgeAgreement.ordinal(fromScore: .nan) == 0)
        #expect(JudgeAgreement.ordinal(fromScore: 0.49, levels: 2) == 0)
        #expect(JudgeAgreement.ordinal(fromScore: 0.5, levels: 2) == 1)
        #expect(JudgeAgreement.ordinal(fromScore: 0.25, levels: 3) == 1)
        #expect(JudgeAgreement.ordinal(fromScore: 0.73, levels: 11) == 7)
        #expect(JudgeAgreement.ordinal(fromScore: 0.9, levels: 1) == 0)
        #expect(JudgeAgreement.ordinal(fromScore: 0.9, levels: 0) == 0)
    }

    // MARK: - Bootstrap interval

    @Test func kappaIntervalMatchesAPythonReplicaOfTheSameDraws() throws {
        let none = try #require(
            JudgeAgreement.kappaInterval(Fixtures.human, Fixtures.judge, categories: 5, seed: 42)
        )
        #expect(isClose(none.low, 0.09662756598240486))
        #expect(isClose(none.high, 0.6226415094339623))
        let linear = try #require(
            JudgeAgreement.kappaInterval(Fixtures.human, Fixtures.judge, categories: 5, weights: .linear, seed: 42)
        )
        #expect(isClose(linear.low, 0.4485174751718869))
        #expect(isClose(linear.high, 0.8045602605863192))
        let quadratic = try #require(
            JudgeAgreement.kappaInterval(
                Fixtures.human, Fixtures.judge, categories: 5, weights: .quadratic, seed: 42
            )
        )
        #expect(isClose(quadratic.low, 0.6774069478908189))
        #expect(isClose(quadratic.high, 0.9211755997570604))
        let ninety = try #require(
            JudgeAgreement.kappaInterval(
                Fixtures.human, Fixtures.judge, categories: 5, weights: .quadratic, resamples: 500,
                confidence: 0.9, seed: 7
            )
        )
        #expect(isClose(ninety.low, 0.6972328244274809))
        #expect(isClose(ninety.high, 0.9152685524507558))
    }

    @Test func kappaIntervalLeavesOutUndefinedReplicates() throws {
        // kappa 0.6153846153846154; 6 of 200 replicates draw one category only and are left out.
        let a = [0, 0, 1, 1, 0]
        let b = [0, 1, 1, 1, 0]
        #expect(isClose(JudgeAgreement.cohensKappa(a, b, categories: 2), 0.6153846153846154))
        let interval = try #require(
            JudgeAgreement.kappaInterval(a, b, categories: 2, resamples: 200, confidence: 0.9, seed: 3)
        )
        #expect(isClose(interval.low, 0.0))
        #expect(isClose(interval.high, 1.0))
    }

    @Test func kappaIntervalIsDeterministicAndRejectsDegenerateInput() throws {
        let first = try #require(JudgeAgreement.kappaInterval(Fixtures.human, Fixtures.judge, categories: 5, seed: 1))
        let again = try #require(JudgeAgreement.kappaInterval(Fixtures.human, Fixtures.judge, categories: 5, seed: 1))
        #expect(first.low == again.low && first.high == again.high)
        #expect(first.low <= 0.375 && 0.375 <= first.high)
        #expect(JudgeAgreement.kappaInterval([], [], categories: 5, seed: 1) == nil)
        #expect(JudgeAgreement.kappaInterval([2, 2], [2, 2], categories: 5, seed: 1) == nil)
        let (human, judge) = (Fixtures.human, Fixtures.judge)
        #expect(JudgeAgreement.kappaInterval(human, judge, categories: 5, resamples: 0, seed: 1) == nil)
        #expect(JudgeAgreement.kappaInterval(human, judge, categories: 5, confidence: 1, seed: 1) == nil)
        #expect(JudgeAgreement.kappaInterval(human, judge, categories: 5, confidence: 0, seed: 1) == nil)
    }
}

// Fixtures below were computed in Python 3.11 (numpy 2.4, scipy 1.17) with the HumanEval reference code for pass@k
// and scipy.special.comb for pass^k. To recompute, run:
//
//   import itertools
//   import numpy as np
//   from scipy.special import comb
//
//   # github.com/openai/human-eval, human_eval/evaluation.py, verbatim:
//   def estimate_pass_at_k(num_samples, num_correct, k):
//       def estimator(n: int, c: int, k: int) -> float:
//           """Calculates 1 - comb(n - c, k) / comb(n, k)."""
//           if n - c < k:
//               return 1.0
//           return 1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1))
//       if isinstance(num_samples, int):
//           num_samples_it = itertools.repeat(num_samples, len(num_correct))
//       else:
//           assert len(num_samples) == len(num_correct)
//           num_samples_it = iter(num_samples)
//       return np.array([estimator(int(n), int(c), k) for n, c in zip(num_samples_it, num_correct)])
//
//   def pass_hat_k(n, c, k):                                   # exact integers, one correctly rounded division
//       return comb(c, k, exact=True) / comb(n, k, exact=True)
//
//   cases = [(1,0,1),(1,1,1),(5,0,1),(5,2,1),(5,2,2),(5,2,3),(5,2,4),(5,2,5),(5,5,3),(10,3,1),(10,3,5),(10,7,5),
//            (10,9,10),(20,1,10),(20,19,10),(100,13,1),(100,13,10),(100,13,50),(200,37,100),(200,150,100),
//            (2000,3,1000),(2000,1990,1000),(2000,1,1)]
//   for n, c, k in cases:
//       print((n, c, k, float(estimate_pass_at_k(n, [c], k)[0]), pass_hat_k(n, c, k)))
//   tasks = [(10, 0), (10, 3), (10, 10), (7, 2), (20, 5)]
//   for k in (1, 5, 7):
//       print(k, float(estimate_pass_at_k([n for n, _ in tasks], [c for _, c in tasks], k).mean()),
//             float(np.mean([pass_hat_k(n, c, k) for n, c in tasks])))

import AssayStatistics
import Testing

/// Equal to 12 significant digits; an expected 0 must be exactly 0.
private func agrees(_ actual: Double?, _ expected: Double) -> Bool {
    guard let actual else { return false }
    if expected == 0 { return actual == 0 }
    return abs(actual - expected) <= 1e-12 * abs(expected)
}

struct PassAtKTests {
    /// (n, c, k, pass@k from the HumanEval estimator, pass^k from scipy's exact binomials).
    static let fixtures: [(n: Int, c: Int, k: Int, passAtK: Double, passHatK: Double)] = [
        (1, 0, 1, 0.0, 0.0),
        (1, 1, 1, 1.0, 1.0),
        (5, 0, 1, 0.0, 0.0),
        (5, 2, 1, 0.3999999999999999, 0.4),
        (5, 2, 2, 0.7, 0.1),
        (5, 2, 3, 0.9, 0.0),
        (5, 2, 4, 1.0, 0.0),
        (5, 2, 5, 1.0, 0.0),
        (5, 5, 3, 1.0, 1.0),
        (10, 3, 1, 0.30000000000000004, 0.3),
        (10, 3, 5, 0.9166666666666666, 0.0),
        (10, 7, 5, 1.0, 0.08333333333333333),
        (10, 9, 10, 1.0, 0.0),
        (20, 1, 10, 0.5, 0.0),
        (20, 19, 10, 1.0, 0.5),
        (100, 13, 1, 0.13, 0.13),
        (100, 13, 10, 0.768880443455181, 1.652194611076688e-11),
        (100, 13, 50, 0.9999500937490199, 0.0),
        (200, 37, 100, 0.9999999999998803, 0.0),
        (200, 150, 100, 1.0, 2.2229697512078617e-19),
        (2000, 3, 1000, 0.8751875937968985, 0.0),
        (2000, 1990, 1000, 1.0, 0.0009547325826708075),
        (2000, 1, 1, 0.0004999999999999449, 0.0005),
    ]

    @Test func passAtKMatchesTheHumanEvalReference() {
        for f in Self.fixtures {
            let value = PassAtK.passAtK(n: f.n, c: f.c, k: f.k)
            #expect(agrees(value, f.passAtK), "pass@\(f.k) n=\(f.n) c=\(f.c): \(String(describing: value)) vs \(f.passAtK)")
        }
    }

    @Test func passHatKMatchesExactBinomials() {
        for f in Self.fixtures {
            let value = PassAtK.passHatK(n: f.n, c: f.c, k: f.k)
            #expect(agrees(value, f.passHatK), "pass^\(f.k) n=\(f.n) c=\(f.c): \(String(describing: value)) vs \(f.passHatK)")
        }
    }

    @Test func atKEqualToOneBothAreThePassRate() {
        for (n, c) in [(1, 0), (1, 1), (7, 3), (50, 49), (1000, 1)] {
            let rate = Double(c) / Double(n)
            #expect(abs(PassAtK.passAtK(n: n, c: c, k: 1)! - rate) < 1e-12)
            #expect(abs(PassAtK.passHatK(n: n, c: c, k: 1)! - rate) < 1e-12)
        }
    }

    @Test func withEverySampleDrawnTheyAreAnyAndAll() {
        // k = n: pass@n is 1 when any passed, pass^n is 1 only when all passed.
        #expect(PassAtK.passAtK(n: 6, c: 0, k: 6) == 0)
        #expect(PassAtK.passAtK(n: 6, c: 1, k: 6) == 1)
        #expect(PassAtK.passHatK(n: 6, c: 5, k: 6) == 0)
        #expect(PassAtK.passHatK(n: 6, c: 6, k: 6) == 1)
    }

    @Test func passAtKRisesAndPassHatKFallsWithK() {
        var lastAt = 0.0
        var lastHat = 1.0
        for k in 1...30 {
            let at = PassAtK.passAtK(n: 30, c: 12, k: k)!
            let hat = PassAtK.passHatK(n: 30, c: 12, k: k)!
            #expect(at >= lastAt && at <= 1)
            #expect(hat <= lastHat && hat >= 0)
            #expect(hat <= at)
            lastAt = at
            lastHat = hat
        }
    }

    @Test func undefinedCasesAreNil() {
        #expect(PassAtK.passAtK(n: 3, c: 1, k: 4) == nil)
        #expect(PassAtK.passHatK(n: 3, c: 1, k: 4) == nil)
        #expect(PassAtK.passAtK(n: 0, c: 0, k: 1) == nil)
        #expect(PassAtK.passAtK(n: 5, c: 1, k: 0) == nil)
        #expect(PassAtK.passHatK(n: 5, c: 6, k: 1) == nil)
        #expect(PassAtK.passAtK(n: 5, c: -1, k: 1) == nil)
    }

    @Test func theMeanOverTasksMatchesTheReference() {
        let tasks: [(n: Int, c: Int)] = [(10, 0), (10, 3), (10, 10), (7, 2), (20, 5)]
        let expected: [(k: Int, passAtK: Double, passHatK: Double)] = [
            (1, 0.3671428571428571, 0.36714285714285716),
            (5, 0.7350711337166446, 0.20001289989680085),
            (7, 0.7817311661506708, 0.2),
        ]
        for e in expected {
            #expect(agrees(PassAtK.mean(tasks, k: e.k), e.passAtK), "pass@\(e.k)")
            #expect(agrees(PassAtK.mean(tasks, k: e.k, metric: .passHatK), e.passHatK), "pass^\(e.k)")
        }
        // The reference reports pass@k only when every task has at least k samples.
        #expect(PassAtK.mean(tasks, k: 8) == nil)
        #expect(PassAtK.mean([], k: 1) == nil)
    }
}

import Foundation

/// Bradley–Terry ratings from pairwise outcomes (A-vs-B judge preferences, arena battles).
///
/// Model: `P(i beats j) = π_i / (π_i + π_j) = 1 / (1 + 10^((R_j − R_i)/400))`, reported on the Chatbot Arena
/// Elo-like scale of measurement guidance §3.6: `R_i = 1000 + 400·log₁₀ π_i`, with log₁₀ π centred so the
/// **mean rating is 1000** (no anchor model). A 400-point gap is 10:1 odds.
///
/// - Ties count as half a win for each side (y = 0.5, as in FastChat's `compute_elo_mle_with_tie`).
/// - Fit: Hunter's (2004) MM algorithm, `π_i ← W_i / Σ_j n_ij/(π_i + π_j)`, run in log space as
///   `θ_i ← θ_i + ln(W_i / E_i)` (W observed wins, E expected wins), all models updated together, until
///   the largest change of `θ = ln π` is below 1e-10 or after 10,000 iterations.
/// - Prior: every pair of models also plays `prior/(K−1)` virtual tied games (K models, default prior 0.01,
///   so each model gets `prior` virtual games in all). This adds the penalty
///   `−prior/(K−1) · Σ_{i<j} (½ln σ(θ_i−θ_j) + ½ln σ(θ_j−θ_i))` to the negative log-likelihood. It keeps the
///   estimate finite when a model never wins or never loses, and connects a disconnected comparison graph,
///   while moving well-determined ratings by roughly `prior / games` of their log-odds. Like the likelihood
///   it only depends on rating differences, so θ is re-centred after every iteration.
public enum BradleyTerry {
    /// A bootstrap interval of one model's rating.
    public struct Interval: Sendable, Equatable {
        public let low: Double
        public let median: Double
        public let high: Double

        public init(low: Double, median: Double, high: Double) {
            self.low = low
            self.median = median
            self.high = high
        }
    }

    /// The mean rating.
    public static let baseRating = 1000.0
    /// Rating points per factor of 10 in strength.
    public static let scale = 400.0
    /// Largest change of ln π that counts as converged.
    public static let tolerance = 1e-10
    /// Iteration cap of the MM algorithm.
    public static let maxIterations = 10_000

    /// Ratings of every model that appears in `wins` or `ties`. Comparisons of a model with itself are ignored.
    /// `prior` is the number of virtual tied games per model (values below 1e-9 use 1e-9).
    public static func fit(
        wins: [(winner: String, loser: String)], ties: [(first: String, second: String)] = [],
        prior: Double = 0.01
    ) -> [String: Double] {
        let data = Battles(wins: wins, ties: ties)
        guard !data.models.isEmpty else { return [:] }
        let weights = [Double](repeating: 1, count: data.battles.count)
        let theta = solve(data, weights: weights, prior: prior, start: nil)
        return data.ratings(theta)
    }

    /// Percentile-bootstrap intervals of the ratings: `resamples` times, draw as many comparisons (wins and
    /// ties together) with replacement as there are, refit, and take the `(1 ± confidence)/2` percentiles and
    /// the median of each model's rating (FastChat `get_bootstrap_result`). Deterministic for a seed
    /// (`SplitMix64`). Empty when there are no comparisons, `resamples < 1` or `confidence` is not in (0, 1).
    public static func bootstrapIntervals(
        wins: [(winner: String, loser: String)], ties: [(first: String, second: String)] = [],
        resamples: Int = 1000, confidence: Double = 0.95, seed: UInt64, prior: Double = 0.01
    ) -> [String: Interval] {
        let data = Battles(wins: wins, ties: ties)
        guard !data.battles.isEmpty, resamples >= 1, confidence > 0, confidence < 1 else { return [:] }
        let count = data.battles.count
        let fullFit = solve(data, weights: [Double](repeating: 1, count: count), prior: prior, start: nil)
        var generator = SplitMix64(seed: seed)
        var samples = [[Double]](repeating: [], count: data.models.count)
        for _ in 0..<resamples {
            var weights = [Double](repeating: 0, count: count)
            for _ in 0..<count {
                weights[generator.nextIndex(below: count)] += 1
            }
            let theta = solve(data, weights: weights, prior: prior, start: fullFit)
            for (model, rating) in data.ratingList(theta).enumerated() {
                samples[model].append(rating)
            }
        }
        var intervals: [String: Interval] = [:]
        for (model, name) in data.models.enumerated() {
            let sorted = samples[model].sorted()
            if let low = Percentile.of(sorted: sorted, (1 - confidence) / 2 * 100),
               let median = Percentile.of(sorted: sorted, 50),
               let high = Percentile.of(sorted: sorted, (1 + confidence) / 2 * 100) {
                intervals[name] = Interval(low: low, median: median, high: high)
            }
        }
        return intervals
    }

    /// `P(A beats B) = 1 / (1 + 10^((R_B − R_A)/400))`.
    public static func winProbability(_ ratingA: Double, over ratingB: Double) -> Double {
        1 / (1 + Foundation.pow(10, (ratingB - ratingA) / scale))
    }

    /// Comparisons indexed by model (models sorted by name); `score` is the first model's result (1 or ½).
    private struct Battles {
        var models: [String] = []
        var battles: [(first: Int, second: Int, score: Double)] = []

        init(wins: [(winner: String, loser: String)], ties: [(first: String, second: String)]) {
            let pairs = wins.map { ($0.winner, $0.loser, 1.0) } + ties.map { ($0.first, $0.second, 0.5) }
            let kept = pairs.filter { $0.0 != $0.1 }
            models = Array(Set(kept.flatMap { [$0.0, $0.1] })).sorted()
            var index: [String: Int] = [:]
            for (position, name) in models.enumerated() { index[name] = position }
            battles = kept.compactMap { pair in
                guard let first = index[pair.0], let second = index[pair.1] else { return nil }
                return (first, second, pair.2)
            }
        }

        func ratingList(_ theta: [Double]) -> [Double] {
            let mean = theta.reduce(0, +) / Double(max(theta.count, 1))
            return theta.map { BradleyTerry.baseRating + BradleyTerry.scale * ($0 - mean) / Foundation.log(10.0) }
        }

        func ratings(_ theta: [Double]) -> [String: Double] {
            Dictionary(uniqueKeysWithValues: zip(models, ratingList(theta)))
        }
    }

    /// MM iterations for θ = ln π with battle weights (bootstrap multiplicities); θ is returned centred.
    private static func solve(_ data: Battles, weights: [Double], prior: Double, start: [Double]?) -> [Double] {
        let k = data.models.count
        guard k > 1 else { return [Double](repeating: 0, count: k) }
        let lambda = max(prior, 1e-9)
        let virtualGames = lambda / Double(k - 1)
        var observedWins = [Double](repeating: lambda / 2, count: k)
        var games = [[Double]](repeating: [Double](repeating: virtualGames, count: k), count: k)
        for (battle, weight) in zip(data.battles, weights) where weight > 0 {
            observedWins[battle.first] += weight * battle.score
            observedWins[battle.second] += weight * (1 - battle.score)
            games[battle.first][battle.second] += weight
            games[battle.second][battle.first] += weight
        }
        let logWins = observedWins.map { Foundation.log($0) }
        var theta = start ?? [Double](repeating: 0, count: k)
        for _ in 0..<maxIterations {
            var next = theta
            for i in 0..<k {
                var expected = 0.0
                for j in 0..<k where j != i {
                    expected += games[i][j] * logistic(theta[i] - theta[j])
                }
                next[i] = theta[i] + logWins[i] - Foundation.log(expected)
            }
            let mean = next.reduce(0, +) / Double(k)
            var largestChange = 0.0
            for i in 0..<k {
                next[i] -= mean
                largestChange = max(largestChange, abs(next[i] - theta[i]))
            }
            theta = next
            if largestChange < tolerance { break }
        }
        return theta
    }

    /// σ(x) = 1/(1 + e^−x), without overflow for large |x|.
    private static func logistic(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let e = Foundation.exp(x)
        return e / (1 + e)
    }
}

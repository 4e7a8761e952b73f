import Foundation

extension PairedLoss {
    /// One case run by both models: each one's pass share on it (0 or 1, or a fraction over repeats).
    public struct Pair: Sendable, Hashable {
        public var reference: Double
        public var candidate: Double
        public var cluster: String?

        public init(reference: Double, candidate: Double, cluster: String? = nil) {
            self.reference = reference
            self.candidate = candidate
            self.cluster = cluster
        }

        var difference: Double { reference - candidate }
    }

    /// Bootstrap replicates for the repeated or clustered case: enough for a tail of α/k ≈ 1%.
    public static let bootstrapResamples = 4000

    /// Tango's bound is asymptotic, and at the margin its exact one-sided error swings around the nominal
    /// level with the discreteness of the counts: enumerated exactly, it reaches 1.39·α (n = 52, no case
    /// won by the candidate, δ = 5 points, α = 5%). Computed at 0.75·α, the worst error found over
    /// n = 10–600, δ of 2, 5 and 10 points, α from 1% to 5% and discordance from 0 to 20% is 0.95·α
    /// (`PairedLossTests` re-enumerates a set of these points), so the bound holds at α.
    public static let tangoLevelFactor = 0.75

    /// Bounds for a fixed number of cases, looked at once.
    ///
    /// One pass/fail per case and no clusters: Tango's score bounds. Otherwise the larger (more cautious)
    /// of a paired cluster-bootstrap bound and Tango's bound on the effective counts, so that a handful of
    /// identical repeated cases, whose bootstrap collapses to a point, still gets an honest width.
    /// - Returns: nil when there are no pairs.
    public static func fixed(reference: String, candidate: String, pairs: [Pair], alpha: Double, seed: UInt64) -> PairedLoss? {
        guard !pairs.isEmpty else { return nil }
        let n = Double(pairs.count)
        let onlyReference = pairs.map { max(0, $0.difference) }.reduce(0, +)
        let onlyCandidate = pairs.map { max(0, -$0.difference) }.reduce(0, +)
        let estimate = (onlyReference - onlyCandidate) / n
        let binary = pairs.allSatisfy { ($0.reference == 0 || $0.reference == 1) && ($0.candidate == 0 || $0.candidate == 1) }
        let clustered = Set(pairs.compactMap(\.cluster)).count < pairs.compactMap(\.cluster).count
        let scoreAlpha = alpha * tangoLevelFactor
        if binary && !clustered {
            return PairedLoss(
                reference: reference, candidate: candidate, cases: pairs.count, estimate: estimate,
                lower: PairedProportionInterval.lowerBound(onlyA: onlyReference, onlyB: onlyCandidate, n: n, alpha: scoreAlpha),
                upper: PairedProportionInterval.upperBound(onlyA: onlyReference, onlyB: onlyCandidate, n: n, alpha: scoreAlpha),
                alpha: alpha, method: .tangoScore, onlyReference: onlyReference, onlyCandidate: onlyCandidate)
        }
        let differences = pairs.map(\.difference)
        let deff = designEffect(differences, clusters: pairs.map(\.cluster))
        let effectiveN = n / deff
        let scoreLower = PairedProportionInterval.lowerBound(
            onlyA: onlyReference / deff, onlyB: onlyCandidate / deff, n: effectiveN, alpha: scoreAlpha)
        let scoreUpper = PairedProportionInterval.upperBound(
            onlyA: onlyReference / deff, onlyB: onlyCandidate / deff, n: effectiveN, alpha: scoreAlpha)
        let boot = Bootstrap.meanInterval(
            differences, clusters: clustered ? pairs.map(\.cluster) : nil, resamples: bootstrapResamples,
            confidence: 1 - 2 * alpha, seed: seed)
        return PairedLoss(
            reference: reference, candidate: candidate, cases: pairs.count, estimate: estimate,
            lower: min(scoreLower, boot?.low ?? scoreLower), upper: max(scoreUpper, boot?.high ?? scoreUpper),
            alpha: alpha, method: .pairedBootstrap, onlyReference: onlyReference, onlyCandidate: onlyCandidate)
    }

    /// Anytime-valid bounds over the pairs in the order they were run (an adaptive run's seeded case order).
    /// - Parameter bounds: false leaves the trivial bounds [−1, 1] (valid, and cheap: a caller that decides
    ///   by the tests at a margin and needs the bounds only for the report computes them once at the end).
    /// - Returns: nil when there are no pairs.
    public static func sequential(reference: String, candidate: String, pairs: [Pair], alpha: Double, bounds: Bool = true) -> PairedLoss? {
        guard !pairs.isEmpty else { return nil }
        let differences = pairs.map(\.difference)
        let onlyReference = differences.map { max(0, $0) }.reduce(0, +)
        let onlyCandidate = differences.map { max(0, -$0) }.reduce(0, +)
        return PairedLoss(
            reference: reference, candidate: candidate, cases: pairs.count,
            estimate: (onlyReference - onlyCandidate) / Double(pairs.count),
            lower: bounds ? BettingConfidenceSequence.lowerBound(differences, alpha: alpha) : -1,
            upper: bounds ? BettingConfidenceSequence.upperBound(differences, alpha: alpha) : 1,
            alpha: alpha, method: .confidenceSequence, onlyReference: onlyReference, onlyCandidate: onlyCandidate)
    }

    /// The design effect of clustered differences: the clustered variance of their mean over the
    /// independent-case variance (at least 1; 1 without clusters or without variation).
    static func designEffect(_ values: [Double], clusters: [String?]) -> Double {
        guard values.count > 1, Set(clusters.compactMap { $0 }).count < clusters.compactMap({ $0 }).count else { return 1 }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let naive = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1) / n
        guard naive > 0, let clustered = ClusteredInterval.meanInterval(values: values, clusters: clusters, clampToUnit: false)
        else { return 1 }
        return max(1, clustered.standardError * clustered.standardError / naive)
    }
}

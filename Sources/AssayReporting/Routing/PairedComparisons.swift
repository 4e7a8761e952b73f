import AssayStatistics

/// The paired comparisons of a category's models on their shared cases: fixed-n bounds, or, for an
/// adaptive run, anytime-valid bounds over the cases in the order they were run. The losses are memoised
/// per pair; the paired cases are not (a category of 25,000 cases and four models would keep twelve lists
/// of 25,000 pairs), except an adaptive run's differences, which its tests read again and again.
final class PairedComparisons {
    let outcomes: CaseOutcomeGrid
    /// The adaptive run's case order; nil for a fixed-n run.
    let sequence: [String]?
    let alpha: Double
    let seed: UInt64
    /// Whether an adaptive run's reported losses get their bounds (false between rounds, where only the
    /// decisions matter).
    let reportBounds: Bool
    private var losses: [[String]: PairedLoss?] = [:]
    private var differenceCache: [[String]: [Double]] = [:]
    private var qualities: [String: Double] = [:]
    /// The positions of the adaptive run's cases in the grid, in the run's order.
    private lazy var sequencePositions: [Int] = sequence.map(outcomes.positions(of:)) ?? []

    init(outcomes: CaseOutcomeGrid, sequence: [String]?, alpha: Double, seed: UInt64, reportBounds: Bool = true) {
        self.outcomes = outcomes
        self.sequence = sequence
        self.alpha = alpha
        self.seed = seed
        self.reportBounds = reportBounds
    }

    var sequential: Bool { sequence != nil }

    /// The model's mean pass share over its cases (asked for again and again while the candidates are decided).
    func quality(_ model: String) -> Double {
        if let known = qualities[model] { return known }
        let list = outcomes.outcomes(of: model).map(\.pass)
        let quality = list.isEmpty ? 0 : list.reduce(0, +) / Double(list.count)
        qualities[model] = quality
        return quality
    }

    /// The candidate's quality loss against the reference; nil without shared cases.
    func loss(reference: String, candidate: String) -> PairedLoss? {
        if let cached = losses[[reference, candidate]] { return cached }
        let pairs = self.pairs(reference, candidate).map(\.pair)
        // Sequential decisions come from the tests at the margin; the bounds are filled in by `bounded`.
        let loss = sequential
            ? PairedLoss.sequential(reference: reference, candidate: candidate, pairs: pairs, alpha: alpha, bounds: false)
            : PairedLoss.fixed(
                reference: reference, candidate: candidate, pairs: pairs, alpha: alpha,
                seed: StableHash.of(String(seed), reference, candidate))
        losses[[reference, candidate]] = loss
        return loss
    }

    /// The loss with its bounds computed (an adaptive run's losses are decided without them).
    func bounded(_ loss: PairedLoss) -> PairedLoss {
        guard sequential, reportBounds else { return loss }
        return PairedLoss.sequential(
            reference: loss.reference, candidate: loss.candidate, pairs: pairs(loss.reference, loss.candidate).map(\.pair),
            alpha: alpha) ?? loss
    }

    /// The candidate's net value gain over the reference; nil without shared cases or known costs.
    func gain(reference: String, candidate: String, perSuccess: Double, costs: CaseOutcomeGrid) -> ValueGain? {
        let shared = pairs(reference, candidate)
        let priced = shared.compactMap { p -> (PairedLoss.Pair, (reference: Double, candidate: Double))? in
            guard let r = p.referenceCost, let c = p.candidateCost else { return nil }
            return (p.pair, (r, c))
        }
        guard priced.count == shared.count else { return nil }
        return ValueGain.estimate(
            reference: reference, candidate: candidate, pairs: priced.map(\.0), costs: priced.map(\.1), perSuccess: perSuccess,
            alpha: alpha, sequential: sequential, seed: StableHash.of(String(seed), reference, candidate, "value"))
    }

    /// Whether the loss is shown below θ: the fixed-n bound is below it, or the anytime-valid test at θ
    /// rejects (the confidence sequence's bound is found by bisection, so the test decides exactly).
    func shownBelow(_ loss: PairedLoss, _ theta: Double) -> Bool {
        guard sequential else { return loss.upper < theta }
        return BettingConfidenceSequence.rejects(differences(loss.reference, loss.candidate), theta: theta, below: true, alpha: alpha)
    }

    /// Whether the loss is shown above θ.
    func shownAbove(_ loss: PairedLoss, _ theta: Double) -> Bool {
        guard sequential else { return loss.lower > theta }
        return BettingConfidenceSequence.rejects(differences(loss.reference, loss.candidate), theta: theta, below: false, alpha: alpha)
    }

    /// About how many more cases would decide the loss against the margin (nil between an adaptive run's
    /// rounds, where nobody reads it).
    func moreCasesNeeded(_ loss: PairedLoss, margin: Double) -> PairedLoss.MoreCases? {
        guard !sequential || reportBounds else { return nil }
        return loss.moreCasesNeeded(margin: margin, differences: sequential ? differences(loss.reference, loss.candidate) : [])
    }

    private func differences(_ reference: String, _ candidate: String) -> [Double] {
        if let cached = differenceCache[[reference, candidate]] { return cached }
        let built = pairs(reference, candidate).map { $0.pair.reference - $0.pair.candidate }
        differenceCache[[reference, candidate]] = built
        return built
    }

    /// The shared cases in order: by case id for a fixed-n run; in the run's order for an adaptive run,
    /// where the cases of one cluster form one unit (their mean), so that the units are independent.
    private func pairs(_ reference: String, _ candidate: String)
        -> [(pair: PairedLoss.Pair, referenceCost: Double?, candidateCost: Double?)]
    {
        let positions = sequential ? sequencePositions : outcomes.shared(reference, candidate)
        var units: [(pair: PairedLoss.Pair, referenceCost: Double?, candidateCost: Double?)] = []
        units.reserveCapacity(positions.count)
        var unitOfCluster: [String: Int] = [:]
        var sizes: [Int] = []
        for position in positions {
            guard let x = outcomes.outcome(reference, at: position), let y = outcomes.outcome(candidate, at: position) else { continue }
            if sequential, let cluster = x.cluster, let u = unitOfCluster[cluster] {
                let k = Double(sizes[u])
                units[u].pair.reference = (units[u].pair.reference * k + x.pass) / (k + 1)
                units[u].pair.candidate = (units[u].pair.candidate * k + y.pass) / (k + 1)
                units[u].referenceCost = Self.runningMean(units[u].referenceCost, adding: x.cost, count: k)
                units[u].candidateCost = Self.runningMean(units[u].candidateCost, adding: y.cost, count: k)
                sizes[u] += 1
                continue
            }
            if sequential, let cluster = x.cluster { unitOfCluster[cluster] = units.count }
            units.append((PairedLoss.Pair(reference: x.pass, candidate: y.pass, cluster: sequential ? nil : x.cluster), x.cost, y.cost))
            sizes.append(1)
        }
        return units
    }

    /// The mean of `count` values extended by one more; unknown when either is.
    private static func runningMean(_ mean: Double?, adding value: Double?, count: Double) -> Double? {
        guard let mean, let value else { return nil }
        return (mean * count + value) / (count + 1)
    }
}

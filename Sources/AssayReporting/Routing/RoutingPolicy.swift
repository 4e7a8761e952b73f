import Foundation
import AssayStatistics

/// Turns per-case outcomes into a routing decision per category (measurement guidance §5.7 and §5.8).
///
/// Traffic leaves the reference model (the dearest model that no other is shown better than: the one a
/// team would use without evidence) only on evidence that quality holds. A model on the cost frontier may
/// take traffic when, against every routable model, the one-sided upper confidence bound of its paired
/// quality loss is below the tolerated loss δ (in value mode: when the lower bound of its net value gain
/// over every better model is above 0). Testing against every model, not only the observed best, keeps the
/// guarantee whichever model is truly best. The error rate α is divided among the potential candidates
/// (Bonferroni), so the chance that any model whose true loss reaches δ gets traffic is at most α.
/// A model that is shown neither way is undecided: the traffic stays on the reference, with exploration
/// floors, and the report says how many more cases would decide it.
public enum RoutingPolicy {
    /// - Parameters:
    ///   - outcomes: per model, per case (keys unique across the category's suites).
    ///   - p95LatencyMs: per model, over the category's samples.
    ///   - goodput: per model, the share of its live calls in the category that met the serving objective.
    ///   - sequence: for an adaptive run, the category's cases in the seeded order they were run in: the
    ///     bounds are then anytime-valid confidence sequences over that order. Nil for a fixed-n run.
    ///   - validate: fit on half of the cases and measure on the other half.
    ///   - reportBounds: false between an adaptive run's rounds: the decisions are the same, and the
    ///     confidence sequences' bounds (found by bisection) are left trivial.
    public static func route(
        category: String, suites: [String], models: [String], outcomes: [String: [String: CaseOutcome]],
        p95LatencyMs: [String: Double], goodput: [String: Double] = [:], options: RoutingOptions, seed: UInt64,
        sequence: [String]? = nil, validate: Bool = true, reportBounds: Bool = true
    ) -> CategoryRoute {
        route(
            category: category, suites: suites, models: models, outcomes: CaseOutcomeGrid(outcomes), p95LatencyMs: p95LatencyMs,
            goodput: goodput, options: options, seed: seed, sequence: sequence, validate: validate, reportBounds: reportBounds)
    }

    /// - Parameter outcomes: per model, per case (ids unique across the category's suites).
    public static func route(
        category: String, suites: [String], models: [String], outcomes: CaseOutcomeGrid,
        p95LatencyMs: [String: Double], goodput: [String: Double] = [:], options: RoutingOptions, seed: UInt64,
        sequence: [String]? = nil, validate: Bool = true, reportBounds: Bool = true
    ) -> CategoryRoute {
        var notes: [String] = []
        var candidates: [RouteCandidate] = []
        let withOutcomes = models.filter { outcomes.count(of: $0) > 0 }
        if !withOutcomes.isEmpty {
            for model in models where outcomes.count(of: model) == 0 {
                notes.append("\(model): no graded outcome in this category, not routed to")
            }
        }
        for model in models where outcomes.count(of: model) > 0 {
            // Sums over sorted values, so that the figures do not depend on the order of the cases.
            let list = outcomes.outcomes(of: model)
            let passes = list.map(\.pass).sorted()
            let quality = passes.reduce(0, +) / Double(list.count)
            let clustered = list.contains { $0.cluster != nil }
            // The grid's order is the case ids' order.
            let ordered = clustered ? list : []
            let interval = clustered
                ? PassRateInterval.interval(outcomes: ordered.map(\.pass), clusters: ordered.map(\.cluster))
                : PassRateInterval.interval(outcomes: passes, clusters: passes.map { _ in nil })
            // A model that answered no call has no cost to speak of (a failed call costs nothing): unknown.
            let answered = list.map(\.answered).reduce(0, +)
            let costs = list.map(\.cost)
            let cost: Double? = answered == 0 || costs.contains(where: { $0 == nil })
                ? nil : costs.compactMap { $0 }.sorted().reduce(0, +) / Double(list.count)
            let latency = p95LatencyMs[model]
            let within = options.maxP95LatencyMs.map { limit in (latency ?? .infinity) <= limit } ?? true
            var candidate = RouteCandidate(
                model: model, quality: quality, qualityLow: interval?.low, qualityHigh: interval?.high, cases: list.count,
                costPerTask: cost, p95LatencyMs: latency, withinLatencyLimit: within)
            candidate.answered = answered
            candidate.goodput = goodput[model]
            // Only where goodput was counted: an adaptive run's stopping rule does not count it, and a model
            // whose every answer came from the cache has no live call to count.
            if let minimum = options.minGoodput, let share = goodput[model] { candidate.meetsGoodput = share >= minimum }
            candidates.append(candidate)
        }
        for c in candidates where c.costPerTask == nil {
            notes.append(c.answered == 0 ? "\(c.model): no call answered, not routed to" : "\(c.model): cost unknown, not routed to")
        }
        for c in candidates where !c.withinLatencyLimit { notes.append("\(c.model): p95 latency above the limit, not routed to") }
        if options.minGoodput != nil {
            for c in candidates where c.goodput == nil {
                notes.append("\(c.model): no live call to count goodput on (every answer cached, or an adaptive round); the goodput minimum is not applied to it")
            }
        }
        for c in candidates where !c.meetsGoodput {
            notes.append("\(c.model): goodput \(ReportFormat.percent(c.goodput)) below the minimum \(ReportFormat.percent(options.minGoodput)), not routed to")
        }

        // The cost frontier is taken among the models the latency limit allows: a faster model must not be
        // dropped for being dominated by one that may not be used.
        let routable = candidates.filter { $0.withinServingLimits && $0.costPerTask != nil }
        let costFrontier = ParetoFrontier.frontier(routable.compactMap { c in c.costPerTask.map { (id: c.model, quality: c.quality, cost: $0) } })
        let latencyFrontier = Set(ParetoFrontier.frontier(candidates.compactMap { c in c.p95LatencyMs.map { (id: c.model, quality: c.quality, cost: $0) } }))
        for i in candidates.indices {
            candidates[i].paretoCost = costFrontier.contains(candidates[i].model)
            candidates[i].paretoLatency = latencyFrontier.contains(candidates[i].model)
        }
        let mode = options.mode
        let comparisonAlpha = Self.comparisonAlpha(
            options.alpha, routable: routable.count, models: withOutcomes.count, sequential: sequence != nil)
        let comparisons = PairedComparisons(
            outcomes: outcomes, sequence: sequence, alpha: comparisonAlpha, seed: StableHash.of(String(seed), category),
            reportBounds: reportBounds)
        let references = routable.map(\.model)
        // The reference keeps the traffic unless another model is shown good enough: the dearest model that
        // no other is shown better than. Not the model with the best point estimate: on a small sample a
        // cheaper model leads by luck often enough that giving it the traffic would break the guarantee.
        let plausibleBest = routable.filter { m in
            !routable.contains { x in
                x.model != m.model && (comparisons.loss(reference: x.model, candidate: m.model).map { comparisons.shownAbove($0, 0) } ?? false)
            }
        }
        guard let reference = (plausibleBest.isEmpty ? routable : plausibleBest)
            .max(by: { ($0.costPerTask ?? 0, $0.quality) < ($1.costPerTask ?? 0, $1.quality) })
        else {
            notes.append("no model with results, a known cost and within the latency limit: nothing to route")
            return CategoryRoute(
                category: category, suites: suites, candidates: candidates, primary: nil, reference: nil, fallbacks: [], heldOut: nil,
                notes: notes, mode: mode, alpha: options.alpha, comparisonAlpha: comparisonAlpha, candidatesTested: 0,
                sequential: sequence != nil)
        }
        for i in candidates.indices {
            let model = candidates[i].model
            if model == reference.model {
                candidates[i].decision = .reference
            } else if !candidates[i].withinServingLimits || candidates[i].costPerTask == nil {
                candidates[i].decision = .excluded
            } else if !costFrontier.contains(model) {
                candidates[i].decision = .dominated
                candidates[i].dominatedBy = Self.dominator(of: candidates[i], among: routable)
                // Shown, not only by point estimates: a model no dearer is shown better.
                let dearer = candidates[i].costPerTask ?? .infinity
                candidates[i].dominanceShown = routable.contains { x in
                    x.model != model && (x.costPerTask ?? .infinity) <= dearer
                        && (comparisons.loss(reference: x.model, candidate: model).map { comparisons.shownAbove($0, 0) } ?? false)
                }
                // Shown worse than the margin (or a net value loss) says more than "dominated".
                var tested = candidates[i]
                Self.decide(&tested, references: references, reference: reference.model, comparisons: comparisons, mode: mode, costs: outcomes)
                if tested.decision == .rejected { candidates[i] = tested }
            } else {
                Self.decide(
                    &candidates[i], references: references, reference: reference.model, comparisons: comparisons, mode: mode,
                    costs: outcomes)
            }
        }
        // The reference is the default, not shown good enough: the report gives its own standing (against
        // every other routable model), and once another model is shown good enough it keeps only the
        // floor unless it is shown good enough itself.
        if let i = candidates.firstIndex(where: { $0.model == reference.model }) {
            var tested = candidates[i]
            Self.decide(&tested, references: references, reference: reference.model, comparisons: comparisons, mode: mode, costs: outcomes)
            candidates[i].referenceShownGoodEnough = tested.decision == .admitted
            candidates[i].loss = tested.loss
            candidates[i].gain = tested.gain
            if tested.decision != .admitted, case .nonInferiority = mode {
                let strongest = routable.filter { $0.model != reference.model }.max { $0.quality < $1.quality }
                candidates[i].loss = strongest.flatMap { comparisons.loss(reference: $0.model, candidate: reference.model) }
                    .map(comparisons.bounded)
            }
        }

        candidates = Self.assignShares(candidates, reference: reference.model, options: options)
        var route = CategoryRoute(
            category: category, suites: suites, candidates: candidates, primary: nil, reference: reference.model, fallbacks: [],
            heldOut: nil, notes: notes, mode: mode, alpha: options.alpha, comparisonAlpha: comparisonAlpha,
            candidatesTested: max(0, routable.count - 1), sequential: sequence != nil)
        route = Self.orderFallbacks(route)
        if validate, sequence != nil {
            route.notes.append("held-out check not run: an adaptive run decides with anytime-valid bounds, and the models it stopped have no cases left to hold out")
        } else if validate {
            route.heldOut = validateOnHeldOut(
                category: category, suites: suites, models: models, outcomes: outcomes, p95LatencyMs: p95LatencyMs,
                goodput: goodput, options: options, seed: seed, notes: &route.notes)
        }
        if let held = route.heldOut, held.failed, route.primary != reference.model {
            route = keepOnReference(route, options: options)
            route.notes.append(
                "the policy failed its held-out check, so traffic stays on the reference model \(reference.model) until a run shows the cheaper choice holds")
        }
        return route
    }

    /// The models an adaptive run may stop calling in this category: those shown worse by more than the
    /// margin (or a net value loss) and those shown dominated by a model no dearer; and every model once
    /// the category has been decided: at least one candidate was tested and none is open. A category with
    /// nothing to decide (fewer than two routable models) and models that cannot be routed yet (unknown
    /// cost, above the latency limit) keep being called: their figures still count in the leaderboards.
    public static func settled(_ route: CategoryRoute) -> Set<String> {
        let tested = route.candidates.filter { [.admitted, .rejected, .undecided].contains($0.decision) }
        if !tested.isEmpty, !tested.contains(where: { $0.decision == .undecided }),
            !route.candidates.contains(where: { $0.decision == .excluded })
        {
            return Set(route.candidates.map(\.model))
        }
        return Set(route.candidates.filter { c in
            c.decision == .rejected || (c.decision == .dominated && c.dominanceShown)
        }.map(\.model))
    }

    /// The error allowed to each one-sided bound: α divided among every routable model but one, each a
    /// potential candidate (a false admission needs that candidate's one comparison with the true best
    /// to err; dividing by the candidates actually on the frontier would let the data choose the family).
    /// Adaptive runs also stop calling models shown worse, so the true best could be dropped by an error
    /// too: α is halved between the two kinds of error, and divided among every model with outcomes, a
    /// count that does not move from round to round as the latency limit may.
    static func comparisonAlpha(_ alpha: Double, routable: Int, models: Int, sequential: Bool) -> Double {
        sequential ? alpha / Double(2 * max(1, models - 1)) : alpha / Double(max(1, routable - 1))
    }

    /// A cheaper model at least as good, for the report.
    static func dominator(of c: RouteCandidate, among routable: [RouteCandidate]) -> String? {
        routable.filter { o in
            o.model != c.model && (o.costPerTask ?? .infinity) <= (c.costPerTask ?? .infinity) && o.quality >= c.quality
        }.max { ($0.quality, -($0.costPerTask ?? 0)) < ($1.quality, -($1.costPerTask ?? 0)) }?.model
    }

    /// Decides one frontier model against every routable reference.
    static func decide(
        _ c: inout RouteCandidate, references: [String], reference: String, comparisons: PairedComparisons, mode: RoutingMode,
        costs: CaseOutcomeGrid
    ) {
        let others = references.filter { $0 != c.model }
        switch mode {
        case .nonInferiority(let margin):
            let losses = others.compactMap { comparisons.loss(reference: $0, candidate: c.model) }
            // Adaptive runs decide by the tests at the margin and compute bounds only for what is reported,
            // so they pick the binding comparison by its estimate.
            let key: (PairedLoss) -> Double = { comparisons.sequential ? $0.estimate : $0.lower }
            if let shown = losses.filter({ comparisons.shownAbove($0, margin) }).max(by: { key($0) < key($1) }) {
                c.decision = .rejected
                let worse = comparisons.bounded(shown)
                c.loss = worse
                // The anytime-valid test at δ rejected, so δ is a valid bound where the bisected one sits a hair below.
                if comparisons.sequential { c.loss?.lower = max(worse.lower, margin) }
            } else if losses.count == others.count, losses.allSatisfy({ comparisons.shownBelow($0, margin) }) {
                c.decision = .admitted
                var widest = losses.max { $0.estimate < $1.estimate }.map(comparisons.bounded)
                // The anytime-valid test at δ rejected, so δ itself is a valid bound even where the
                // bisected bound sits a hair above it.
                if comparisons.sequential, let upper = widest?.upper { widest?.upper = min(upper, margin) }
                c.loss = widest
            } else {
                c.decision = .undecided
                // The comparison that keeps it undecided: the reference with the highest upper bound.
                let upperKey: (PairedLoss) -> Double = { comparisons.sequential ? $0.estimate : $0.upper }
                let binding = losses.filter { !comparisons.shownBelow($0, margin) }.max { upperKey($0) < upperKey($1) }
                    .map(comparisons.bounded)
                c.loss = binding
                c.moreCasesNeeded = binding.flatMap { comparisons.moreCasesNeeded($0, margin: margin) }
            }
        case .value(let perSuccess):
            // The reference and every better model (by point estimate) must be beaten on net value: a worse
            // one is no reason to stay. (The reference itself is held to every better model.)
            let quality = comparisons.quality(c.model)
            let better = others.filter { comparisons.quality($0) >= quality || ($0 == reference && c.model != reference) }
            let gains = better.compactMap { comparisons.gain(reference: $0, candidate: c.model, perSuccess: perSuccess, costs: costs) }
            if let losing = gains.filter({ $0.upper < 0 }).min(by: { $0.upper < $1.upper }) {
                c.decision = .rejected
                c.gain = losing
            } else if gains.count == better.count, gains.allSatisfy({ $0.lower > 0 }) {
                c.decision = .admitted
                c.gain = gains.min { $0.estimate < $1.estimate }
            } else {
                c.decision = .undecided
                let binding = gains.filter { $0.lower <= 0 }.min { $0.lower < $1.lower }
                c.gain = binding
                c.moreCasesNeeded = binding.flatMap(Self.moreCasesNeeded).map { PairedLoss.MoreCases(count: max(1, $0), atLeast: false) }
            }
            c.loss = c.gain?.qualityLoss
        }
    }

    /// Value mode: about how many more cases would show the sign of the gain (80% power): the paired
    /// per-case variance of V·(pass difference) against the observed gain.
    static func moreCasesNeeded(_ gain: ValueGain) -> Int? {
        let loss = gain.qualityLoss
        let n = Double(loss.cases)
        guard n > 0, abs(gain.estimate) > 1e-12 else { return nil }
        let p10 = max(loss.onlyReference, 0.5) / n
        let p01 = max(loss.onlyCandidate, 0.5) / n
        let variance = gain.perSuccess * gain.perSuccess * max(1e-12, p10 + p01 - loss.estimate * loss.estimate)
        let z = NormalDistribution.quantile(1 - loss.alpha) + NormalDistribution.quantile(0.8)
        let needed = z * z * variance / (gain.estimate * gain.estimate)
        return Int(min(needed.rounded(.up), 10_000_000)) - loss.cases
    }

    /// Traffic shares: the admitted models share the traffic by utility over cost and latency (quality
    /// counts as equal among them: each is shown good enough), with the reference among them only when it
    /// is shown good enough itself (otherwise it keeps the traffic only while nothing else is shown);
    /// undecided frontier models keep a small exploration floor, models shown worse none.
    static func assignShares(_ input: [RouteCandidate], reference: String, options: RoutingOptions) -> [RouteCandidate] {
        var candidates = input
        let admitted = candidates.filter { $0.decision == .admitted && !$0.heldBack }
        let referenceRoutes = admitted.isEmpty || candidates.contains { $0.model == reference && $0.referenceShownGoodEnough }
        let routed = candidates.filter { $0.takesTraffic && ($0.model != reference || referenceRoutes) }
        let floorModels = candidates.filter { c in
            c.withinServingLimits && c.costPerTask != nil && !routed.contains { $0.model == c.model }
                && ((c.paretoCost && c.decision == .undecided) || c.model == reference)
        }.map(\.model)
        let w = options.normalisedWeights
        let eligible = candidates.filter { $0.withinServingLimits && $0.costPerTask != nil }
        let cs = eligible.compactMap(\.costPerTask)
        let ls = eligible.compactMap(\.p95LatencyMs)
        let qs = eligible.map(\.quality)
        func norm(_ x: Double, _ values: [Double], higherIsBetter: Bool) -> Double {
            guard let lo = values.min(), let hi = values.max(), hi > lo else { return 1 }
            return higherIsBetter ? (x - lo) / (hi - lo) : (hi - x) / (hi - lo)
        }
        var values: [String: Double] = [:]
        if case .value(let perSuccess) = options.mode {
            for c in routed { values[c.model] = perSuccess * c.quality - (c.costPerTask ?? 0) }
        }
        var weights: [String: Double] = [:]
        for i in candidates.indices where candidates[i].withinServingLimits && candidates[i].costPerTask != nil {
            let c = candidates[i]
            let k = norm(c.costPerTask ?? 0, cs, higherIsBetter: false)
            let l = c.p95LatencyMs.map { norm($0, ls, higherIsBetter: false) } ?? 0
            candidates[i].utility = w.quality * norm(c.quality, qs, higherIsBetter: true) + w.cost * k + w.latency * l
            guard routed.contains(where: { $0.model == c.model }) else { continue }
            let utility: Double
            if case .value = options.mode, let v = values[c.model] {
                // Value mode: net value per task decides, latency as weighted.
                utility = (1 - w.latency) * norm(v, Array(values.values), higherIsBetter: true) + w.latency * l
            } else {
                utility = w.quality + w.cost * k + w.latency * l
            }
            weights[c.model] = Foundation.exp(utility / max(1e-6, options.temperature))
        }
        let floor = min(options.floorShare, 1 / Double(max(1, routed.count + floorModels.count)))
        let remaining = max(0, 1 - floor * Double(floorModels.count))
        // Summed in a fixed order: dictionary order changes between processes, and float sums with it.
        let totalWeight = weights.keys.sorted().compactMap { weights[$0] }.reduce(0, +)
        for i in candidates.indices {
            let m = candidates[i].model
            if let wgt = weights[m], totalWeight > 0 {
                candidates[i].share = max(floor, remaining * wgt / totalWeight)
            } else if floorModels.contains(m) {
                candidates[i].share = floor
            } else {
                candidates[i].share = 0
            }
        }
        let shareTotal = candidates.map(\.share).reduce(0, +)
        if shareTotal > 0 { for i in candidates.indices { candidates[i].share /= shareTotal } }
        if routed.isEmpty, let i = candidates.firstIndex(where: { $0.model == reference }) { candidates[i].share = 1 }
        return candidates
    }

    /// Primary: the largest share. Fallbacks: the other models allowed to take traffic by share, then the
    /// rest by pass rate (cheaper first among equals).
    static func orderFallbacks(_ route: CategoryRoute) -> CategoryRoute {
        var r = route
        let routed = r.candidates.filter(\.takesTraffic)
            .sorted { ($0.share, -($0.costPerTask ?? 0)) > ($1.share, -($1.costPerTask ?? 0)) }
        r.primary = routed.first?.model ?? r.reference
        var fallbacks = routed.map(\.model).filter { $0 != r.primary }
        // A model that answered no call is no fallback.
        let rest = r.candidates.filter { $0.model != r.primary && !fallbacks.contains($0.model) && $0.withinServingLimits && $0.answered > 0 }
            .sorted { ($0.quality, $1.costPerTask ?? .infinity) > ($1.quality, $0.costPerTask ?? .infinity) }
        fallbacks += rest.map(\.model)
        r.fallbacks = fallbacks
        return r
    }

    /// The conservative route: the models shown good enough are held back and the reference takes the
    /// traffic but the exploration floors.
    static func keepOnReference(_ route: CategoryRoute, options: RoutingOptions) -> CategoryRoute {
        guard let reference = route.reference else { return route }
        var r = route
        for i in r.candidates.indices where r.candidates[i].decision == .admitted { r.candidates[i].heldBack = true }
        r.candidates = assignShares(r.candidates, reference: reference, options: options)
        return orderFallbacks(r)
    }
}

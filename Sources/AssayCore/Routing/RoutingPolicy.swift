import Foundation

/// Turns per-case outcomes into a routing decision per category, following measurement.md §5.7:
/// keep the Pareto set on (quality, cost), apply the latency limit, move traffic only on significant
/// differences (models tied with the best are separated by cost), give ordered fallbacks and traffic
/// shares with a small floor.
public enum RoutingPolicy {
    /// - Parameters:
    ///   - outcomes: per model, per case (keys unique across the category's suites).
    ///   - p95LatencyMs: per model, over the category's samples.
    public static func route(
        category: String, suites: [String], models: [String], outcomes: [String: [String: CaseOutcome]],
        p95LatencyMs: [String: Double], options: RoutingOptions, seed: UInt64, validate: Bool = true
    ) -> CategoryRoute {
        var notes: [String] = []
        var candidates: [RouteCandidate] = []
        for model in models {
            guard let perCase = outcomes[model], !perCase.isEmpty else { continue }
            let list = perCase.values.sorted { $0.caseID < $1.caseID }
            let quality = list.map(\.pass).reduce(0, +) / Double(list.count)
            let interval = PassRateInterval.interval(outcomes: list.map(\.pass), clusters: list.map(\.cluster))
            let costs = list.map(\.cost)
            let cost: Double? = costs.contains(where: { $0 == nil }) ? nil : costs.compactMap { $0 }.reduce(0, +) / Double(list.count)
            let latency = p95LatencyMs[model]
            let within = options.maxP95LatencyMs.map { limit in (latency ?? .infinity) <= limit } ?? true
            candidates.append(RouteCandidate(
                model: model, quality: quality, qualityLow: interval?.low, qualityHigh: interval?.high, cases: list.count,
                costPerTask: cost, p95LatencyMs: latency, paretoCost: false, paretoLatency: false, withinLatencyLimit: within,
                tiedWithBest: false, pValueVersusBest: nil, utility: nil, share: 0))
        }
        for c in candidates where c.costPerTask == nil { notes.append("\(c.model): cost unknown, not routed to") }
        for c in candidates where !c.withinLatencyLimit { notes.append("\(c.model): p95 latency above the limit, not routed to") }

        // The cost frontier is taken among the models the latency limit allows: a faster model must not be
        // dropped for being dominated by one that may not be used.
        let costFrontier = Set(ParetoFrontier.frontier(candidates.filter(\.withinLatencyLimit).compactMap { c in
            c.costPerTask.map { (id: c.model, quality: c.quality, cost: $0) }
        }))
        let latencyFrontier = Set(ParetoFrontier.frontier(candidates.compactMap { c in c.p95LatencyMs.map { (id: c.model, quality: c.quality, cost: $0) } }))
        for i in candidates.indices {
            candidates[i].paretoCost = costFrontier.contains(candidates[i].model)
            candidates[i].paretoLatency = latencyFrontier.contains(candidates[i].model)
        }
        let eligible = candidates.filter { $0.paretoCost && $0.withinLatencyLimit && $0.costPerTask != nil }
        guard let best = eligible.max(by: { ($0.quality, -($0.costPerTask ?? 0)) < ($1.quality, -($1.costPerTask ?? 0)) }) else {
            notes.append("no model with results, a known cost and within the latency limit: nothing to route")
            return CategoryRoute(category: category, suites: suites, candidates: candidates, primary: nil, best: nil, fallbacks: [], heldOut: nil, notes: notes)
        }

        // Paired tests of every eligible model against the best, Holm-adjusted together.
        let others = eligible.filter { $0.model != best.model }
        let raw = others.map { c in
            PairedComparer.compare(best.model, outcomes[best.model] ?? [:], c.model, outcomes[c.model] ?? [:], seed: StableHash.of(String(seed), category)).passP
        }
        let adjusted = HolmCorrection.adjust(raw)
        var tied: Set<String> = [best.model]
        for (c, p) in zip(others, adjusted) {
            guard let i = candidates.firstIndex(where: { $0.model == c.model }) else { continue }
            candidates[i].pValueVersusBest = p
            let significantlyWorse = c.quality < best.quality && p < options.alpha
            candidates[i].tiedWithBest = !significantlyWorse
            if !significantlyWorse { tied.insert(c.model) }
        }
        if let i = candidates.firstIndex(where: { $0.model == best.model }) { candidates[i].tiedWithBest = true }

        // Utility over the eligible set; among tied models quality differences are noise, so their
        // shares follow cost and latency only.
        let w = options.normalisedWeights
        let qs = eligible.map(\.quality)
        let cs = eligible.compactMap(\.costPerTask)
        let ls = eligible.compactMap(\.p95LatencyMs)
        func norm(_ x: Double, _ values: [Double], higherIsBetter: Bool) -> Double {
            guard let lo = values.min(), let hi = values.max(), hi > lo else { return 1 }
            return higherIsBetter ? (x - lo) / (hi - lo) : (hi - x) / (hi - lo)
        }
        var weights: [String: Double] = [:]
        for i in candidates.indices where eligible.contains(where: { $0.model == candidates[i].model }) {
            let c = candidates[i]
            let q = norm(c.quality, qs, higherIsBetter: true)
            let k = norm(c.costPerTask ?? 0, cs, higherIsBetter: false)
            let l = c.p95LatencyMs.map { norm($0, ls, higherIsBetter: false) } ?? 0
            let utility = w.quality * q + w.cost * k + w.latency * l
            candidates[i].utility = utility
            if tied.contains(c.model) {
                let tiedUtility = w.quality * 1 + w.cost * k + w.latency * l
                weights[c.model] = Foundation.exp(tiedUtility / max(1e-6, options.temperature))
            }
        }
        let floorModels = eligible.map(\.model).filter { !tied.contains($0) }
        let floor = min(options.floorShare, 1 / Double(max(1, eligible.count)))
        let remaining = max(0, 1 - floor * Double(floorModels.count))
        // Summed in a fixed order: dictionary order changes between processes, and float sums with it.
        let totalWeight = weights.keys.sorted().compactMap { weights[$0] }.reduce(0, +)
        for i in candidates.indices {
            let m = candidates[i].model
            if let wgt = weights[m] {
                candidates[i].share = max(floor, remaining * wgt / totalWeight)
            } else if floorModels.contains(m) {
                candidates[i].share = floor
            }
        }
        let shareTotal = candidates.map(\.share).reduce(0, +)
        if shareTotal > 0 { for i in candidates.indices { candidates[i].share /= shareTotal } }

        let tiedOrdered = candidates.filter { tied.contains($0.model) }
            .sorted { ($0.share, -($0.costPerTask ?? 0)) > ($1.share, -($1.costPerTask ?? 0)) }
        let primary = tiedOrdered.first?.model ?? best.model
        var fallbacks = tiedOrdered.map(\.model).filter { $0 != primary }
        let rest = candidates.filter { $0.model != primary && !fallbacks.contains($0.model) && $0.withinLatencyLimit }
            .sorted { ($0.quality, $1.costPerTask ?? .infinity) > ($1.quality, $0.costPerTask ?? .infinity) }
        fallbacks += rest.map(\.model)

        var heldOut: HeldOutReport?
        if validate {
            heldOut = validateOnHeldOut(
                category: category, suites: suites, models: models, outcomes: outcomes, p95LatencyMs: p95LatencyMs,
                options: options, seed: seed, notes: &notes)
        }
        var route = CategoryRoute(
            category: category, suites: suites, candidates: candidates, primary: primary, best: best.model,
            fallbacks: fallbacks, heldOut: heldOut, notes: notes)
        if let held = heldOut, held.failed, primary != best.model {
            route = keepOnBest(route, floor: floor, floorModels: eligible.map(\.model).filter { $0 != best.model })
            route.notes.append(
                "the policy failed its held-out check, so traffic stays on the best-quality model \(best.model) until a run shows the cheaper choice holds")
        }
        return route
    }

    /// The conservative route: the best-quality model takes all traffic but the exploration floors.
    static func keepOnBest(_ route: CategoryRoute, floor: Double, floorModels: [String]) -> CategoryRoute {
        guard let best = route.best else { return route }
        var r = route
        for i in r.candidates.indices {
            let m = r.candidates[i].model
            r.candidates[i].share = m == best ? max(0, 1 - floor * Double(floorModels.count)) : (floorModels.contains(m) ? floor : 0)
        }
        r.primary = best
        // Fallbacks by pass rate, cheaper first among equals.
        r.fallbacks = r.candidates.filter { $0.model != best && $0.withinLatencyLimit }
            .sorted { ($0.quality, $1.costPerTask ?? .infinity) > ($1.quality, $0.costPerTask ?? .infinity) }
            .map(\.model)
        return r
    }

    /// Fits the policy on one half of the cases (split by cluster, seeded) and measures it on the other.
    static func validateOnHeldOut(
        category: String, suites: [String], models: [String], outcomes: [String: [String: CaseOutcome]],
        p95LatencyMs: [String: Double], options: RoutingOptions, seed: UInt64, notes: inout [String]
    ) -> HeldOutReport? {
        let allCases = Set(outcomes.values.flatMap { $0.values }.map { $0.caseID })
        var clusterOf: [String: String] = [:]
        for perCase in outcomes.values { for o in perCase.values { clusterOf[o.caseID] = o.cluster ?? o.caseID } }
        let fitCases = Set(allCases.filter { StableHash.unit(StableHash.of(String(seed), category, "split", clusterOf[$0] ?? $0)) < 0.5 })
        let heldCases = allCases.subtracting(fitCases)
        guard fitCases.count >= 10, heldCases.count >= 10 else {
            notes.append("held-out validation skipped: \(fitCases.count) fit and \(heldCases.count) held-out cases (at least 10 each needed)")
            return nil
        }
        func restrict(_ keep: Set<String>) -> [String: [String: CaseOutcome]] {
            outcomes.mapValues { $0.filter { keep.contains($0.key) } }
        }
        let fit = route(
            category: category, suites: suites, models: models, outcomes: restrict(fitCases), p95LatencyMs: p95LatencyMs,
            options: options, seed: seed, validate: false)
        guard let bestFit = fit.best else { return nil }
        let held = restrict(heldCases)
        let heldOrdered = heldCases.sorted()
        func quality(_ model: String) -> Double {
            let list = heldOrdered.compactMap { held[model]?[$0] }
            return list.isEmpty ? 0 : list.map(\.pass).reduce(0, +) / Double(list.count)
        }
        func cost(_ model: String) -> Double {
            let list = heldOrdered.compactMap { held[model]?[$0]?.cost }
            return list.isEmpty ? 0 : list.reduce(0, +) / Double(list.count)
        }
        let shares = fit.candidates.filter { $0.share > 0 }.map { ($0.model, $0.share) }
        let policyQuality = shares.map { quality($0.0) * $0.1 }.reduce(0, +)
        let policyCost = shares.map { cost($0.0) * $0.1 }.reduce(0, +)
        let baseline = options.baselineModel.flatMap { m in outcomes[m] != nil ? m : nil } ?? bestFit
        if let named = options.baselineModel, outcomes[named] == nil {
            notes.append("baseline model \(named) has no results in this category; using \(bestFit)")
        }
        // Paired on held-out cases: the policy's expected pass per case against the baseline's.
        let paired = heldOrdered.compactMap { id -> (Double, Double)? in
            guard let b = held[baseline]?[id] else { return nil }
            var expected = 0.0
            var covered = 0.0
            for (m, s) in shares { if let o = held[m]?[id] { expected += s * o.pass; covered += s } }
            return covered > 0 ? (expected / covered, b.pass) : nil
        }
        let p = PairedPermutationTest.pValue(paired.map(\.0), paired.map(\.1), resamples: PairedComparer.permutationResamples, seed: StableHash.of(String(seed), category, "held-out"))
        let baselineQuality = quality(baseline)
        let baselineCost = cost(baseline)
        let qualityHeld = policyQuality >= baselineQuality || p >= options.alpha
        let failed = !qualityHeld
        var savings: Double?
        let verdict: String
        if !qualityHeld {
            verdict = "No savings claimed: on the held-out half the policy's pass rate is significantly below \(baseline)'s"
        } else if baselineCost > 0, policyCost < baselineCost {
            savings = 1 - policyCost / baselineCost
            verdict = "Held-out pass rate not significantly below \(baseline)'s, at lower cost"
        } else {
            verdict = "No savings: the policy costs no less than \(baseline) on the held-out half"
        }
        return HeldOutReport(
            fitCases: fitCases.count, heldOutCases: heldCases.count, policyQuality: policyQuality, policyCostPerTask: policyCost,
            bestSingleModel: bestFit, bestSingleQuality: quality(bestFit), bestSingleCostPerTask: cost(bestFit),
            baselineModel: baseline, baselineQuality: baselineQuality, baselineCostPerTask: baselineCost,
            pValueVersusBaseline: p, projectedSavings: savings, failed: failed, verdict: verdict)
    }
}

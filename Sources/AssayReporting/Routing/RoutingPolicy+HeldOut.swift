import AssayStatistics

extension RoutingPolicy {
    /// The error rate of the held-out bound (one-sided 95%).
    static let heldOutAlpha = 0.05

    /// Fits the policy on one half of the cases (split by cluster, seeded) and measures it on the other.
    ///
    /// Savings are claimed only when the lower 95% bound of the held-out quality difference (policy −
    /// baseline) is above −δ (value mode: when the lower bound of the policy's net value gain is above 0);
    /// "equal quality" is never claimed. When the held-out half shows the policy worse than that, the
    /// check fails and the traffic goes back to the best model.
    static func validateOnHeldOut(
        category: String, suites: [String], models: [String], outcomes: CaseOutcomeGrid,
        p95LatencyMs: [String: Double], goodput: [String: Double], options: RoutingOptions, seed: UInt64, notes: inout [String]
    ) -> HeldOutReport? {
        // Each case (a position in the grid) goes to one half by its cluster's seeded hash.
        let columns = outcomes.models
        var fitPositions: [Int] = []
        var heldPositions: [Int] = []
        for position in 0..<outcomes.caseCount where columns.contains(where: { outcomes.has($0, at: position) }) {
            let unit = outcomes.cluster(at: position) ?? outcomes.caseIDs[position]
            if StableHash.unit(StableHash.of(String(seed), category, "split", unit)) < 0.5 {
                fitPositions.append(position)
            } else {
                heldPositions.append(position)
            }
        }
        guard fitPositions.count >= 10, heldPositions.count >= 10 else {
            notes.append("held-out validation skipped: \(fitPositions.count) fit and \(heldPositions.count) held-out cases (at least 10 each needed)")
            return nil
        }
        let fit = route(
            category: category, suites: suites, models: models, outcomes: outcomes.restricted(to: fitPositions),
            p95LatencyMs: p95LatencyMs, goodput: goodput, options: options, seed: seed, validate: false)
        guard let fitReference = fit.reference else { return nil }
        let held = outcomes.restricted(to: heldPositions)
        func quality(_ model: String) -> Double {
            let list = held.outcomes(of: model)
            return list.isEmpty ? 0 : list.map(\.pass).reduce(0, +) / Double(list.count)
        }
        func cost(_ model: String) -> Double {
            let list = held.outcomes(of: model).compactMap(\.cost)
            return list.isEmpty ? 0 : list.reduce(0, +) / Double(list.count)
        }
        let baseline = options.baselineModel.flatMap { m in outcomes.count(of: m) > 0 ? m : nil } ?? fitReference
        if let named = options.baselineModel, outcomes.count(of: named) == 0 {
            notes.append("baseline model \(named) has no results in this category; using \(fitReference)")
        }
        // Per held-out case: the policy's expected pass and cost (its shares over the models that ran the
        // case) against the baseline's.
        let shares = fit.candidates.filter { $0.share > 0 }.map { ($0.model, $0.share) }
        var pairs: [PairedLoss.Pair] = []
        var costs: [(reference: Double, candidate: Double)] = []
        for position in 0..<held.caseCount {
            guard let b = held.outcome(baseline, at: position) else { continue }
            var pass = 0.0
            var spend = 0.0
            var covered = 0.0
            for (m, s) in shares {
                guard let o = held.outcome(m, at: position) else { continue }
                pass += s * o.pass
                spend += s * (o.cost ?? 0)
                covered += s
            }
            guard covered > 0 else { continue }
            pairs.append(PairedLoss.Pair(reference: b.pass, candidate: pass / covered, cluster: b.cluster))
            costs.append((b.cost ?? 0, spend / covered))
        }
        guard let loss = PairedLoss.fixed(
            reference: baseline, candidate: "policy", pairs: pairs, alpha: heldOutAlpha, seed: StableHash.of(String(seed), category, "held-out"))
        else { return nil }
        let policyQuality = pairs.map(\.candidate).reduce(0, +) / Double(pairs.count)
        let policyCost = costs.map(\.candidate).reduce(0, +) / Double(costs.count)
        let baselineQuality = quality(baseline)
        let baselineCost = cost(baseline)
        let cheaper = baselineCost > 0 && policyCost < baselineCost
        var gain: ValueGain?
        var shown: Bool
        let failed: Bool
        var verdict: String
        switch options.mode {
        case .nonInferiority(let margin):
            shown = loss.upper < margin
            failed = loss.lower > margin
            let bound = "95% bound: the policy loses at most \(points(loss.upper))"
            if failed {
                verdict = "The held-out half shows the policy more than \(points(margin)) below \(baseline)'s quality (it loses at least \(points(loss.lower)))"
            } else if !shown {
                verdict = "No savings claimed: the held-out half cannot show the policy within \(points(margin)) of \(baseline)'s quality (it may lose up to \(points(loss.upper)))"
            } else if cheaper {
                verdict = "Within \(points(margin)) of \(baseline)'s quality (\(bound)) at \(percent(1 - policyCost / baselineCost)) lower cost"
            } else {
                verdict = "Within \(points(margin)) of \(baseline)'s quality (\(bound)); no savings: the policy costs no less"
            }
        case .value(let perSuccess):
            gain = ValueGain.estimate(
                reference: baseline, candidate: "policy", pairs: pairs, costs: costs, perSuccess: perSuccess, alpha: heldOutAlpha,
                sequential: false, seed: StableHash.of(String(seed), category, "held-out", "value"))
            shown = (gain?.lower ?? -1) > 0
            failed = (gain?.upper ?? 0) < 0
            let lower = gain.map { usd($0.lower) } ?? "–"
            if failed {
                verdict = "The held-out half shows the policy losing net value against \(baseline) (at most \(gain.map { usd($0.upper) } ?? "–") per task)"
            } else if !shown {
                verdict = "No savings claimed: the held-out half cannot show a net value gain over \(baseline) (95% lower bound \(lower) per task)"
            } else {
                verdict = "A net value gain over \(baseline) of at least \(lower) per task (95% bound)" + (cheaper ? " at \(percent(1 - policyCost / baselineCost)) lower cost" : "")
            }
        }
        // A policy that moved nothing from the reference saves nothing worth claiming (its floors aside).
        if !fit.candidates.contains(where: { $0.decision == .admitted && !$0.heldBack }), !failed {
            shown = false
            verdict = "No savings claimed: on the fit half no model was shown good enough to take traffic from \(fitReference)"
        }
        var report = HeldOutReport(
            fitCases: fitPositions.count, heldOutCases: heldPositions.count, policyQuality: policyQuality, policyCostPerTask: policyCost,
            fitReference: fitReference, fitReferenceQuality: quality(fitReference), fitReferenceCostPerTask: cost(fitReference),
            baselineModel: baseline, baselineQuality: baselineQuality, baselineCostPerTask: baselineCost, loss: loss, gain: gain,
            projectedSavings: shown && cheaper ? 1 - policyCost / baselineCost : nil, failed: failed, verdict: verdict)
        report.claimed = shown
        return report
    }

    static func points(_ fraction: Double) -> String { ReportFormat.points(fraction) }
    static func percent(_ fraction: Double) -> String { ReportFormat.percent(fraction) }
    static func usd(_ value: Double) -> String { ReportFormat.usd(value) }
}

import AssayCore
import AssayStatistics

/// routing.json: per category the primary model, ordered fallbacks and traffic shares, stamped with the
/// run, the suite versions, the judge and the intervals and tests that justify each choice.
/// The schema is documented in the README ("routing.json").
public struct RoutingJSONWriter: SummaryReportWriter {
    public let fileName = "routing.json"
    public static let schema = "assay.routing/2"

    public init() {}

    public func render(_ summary: RunSummary) -> String {
        var root: [String: JSONValue] = [
            "schema": .string(RoutingJSONWriter.schema),
            "run_id": .string(summary.run.id),
            "generated_at": .string(summary.run.finishedAt ?? summary.run.startedAt),
            "simulated": .bool(summary.run.simulated),
            // An incomplete run's routing is not one to regenerate a router from.
            "run_status": .string(summary.run.status.rawValue),
            "suites": .array(summary.suites.map { ["name": .string($0.name), "version": .string($0.version), "category": .string($0.category)] }),
            "judge": [
                "model": summary.run.configuration["judge"] ?? .null,
                "prompt": summary.run.configuration["judge_prompt"] ?? .null,
                // Judges below the kappa floor are left out of the routing decision (see `trusted`).
                "calibration": summary.calibrations.isEmpty ? .null : .array(summary.calibrations.map(ResultsJSONWriter.calibration)),
            ],
            "policy": RoutingJSONWriter.policy(summary),
            "categories": .object(Dictionary(uniqueKeysWithValues: summary.routes.map { ($0.category, RoutingJSONWriter.route($0)) })),
        ]
        if let notice = summary.notice { root["notice"] = .string(notice) }
        return JSONValue.object(root).prettyJSON
    }

    static func policy(_ summary: RunSummary) -> JSONValue {
        let options = summary.routingOptions
        let w = options.normalisedWeights
        var policy: [String: JSONValue] = [
            "mode": .string(options.mode.name),
            "max_quality_loss": .null,
            "value_per_success_usd": .null,
            "alpha": .number(options.alpha),
            "adaptive": summary.adaptive.map(ResultsJSONWriter.adaptive) ?? .null,
            "rule": .string(RoutingJSONWriter.rule(options.mode)),
            "weights": ["quality": .number(w.quality), "cost": .number(w.cost), "latency": .number(w.latency)],
            "max_p95_latency_ms": .number(options.maxP95LatencyMs),
            "slo": options.slo.map(ResultsJSONWriter.slo) ?? .null,
            "min_goodput": .number(options.minGoodput),
            "floor_share": .number(options.floorShare),
            "temperature": .number(options.temperature),
            "quality": "pass rate over the category's cases (failed calls count as not passed)",
        ]
        switch options.mode {
        case .nonInferiority(let margin): policy["max_quality_loss"] = .number(margin)
        case .value(let perSuccess): policy["value_per_success_usd"] = .number(perSuccess)
        }
        return .object(policy)
    }

    static func rule(_ mode: RoutingMode) -> String {
        switch mode {
        case .nonInferiority:
            return "a frontier model takes traffic only when the one-sided upper bound of its paired quality loss against every routable model is below max_quality_loss; alpha is divided among the candidates tested"
        case .value:
            return "a frontier model takes traffic only when the lower bound of its net value gain (value_per_success_usd x pass rate - cost per task) over every better model is above 0; alpha is divided among the candidates tested"
        }
    }

    static func loss(_ l: PairedLoss?) -> JSONValue {
        guard let l else { return .null }
        return [
            "reference": .string(l.reference), "cases": .int(l.cases), "estimate": .number(round6(l.estimate)),
            "lower": .number(round6(l.lower)), "upper": .number(round6(l.upper)), "alpha": .number(round6(l.alpha)),
            "method": .string(l.method.rawValue), "only_reference": .number(round6(l.onlyReference)),
            "only_candidate": .number(round6(l.onlyCandidate)),
        ]
    }

    static func gain(_ g: ValueGain?) -> JSONValue {
        guard let g else { return .null }
        return [
            "reference": .string(g.reference), "estimate_usd": .number(g.estimate), "lower_usd": .number(g.lower),
            "upper_usd": .number(g.upper), "cost_saving_usd": .number(g.costSaving),
        ]
    }

    static func route(_ r: CategoryRoute) -> JSONValue {
        var out: [String: JSONValue] = [
            "suites": .array(r.suites.map(JSONValue.string)),
            "primary": .string(r.primary),
            "reference": .string(r.reference),
            "fallbacks": .array(r.fallbacks.map(JSONValue.string)),
            "shares": .object(Dictionary(uniqueKeysWithValues: r.candidates.filter { $0.share > 0 }.map { ($0.model, JSONValue.number(round6($0.share))) })),
            "candidates_tested": .int(r.candidatesTested),
            "comparison_alpha": .number(round6(r.comparisonAlpha)),
            "bounds": .string(r.sequential ? PairedLoss.Method.confidenceSequence.description : "Tango's score bound (paired cluster bootstrap for repeated or clustered cases)"),
            "candidates": .array(r.candidates.map { c in
                [
                    "model": .string(c.model), "decision": .string(c.decision.name(in: r.mode)), "verdict": .string(c.verdict(in: r)),
                    "pass_rate": .number(c.quality),
                    "pass_rate_ci95": c.qualityLow.map { [.number($0), .number(c.qualityHigh)] } ?? .null,
                    "cases": .int(c.cases), "cost_per_task_usd": .number(c.costPerTask), "p95_latency_ms": .number(c.p95LatencyMs),
                    "pareto_cost": .bool(c.paretoCost), "pareto_latency": .bool(c.paretoLatency),
                    "within_latency_limit": .bool(c.withinLatencyLimit), "goodput": .number(c.goodput),
                    "meets_goodput": .bool(c.meetsGoodput), "quality_loss": loss(c.loss), "value_gain": gain(c.gain),
                    "more_cases_needed": c.moreCasesNeeded.map { ["count": .int($0.count), "at_least": .bool($0.atLeast)] } ?? .null,
                    "held_back": .bool(c.heldBack), "dominated_by": .string(c.dominatedBy),
                    "utility": .number(c.utility), "share": .number(round6(c.share)),
                ]
            }),
            "notes": .array(r.notes.map(JSONValue.string)),
        ]
        if let h = r.heldOut {
            out["held_out"] = [
                "fit_cases": .int(h.fitCases), "held_out_cases": .int(h.heldOutCases),
                "policy": ["pass_rate": .number(h.policyQuality), "cost_per_task_usd": .number(h.policyCostPerTask)],
                "fit_reference": ["model": .string(h.fitReference), "pass_rate": .number(h.fitReferenceQuality), "cost_per_task_usd": .number(h.fitReferenceCostPerTask)],
                "baseline": ["model": .string(h.baselineModel), "pass_rate": .number(h.baselineQuality), "cost_per_task_usd": .number(h.baselineCostPerTask)],
                "quality_difference": [
                    "estimate": .number(round6(-h.loss.estimate)), "lower_bound_95": .number(round6(h.differenceLowerBound)),
                    "method": .string(h.loss.method.rawValue),
                ],
                "value_gain": gain(h.gain),
                "projected_savings": .number(h.projectedSavings),
                "result": .string(h.failed ? "worse" : (h.projectedSavings != nil || h.claimed ? "within-margin" : "not-shown")),
                "verdict": .string(h.verdict),
            ]
        }
        return .object(out)
    }

    static func round6(_ x: Double) -> Double { (x * 1_000_000).rounded() / 1_000_000 }
}

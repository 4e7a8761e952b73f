/// routing.json: per category the primary model, ordered fallbacks and traffic shares, stamped with the
/// run, the suite versions, the judge and the intervals and tests that justify each choice.
/// The schema is documented in the README ("routing.json").
public struct RoutingJSONWriter: SummaryReportWriter {
    public let fileName = "routing.json"
    public static let schema = "assay.routing/1"

    public init() {}

    public func render(_ summary: RunSummary) -> String {
        let options = summary.routingOptions
        let w = options.normalisedWeights
        var root: [String: JSONValue] = [
            "schema": .string(RoutingJSONWriter.schema),
            "run_id": .string(summary.run.id),
            "generated_at": .string(summary.run.finishedAt ?? summary.run.startedAt),
            "simulated": .bool(summary.run.simulated),
            "suites": .array(summary.suites.map { ["name": .string($0.name), "version": .string($0.version), "category": .string($0.category)] }),
            "judge": [
                "model": summary.run.configuration["judge"] ?? .null,
                "prompt": summary.run.configuration["judge_prompt"] ?? .null,
                // Judges below the kappa floor are left out of the routing decision (see `trusted`).
                "calibration": summary.calibrations.isEmpty ? .null : .array(summary.calibrations.map(ResultsJSONWriter.calibration)),
            ],
            "policy": [
                "weights": ["quality": .number(w.quality), "cost": .number(w.cost), "latency": .number(w.latency)],
                "max_p95_latency_ms": .number(options.maxP95LatencyMs),
                "alpha": .number(options.alpha),
                "floor_share": .number(options.floorShare),
                "temperature": .number(options.temperature),
                "quality": "pass rate over the category's cases (failed calls count as not passed)",
                "significance": "paired McNemar exact test against the best model (permutation test on pass shares when repeated), Holm-adjusted",
            ],
            "categories": .object(Dictionary(uniqueKeysWithValues: summary.routes.map { ($0.category, RoutingJSONWriter.route($0)) })),
        ]
        if let notice = summary.notice { root["notice"] = .string(notice) }
        return JSONValue.object(root).prettyJSON
    }

    static func route(_ r: CategoryRoute) -> JSONValue {
        var out: [String: JSONValue] = [
            "suites": .array(r.suites.map(JSONValue.string)),
            "primary": .string(r.primary),
            "best_quality": .string(r.best),
            "fallbacks": .array(r.fallbacks.map(JSONValue.string)),
            "shares": .object(Dictionary(uniqueKeysWithValues: r.candidates.filter { $0.share > 0 }.map { ($0.model, JSONValue.number(round6($0.share))) })),
            "candidates": .array(r.candidates.map { c in
                [
                    "model": .string(c.model), "pass_rate": .number(c.quality),
                    "pass_rate_ci95": c.qualityLow.map { [.number($0), .number(c.qualityHigh)] } ?? .null,
                    "cases": .int(c.cases), "cost_per_task_usd": .number(c.costPerTask), "p95_latency_ms": .number(c.p95LatencyMs),
                    "pareto_cost": .bool(c.paretoCost), "pareto_latency": .bool(c.paretoLatency),
                    "within_latency_limit": .bool(c.withinLatencyLimit), "tied_with_best": .bool(c.tiedWithBest),
                    "p_value_vs_best": .number(c.pValueVersusBest), "utility": .number(c.utility), "share": .number(round6(c.share)),
                ]
            }),
            "notes": .array(r.notes.map(JSONValue.string)),
        ]
        if let h = r.heldOut {
            out["held_out"] = [
                "fit_cases": .int(h.fitCases), "held_out_cases": .int(h.heldOutCases),
                "policy": ["pass_rate": .number(h.policyQuality), "cost_per_task_usd": .number(h.policyCostPerTask)],
                "best_single_model": ["model": .string(h.bestSingleModel), "pass_rate": .number(h.bestSingleQuality), "cost_per_task_usd": .number(h.bestSingleCostPerTask)],
                "baseline": ["model": .string(h.baselineModel), "pass_rate": .number(h.baselineQuality), "cost_per_task_usd": .number(h.baselineCostPerTask)],
                "p_value_vs_baseline": .number(h.pValueVersusBaseline),
                "projected_savings_at_equal_quality": .number(h.projectedSavings),
                "passed": .bool(!h.failed),
                "verdict": .string(h.verdict),
            ]
        }
        return .object(out)
    }

    static func round6(_ x: Double) -> Double { (x * 1_000_000).rounded() / 1_000_000 }
}

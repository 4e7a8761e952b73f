public import AssayCore

/// history.json: every series' points, the drift checks with their p-values, and the settings they used.
public enum HistoryJSONWriter {
    public static let fileName = "history.json"

    public static func json(_ history: RunHistory) -> JSONValue {
        let o = history.options
        return [
            "schema_version": 1,
            "settings": [
                "recent_runs": .int(o.recentRuns), "reference_runs": .int(o.referenceRuns), "alpha": .number(o.alpha),
                "min_quality_drop": .number(o.minQualityDrop), "min_error_rise": .number(o.minErrorRise),
                "min_latency_rise": .number(o.minLatencyRise), "min_latency_rise_ms": .number(o.minLatencyRiseMs),
                "min_cost_rise": .number(o.minCostRise),
                "correction": "Holm over every check",
                "tests": [
                    "quality": "pass rate of answered calls, paired on the cases both windows ran: one-sided sign-flip test (exact up to 16 differing cases, else its normal approximation)",
                    "errors": "share of calls that failed: one-sided Fisher exact test",
                    "ttft": "per-call time to first token: one-sided Mann–Whitney U test; change of the median",
                    "latency": "per-call end-to-end latency: one-sided Mann–Whitney U test; change of the median",
                    "cost": "cost per answered call per case, paired on the cases both windows priced: one-sided sign-flip test",
                ],
            ],
            "runs": .array(history.runs.map { r in
                ["id": .string(r.id), "started_at": .string(r.startedAt), "status": .string(r.status), "simulated": .bool(r.simulated)]
            }),
            "series": .array(history.series.map(series)),
            "drift": .array(history.flags.map(check)),
            "checks": .array(history.checks.map(check)),
            "notes": .array(history.notes.map(JSONValue.string)),
        ]
    }

    static func series(_ s: HistorySeries) -> JSONValue {
        [
            "suite": .string(s.suite), "model": .string(s.model),
            "points": .array(s.points.map { p in
                [
                    "run": .string(p.runID), "started_at": .string(p.startedAt), "segment": .int(p.segment),
                    "segment_reason": .string(p.segmentReason), "suite_version": .string(p.suiteVersion),
                    "price_per_million": p.priceInput.map { ["input": .number($0), "output": .number(p.priceOutput)] } ?? .null,
                    "samples": .int(p.samples), "pass_rate": .number(p.passRate),
                    "pass_rate_ci95": p.passRateLow.map { [.number($0), .number(p.passRateHigh)] } ?? .null,
                    "answered_pass_rate": .number(p.answeredPassRate),
                    "ttft_ms": ["p50": .number(p.ttftP50Ms), "p95": .number(p.ttftP95Ms)],
                    "latency_ms": ["p50": .number(p.latencyP50Ms), "p95": .number(p.latencyP95Ms)],
                    "tpot_ms_p50": .number(p.tpotP50Ms), "output_tokens_per_second": .number(p.outputTokensPerSecond),
                    "cost_per_task_usd": .number(p.costPerTask), "error_rate": .number(p.errorRate),
                    "errors": .object(p.errorsByKind.mapValues { .int($0) }),
                ]
            }),
        ]
    }

    static func check(_ c: DriftCheck) -> JSONValue {
        [
            "suite": .string(c.suite), "model": .string(c.model), "metric": .string(c.metric.rawValue), "flagged": .bool(c.flagged),
            "what": .string(c.metric.worse), "reference": .number(c.reference), "recent": .number(c.recent), "change": .number(c.change),
            "min_change": .number(c.minimum), "p": .number(c.p), "p_holm": .number(c.pAdjusted), "compared": .string(c.units),
        ]
    }
}

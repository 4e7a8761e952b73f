public import AssayCore
import Foundation

/// results.json: the run, per suite × model aggregates, and every sample with its grades.
public struct ResultsJSONWriter: ReportWriter {
    public let fileName = "results.json"
    public static let schemaVersion = 1

    public init() {}

    /// Stands in for the samples while the rest of the document is laid out; they are then streamed
    /// into its place, so that the file never sits in memory whole.
    static let samplesPlaceholder = "@@assay:samples@@"

    public func write(_ summary: RunSummary, samples: SampleSource, to sink: ReportSink) async throws {
        var root: [String: JSONValue] = [
            "schema_version": .number(Double(ResultsJSONWriter.schemaVersion)),
            "run": ResultsJSONWriter.run(summary.run),
            "simulated": .bool(summary.run.simulated),
            "gates": .array(summary.gates.map { .object(["name": .string($0.name), "passed": .bool($0.passed), "detail": .string($0.detail)]) }),
            "passed_gates": .bool(summary.passedGates),
            "skipped_models": .object(summary.skippedModels.mapValues(JSONValue.string)),
            "percentile_method": "linear interpolation between closest ranks (numpy default)",
            "pass_rate_interval": "Wilson score interval, 95%; provider failures count as not passed",
            "slo": summary.routingOptions.slo.map(ResultsJSONWriter.slo) ?? .null,
            "suites": .array(summary.suites.map(ResultsJSONWriter.suite)),
            "routing": .object(Dictionary(uniqueKeysWithValues: summary.routes.map { ($0.category, RoutingJSONWriter.route($0)) })),
            "baseline": summary.baseline.map(ResultsJSONWriter.baseline) ?? .null,
            "judge_calibration": .array(summary.calibrations.map(ResultsJSONWriter.calibration)),
            "adaptive": summary.adaptive.map(ResultsJSONWriter.adaptive) ?? .null,
            "drift": summary.history.map { history in
                [
                    "runs": .array(history.runs.map { .string($0.id) }), "checks": .int(history.checks.count),
                    "flags": .array(history.flags.map(HistoryJSONWriter.check)), "file": "history.json",
                ]
            } ?? .null,
            "samples": .string(ResultsJSONWriter.samplesPlaceholder),
        ]
        if let notice = summary.notice { root["notice"] = .string(notice) }
        if let incomplete = summary.incompleteNotice { root["incomplete"] = .string(incomplete) }
        let document = JSONValue.object(root).prettyJSON
        let marker = "\"\(ResultsJSONWriter.samplesPlaceholder)\""
        guard let range = document.range(of: marker) else { preconditionFailure("the samples placeholder is missing") }
        sink.write(String(document[..<range.lowerBound]))
        // In key order (suite, case, model, repeat), not completion order, so the same run always writes the same file.
        var count = 0
        try await samples.forEach(nil, nil) { sample in
            var item = count == 0 ? "[\n    " : ",\n    "
            ResultsJSONWriter.sample(sample).writePretty(to: &item, indent: 2)
            sink.write(item)
            count += 1
        }
        sink.write(count == 0 ? "[]" : "\n  ]")
        sink.write(String(document[range.upperBound...]))
    }

    /// What an adaptive run called and saved.
    public static func adaptive(_ a: AdaptiveReport) -> JSONValue {
        [
            "round_size": .int(a.roundSize), "rounds": .int(a.rounds), "calls": .int(a.calls), "full_grid_calls": .int(a.fullGrid),
            "saved_calls": .int(a.savedCalls), "saved_cost_usd_estimate": .number(a.savedCost),
            "full_categories": .array(a.fullCategories.map(JSONValue.string)),
            "stopped": .array(a.stops.map { s in
                ["category": .string(s.category), "model": .string(s.model), "after_round": .int(s.afterRound),
                 "cases_run": .int(s.casesRun), "cases_in_category": .int(s.casesInCategory)]
            }),
        ]
    }

    /// One judge configuration measured against its human labels.
    public static func calibration(_ c: JudgeCalibration) -> JSONValue {
        [
            "suite": .string(c.suite), "metric": .string(c.metric), "judge": .string(c.judge), "items": .int(c.items),
            "errors": .int(c.errors), "agreement": .number(c.agreement), "kappa": .number(c.kappa),
            "weighted_kappa": .number(c.weightedKappa), "weighting": "quadratic, 5 levels (judge score × 4, rounded)",
            "kappa_floor": .number(c.kappaFloor), "trusted": .bool(c.trusted),
        ]
    }

    static func baseline(_ b: RunComparison) -> JSONValue {
        [
            "base_run": .string(b.baseRunID), "min_effect": .number(b.minEffect), "alpha": .number(b.alpha),
            "passed": .bool(b.passed),
            "cells": .array(b.cells.map { c in
                [
                    "suite": .string(c.suite), "model": .string(c.model), "cases": .int(c.cases),
                    "base_pass_rate": .number(c.basePassRate), "pass_rate": .number(c.candidatePassRate), "change": .number(c.change),
                    "score_change": .number(c.scoreChange), "test": .string(c.test), "p": .number(c.pValue),
                    "p_holm": .number(c.pAdjusted), "regression": .bool(c.regression), "improvement": .bool(c.improvement),
                ]
            }),
        ]
    }

    /// A serving objective in the keys `--slo` reads; unset bounds are null.
    public static func slo(_ slo: ServiceLevelObjective) -> JSONValue {
        ["ttft_ms": .number(slo.ttftMs), "tpot_ms": .number(slo.tpotMs), "e2e_ms": .number(slo.e2eMs)]
    }

    static func run(_ run: RunRecord) -> JSONValue {
        [
            "id": .string(run.id), "started_at": .string(run.startedAt), "finished_at": .string(run.finishedAt),
            "status": .string(run.status.rawValue), "seed": .number(Double(run.seed)), "configuration": run.configuration,
            "note": .string(run.note),
        ]
    }

    static func suite(_ suite: SuiteSummary) -> JSONValue {
        [
            "name": .string(suite.name), "version": .string(suite.version), "category": .string(suite.category),
            "description": .string(suite.description), "cases": .int(suite.cases), "repeats": .int(suite.repeats),
            "models": .array(suite.models.map(model)),
            "comparisons": .array(suite.comparisons.map { c in
                [
                    "a": .string(c.modelA), "b": .string(c.modelB), "cases": .int(c.cases),
                    "pass_rate_difference": .number(c.passRateDifference), "score_difference": .number(c.scoreDifference),
                    "only_a_passed": .int(c.onlyA), "only_b_passed": .int(c.onlyB), "pass_test": .string(c.passTest),
                    "pass_p": .number(c.passP), "pass_p_holm": .number(c.passPAdjusted),
                    "score_test": "paired permutation (sign-flip)", "score_p": .number(c.scoreP), "score_p_holm": .number(c.scorePAdjusted),
                ]
            }),
            "pairwise": suite.pairwise.map { p in
                [
                    "method": "select-best judged in both orders; a win counts only when both agree; Bradley–Terry (Elo-like scale, ties half a win) with 500 bootstrap resamples",
                    "comparisons": .int(p.comparisons), "position_consistency": .number(p.positionConsistency),
                    "inconsistent": .int(p.inconsistent), "unjudged": .int(p.unjudged),
                    "ratings": .array(p.ratings.map { r in
                        ["model": .string(r.model), "rating": .number(r.rating), "ci95": [.number(r.low), .number(r.high)],
                         "wins": .int(r.wins), "losses": .int(r.losses), "ties": .int(r.ties)]
                    }),
                ]
            } ?? .null,
            "flaky": .array(suite.flaky.map { f in
                ["case": .string(f.caseID), "model": .string(f.model), "repeats": .int(f.repeats), "passes": .int(f.passes), "flip_rate": .number(f.flipRate)]
            }),
        ]
    }

    static func model(_ m: ModelSummary) -> JSONValue {
        guard let accuracy = m.toolCallAccuracy, case .object(var fields) = modelFields(m) else { return modelFields(m) }
        fields["tool_calls"] = [
            "accuracy": .number(accuracy), "ci95": [.number(m.toolCallLow), .number(m.toolCallHigh)], "samples": .int(m.toolCallSamples),
        ]
        return .object(fields)
    }

    static func modelFields(_ m: ModelSummary) -> JSONValue {
        [
            "model": .string(m.model), "rank": .int(m.rank), "rank_range": [.int(m.rank), .int(max(m.rank, m.rankHigh))], "samples": .int(m.samples), "graded": .int(m.graded),
            "errors": .object(m.errorsByKind.mapValues { .int($0) }), "passed": .int(m.passed), "judged": .int(m.judged),
            "pass_rate": .number(m.passRate),
            "pass_rate_ci95": m.passRateLow.map { low in [.number(low), .number(m.passRateHigh)] } ?? .null,
            "mean_score": .number(m.meanScore),
            "mean_score_ci95": m.meanScoreLow.map { low in [.number(low), .number(m.meanScoreHigh)] } ?? .null,
            "metrics": .object(m.metrics.mapValues { .number($0) }),
            "ttft_ms": ["p50": .number(m.ttftP50Ms), "p90": .number(m.ttftP90Ms), "p95": .number(m.ttftP95Ms), "p99": .number(m.ttftP99Ms)],
            "tpot_ms": ["p50": .number(m.tpotP50Ms), "p90": .number(m.tpotP90Ms), "p95": .number(m.tpotP95Ms), "p99": .number(m.tpotP99Ms)],
            "itl_ms": ["p50": .number(m.itlP50Ms), "p90": .number(m.itlP90Ms), "p95": .number(m.itlP95Ms), "p99": .number(m.itlP99Ms)],
            "itl_gaps": ["count": .int(m.itlGaps), "sampled": .bool(m.itlGaps > OutcomeTable.chunkGapLimit)],
            "goodput": m.goodput.map { share in
                ["share": .number(share), "ci95": [.number(m.goodputLow), .number(m.goodputHigh)], "calls": .int(m.goodputCalls)]
            } ?? .null,
            "latency_ms": [
                "p50": .number(m.latencyP50Ms), "p90": .number(m.latencyP90Ms), "p95": .number(m.latencyP95Ms), "p99": .number(m.latencyP99Ms),
            ],
            "error_rate": .number(m.errorRate),
            "output_tokens_per_second": .number(m.outputTokensPerSecond),
            "tokens": ["input": .int(m.inputTokens), "output": .int(m.outputTokens)],
            "cost_usd": [
                "total": .number(m.totalCost), "per_task": .number(m.costPerTask), "per_1000_tasks": .number(m.costPer1000Tasks),
                "judge": .number(m.judgeCost),
            ],
            "grader_errors": .int(m.graderErrors), "retries": .int(m.retries),
            "pass_at_k": m.passAtK.isEmpty ? .null : .object(Dictionary(uniqueKeysWithValues: m.passAtK.map { (String($0.key), JSONValue.number($0.value)) })),
            "pass_hat_k": m.passHatK.isEmpty ? .null : .object(Dictionary(uniqueKeysWithValues: m.passHatK.map { (String($0.key), JSONValue.number($0.value)) })),
        ]
    }

    /// One sample as results.json and samples.jsonl write it.
    public static func sample(_ s: Sample) -> JSONValue {
        var out: [String: JSONValue] = [
            "suite": .string(s.suite), "case": .string(s.caseID), "model": .string(s.model), "repeat": .int(s.repeatIndex),
            "status": .string(s.status.rawValue), "output": .string(s.output), "finish_reason": .string(s.finishReason),
            "cost_usd": .number(s.cost), "judge_cost_usd": .number(s.judgeCost), "attempts": .int(s.attempts),
            "score": .number(s.score), "passed": s.passed.map(JSONValue.bool) ?? .null,
            "grades": .array(s.grades.map(grade)),
        ]
        if let kind = s.errorKind { out["error"] = ["kind": .string(kind.rawValue), "message": .string(s.errorMessage)] }
        if s.cached { out["cached"] = true }
        if !s.toolCalls.isEmpty { out["tool_calls"] = ToolCall.json(s.toolCalls) }
        if !s.turns.isEmpty { out["turns"] = SampleTurn.json(s.turns) }
        if let u = s.usage {
            var usage: [String: JSONValue] = [
                "input_tokens": .int(u.inputTokens), "output_tokens": .int(u.outputTokens),
                "cached_input_tokens": .int(u.cachedInputTokens), "reasoning_tokens": .int(u.reasoningTokens),
                "cache_write_tokens": .int(u.cacheWriteTokens),
            ]
            if let billed = u.billedInputTokens { usage["billed_input_tokens"] = .int(billed) }
            if let billed = u.billedOutputTokens { usage["billed_output_tokens"] = .int(billed) }
            out["usage"] = .object(usage)
        }
        if let t = s.timings {
            var timings: [String: JSONValue] = [
                "headers": .number(t.headersMs), "first_event": .number(t.firstEventMs), "ttft": .number(t.ttftMs),
                "total": .number(t.totalMs), "queued": .number(t.queuedMs), "retrying": .number(t.retryMs),
            ]
            if let u = s.usage {
                timings["time_per_output_token"] = .number(t.timePerOutputTokenMs(outputTokens: u.outputTokens))
            }
            if let generation = t.generationMs { timings["generation"] = .number(generation) }
            out["timings_ms"] = .object(timings)
        }
        return .object(out)
    }

    static func grade(_ g: GradeResult) -> JSONValue {
        var out: [String: JSONValue] = [
            "type": .string(g.type), "metric": .string(g.metric), "score": .number(g.score), "pass": .bool(g.pass),
            "reason": .string(g.reason), "weight": .number(g.weight),
        ]
        if let e = g.error { out["error"] = .string(e) }
        if let c = g.judgeCost { out["judge_cost_usd"] = .number(c) }
        if let j = g.judge { out["judge"] = .string(j) }
        return .object(out)
    }
}

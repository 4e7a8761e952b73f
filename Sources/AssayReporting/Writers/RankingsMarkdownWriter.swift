import AssayCore
import AssayStatistics
import Foundation

/// rankings.md: per suite the leaderboard with intervals and ranks with ties, the pairwise tests, flaky
/// cases; per category the Pareto frontiers and the routing decision with its held-out check; and the
/// comparison with the baseline.
public struct RankingsMarkdownWriter: SummaryReportWriter {
    public let fileName = "rankings.md"

    public init() {}

    public func render(_ summary: RunSummary) -> String {
        let text = ReportFormat.markdownText
        let cellCode = { (value: String) in ReportFormat.markdownCode(value, inTable: true) }
        var md = "# Rankings: run \(text(summary.run.id))\n\n"
        if let notice = summary.notice { md += "> **\(notice)**\n\n" }
        md += "Ranks are ranges: from 1 + the number of models significantly better to the number of models less those significantly worse "
        md += "(paired test on the same cases, Holm-adjusted, α = \(summary.routingOptions.alpha)). Pass-rate intervals: Wilson 95% (Korn–Graubard when cases are clustered); "
        md += "score intervals: seeded percentile bootstrap. Percentiles: linear interpolation.\n\n"
        for suite in summary.suites {
            md += "## \(text(suite.name)) (\(text(suite.category)), v\(text(suite.version)), \(suite.cases) cases\(suite.repeats > 1 ? " × \(suite.repeats) repeats" : ""))\n\n"
            md += "| rank | model | pass rate | 95% CI | mean score | 95% CI | TTFT p50/p90/p95/p99 | TPOT p50/p90/p95/p99 | ITL p50/p90/p95/p99 | latency p50/p90/p95/p99 | tok/s | cost / task | cost / 1k tasks | total cost | errors |\n"
            md += "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
            for m in suite.models {
                let ttft = [m.ttftP50Ms, m.ttftP90Ms, m.ttftP95Ms, m.ttftP99Ms].map(ReportFormat.ms).joined(separator: " / ")
                let e2e = [m.latencyP50Ms, m.latencyP90Ms, m.latencyP95Ms, m.latencyP99Ms].map(ReportFormat.ms).joined(separator: " / ")
                let tpot = [m.tpotP50Ms, m.tpotP90Ms, m.tpotP95Ms, m.tpotP99Ms].map(ReportFormat.tpot).joined(separator: " / ")
                let itl = [m.itlP50Ms, m.itlP90Ms, m.itlP95Ms, m.itlP99Ms].map(ReportFormat.tpot).joined(separator: " / ")
                let cells = [
                    m.rankRange, cellCode(m.model), ReportFormat.percent(m.passRate), ReportFormat.interval(m.passRateLow, m.passRateHigh),
                    ReportFormat.score(m.meanScore), "\(ReportFormat.score(m.meanScoreLow))–\(ReportFormat.score(m.meanScoreHigh))",
                    ttft, tpot, itl, e2e, ReportFormat.rate(m.outputTokensPerSecond), ReportFormat.usd(m.costPerTask),
                    ReportFormat.usd(m.costPer1000Tasks), ReportFormat.usd(m.totalCost), ReportFormat.errors(m),
                ]
                md += "| " + cells.joined(separator: " | ") + " |\n"
            }
            if let note = suite.separationNote { md += "\n\(note)\n" }
            if !suite.comparisons.isEmpty {
                md += "\nPairwise (A − B on shared cases):\n\n| A | B | cases | Δ pass rate | test | p (Holm) | Δ score | p (Holm) |\n|---|---|---:|---:|---|---:|---:|---:|\n"
                for c in suite.comparisons {
                    md += "| \(cellCode(c.modelA)) | \(cellCode(c.modelB)) | \(c.cases) | \(RankingsMarkdownWriter.signedPercent(c.passRateDifference)) | \(c.passTest) | \(RankingsMarkdownWriter.p(c.passPAdjusted)) | \(RankingsMarkdownWriter.signed(c.scoreDifference)) | \(RankingsMarkdownWriter.p(c.scorePAdjusted)) |\n"
                }
            }
            if let slo = summary.routingOptions.slo, suite.models.contains(where: { $0.goodput != nil }) {
                md += "\nGoodput (live calls answered within \(ReportFormat.markdownCode(slo.text)); failed calls count as missed; Wilson 95% interval):\n\n| model | goodput | 95% CI | calls |\n|---|---:|---:|---:|\n"
                for m in suite.models where m.goodput != nil {
                    md += "| \(cellCode(m.model)) | \(ReportFormat.percent(m.goodput)) | \(ReportFormat.interval(m.goodputLow, m.goodputHigh)) | \(m.goodputCalls) |\n"
                }
            }
            if suite.models.contains(where: { $0.toolCallAccuracy != nil }) {
                md += "\nTool calls right (every tool-call assertion of the sample passed; Wilson 95% interval):\n\n| model | tool calls right | 95% CI | samples |\n|---|---:|---:|---:|\n"
                for m in suite.models {
                    md += "| \(cellCode(m.model)) | \(ReportFormat.percent(m.toolCallAccuracy)) | \(ReportFormat.interval(m.toolCallLow, m.toolCallHigh)) | \(m.toolCallSamples) |\n"
                }
            }
            if suite.models.contains(where: { !$0.passAtK.isEmpty }) {
                let ks = Set(suite.models.flatMap { $0.passAtK.keys }).sorted()
                md += "\nCode tests, unbiased pass@k and pass^k (all k pass) over \(suite.repeats) sample(s) per task:\n\n| model | "
                md += ks.map { "pass@\($0) | pass^\($0)" }.joined(separator: " | ") + " |\n|---|" + ks.map { _ in "---:|---:" }.joined(separator: "|") + "|\n"
                for m in suite.models {
                    md += "| \(cellCode(m.model)) | " + ks.map { "\(ReportFormat.percent(m.passAtK[$0])) | \(ReportFormat.percent(m.passHatK[$0]))" }.joined(separator: " | ") + " |\n"
                }
            }
            if let p = suite.pairwise {
                md += "\nPairwise judging (select-best, both orders; position consistency \(ReportFormat.percent(p.positionConsistency)), \(p.inconsistent) inconsistent of \(p.comparisons)):\n\n"
                md += "| model | Bradley–Terry | 95% CI | wins | losses | ties |\n|---|---:|---:|---:|---:|---:|\n"
                for r in p.ratings {
                    md += "| \(cellCode(r.model)) | " + String(format: "%.0f | %.0f–%.0f | %d | %d | %d |\n", r.rating, r.low, r.high, r.wins, r.losses, r.ties)
                }
            }
            if !suite.flaky.isEmpty {
                md += "\nFlaky cases (outcome changed across repeats):\n\n| case | model | passes | flip rate |\n|---|---|---:|---:|\n"
                for f in suite.flaky { md += "| \(cellCode(f.caseID)) | \(cellCode(f.model)) | \(f.passes)/\(f.repeats) | \(ReportFormat.percent(f.flipRate)) |\n" }
            }
            md += "\n"
        }
        md += RankingsMarkdownWriter.routing(summary)
        if let baseline = summary.baseline { md += RankingsMarkdownWriter.baseline(baseline) }
        return md
    }

    static func routing(_ summary: RunSummary) -> String {
        let w = summary.routingOptions.normalisedWeights
        let text = ReportFormat.markdownText
        let code = { (value: String) in ReportFormat.markdownCode(value) }
        let cellCode = { (value: String) in ReportFormat.markdownCode(value, inTable: true) }
        var md = "## Routing per category\n\n"
        md += MarkdownSummaryWriter.rule(summary.routingOptions) + " "
        md += String(format: "Shares among the models allowed to take traffic follow cost and latency (weights: cost %.2f, latency %.2f, quality %.2f)", w.cost, w.latency, w.quality)
        if let limit = summary.routingOptions.maxP95LatencyMs { md += "; p95 latency limit \(ReportFormat.ms(limit))" }
        if let minimum = summary.routingOptions.minGoodput, let slo = summary.routingOptions.slo {
            md += "; goodput at least \(ReportFormat.percent(minimum)) under \(code(slo.text))"
        }
        md += ".\n\n"
        if let adaptive = summary.adaptive {
            md += adaptive.headline + " A model stops being called in a category once its decision is settled (shown within the margin of every model, shown worse by more than it, or shown dominated), or once no decision there is open; the bounds are anytime-valid confidence sequences over the seeded case order, so looking after every round keeps the error rate.\n\n"
            if !adaptive.stops.isEmpty {
                md += "| category | model | stopped after round | cases run |\n|---|---|---:|---:|\n"
                for stop in adaptive.stops { md += "| \(text(stop.category)) | \(cellCode(stop.model)) | \(stop.afterRound) | \(stop.casesRun) of \(stop.casesInCategory) |\n" }
                md += "\n"
            }
        }
        for route in summary.routes {
            md += "### \(text(route.category))\n\n"
            md += "Primary: \(route.primary.map(code) ?? "none"); fallbacks: \(route.fallbacks.isEmpty ? "none" : route.fallbacks.map(code).joined(separator: " → ")). "
            md += "α divided among \(route.candidatesTested) potential candidate\(route.candidatesTested == 1 ? "" : "s"), each bound at error \(String(format: "%.4g", route.comparisonAlpha))"
            md += route.sequential ? " (anytime-valid confidence sequences over the adaptive run's case order).\n\n" : ".\n\n"
            md += "| model | decision | pass rate | 95% CI | cost / task | p95 latency | Pareto (cost) | loss vs reference (bounds) | share |\n"
            md += "|---|---|---:|---:|---:|---:|:-:|---|---:|\n"
            for c in route.candidates.sorted(by: { $0.share > $1.share || ($0.share == $1.share && $0.quality > $1.quality) }) {
                let loss = c.loss.map { l in
                    "\(ReportFormat.points(l.estimate)) vs \(cellCode(l.reference)) (\(ReportFormat.points(l.lower)) to \(ReportFormat.points(l.upper)))"
                } ?? "–"
                md += "| \(cellCode(c.model)) | \(c.decision.name(in: route.mode)) | \(ReportFormat.percent(c.quality)) | \(ReportFormat.interval(c.qualityLow, c.qualityHigh)) | \(ReportFormat.usd(c.costPerTask)) | \(ReportFormat.ms(c.p95LatencyMs)) | \(c.paretoCost ? "✓" : "") | \(loss) | \(ReportFormat.percent(c.share)) |\n"
            }
            md += "\n"
            for c in route.candidates where c.decision != .excluded {
                md += "- \(code(c.model)): \(text(c.verdict(in: route)))\n"
            }
            if let h = route.heldOut {
                md += "\nHeld-out check (fit on \(h.fitCases) cases, measured on \(h.heldOutCases) others): policy \(ReportFormat.percent(h.policyQuality)) at \(ReportFormat.usd(h.policyCostPerTask))/task; "
                md += "the fit half's reference \(code(h.fitReference)) \(ReportFormat.percent(h.fitReferenceQuality)) at \(ReportFormat.usd(h.fitReferenceCostPerTask)); "
                md += "baseline \(code(h.baselineModel)) \(ReportFormat.percent(h.baselineQuality)) at \(ReportFormat.usd(h.baselineCostPerTask)); "
                md += "policy − baseline \(ReportFormat.points(-h.loss.estimate)), 95% lower bound \(ReportFormat.points(h.differenceLowerBound)). "
                md += text(h.verdict) + ".\n"
            }
            for note in route.notes { md += "\n- \(text(note))" }
            md += "\n\n"
        }
        return md
    }

    /// The comparison with a baseline run as a Markdown section (also what `assay compare` prints).
    public static func baseline(_ b: RunComparison) -> String {
        var md = "## Against baseline run \(ReportFormat.markdownText(b.baseRunID))\n\n"
        md += "A regression is a significant drop (Holm-adjusted, α = \(b.alpha)) larger than \(ReportFormat.percent(b.minEffect)).\n\n"
        md += "| suite | model | cases | base | now | change | test | p (Holm) | verdict |\n|---|---|---:|---:|---:|---:|---|---:|---|\n"
        for c in b.cells {
            let verdict = c.regression ? "**regression**" : (c.improvement ? "improvement" : "no significant change")
            md += "| \(ReportFormat.markdownText(c.suite)) | \(ReportFormat.markdownCode(c.model, inTable: true)) | \(c.cases) | \(ReportFormat.percent(c.basePassRate)) | \(ReportFormat.percent(c.candidatePassRate)) | \(signedPercent(c.change)) | \(c.test) | \(p(c.pAdjusted)) | \(verdict) |\n"
        }
        return md + "\n"
    }

    static func p(_ value: Double) -> String { ReportFormat.pValue(value) }

    static func signed(_ value: Double) -> String { String(format: "%+.3f", value) }
    static func signedPercent(_ value: Double) -> String { String(format: "%+.1f pp", value * 100) }
}

import AssayCore

/// summary.md: the headline and the leaderboard per suite, short enough for a CI step summary
/// or a pull-request comment.
public struct MarkdownSummaryWriter: SummaryReportWriter {
    public let fileName = "summary.md"

    public init() {}

    public func render(_ summary: RunSummary) -> String {
        let text = ReportFormat.markdownText
        let code = { (value: String) in ReportFormat.markdownCode(value) }
        let cellCode = { (value: String) in ReportFormat.markdownCode(value, inTable: true) }
        var md = "# Assay run \(text(summary.run.id))\n\n"
        if let notice = summary.notice { md += "> **\(notice)**\n\n" }
        if let incomplete = summary.incompleteNotice { md += "> **Run \(incomplete).** The figures cover only the samples that ran.\n\n" }
        let graded = summary.table.gradedCount
        let failedCalls = summary.table.sampleCount - graded
        let models = summary.table.models.count
        md += "\(summary.suites.count) suites × \(models) models: \(summary.table.sampleCount) samples, \(graded) graded, \(failedCalls) failed calls. "
        md += "Status: \(summary.run.status.rawValue)."
        let cached = summary.table.cachedCount
        if cached > 0 { md += " \(cached) answers came from the response cache; their latency is not counted." }
        md += "\n\n"
        if let adaptive = summary.adaptive {
            md += adaptive.headline + "\n\n"
            for stop in adaptive.stops {
                md += "- \(text(stop.category)): \(code(stop.model)) stopped after round \(stop.afterRound) (\(stop.casesRun) of \(stop.casesInCategory) cases)\n"
            }
            if !adaptive.stops.isEmpty { md += "\n" }
        }
        if !summary.gates.isEmpty {
            for gate in summary.gates { md += "- \(gate.passed ? "✅" : "❌") \(text(gate.name)): \(text(gate.detail))\n" }
            md += "\n"
        }
        for suite in summary.suites {
            md += "## \(text(suite.name)) (\(text(suite.category)), v\(text(suite.version)), \(suite.cases) cases)\n\n"
            md += "| rank | model | pass rate | 95% CI | mean score | p50 latency | p95 latency | p50 TTFT | cost / task | errors |\n"
            md += "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
            for m in suite.models {
                let cells = [
                    m.rankRange, cellCode(m.model), ReportFormat.percent(m.passRate),
                    ReportFormat.interval(m.passRateLow, m.passRateHigh), ReportFormat.score(m.meanScore),
                    ReportFormat.ms(m.latencyP50Ms), ReportFormat.ms(m.latencyP95Ms), ReportFormat.ms(m.ttftP50Ms),
                    ReportFormat.usd(m.costPerTask), ReportFormat.errors(m),
                ]
                md += "| " + cells.joined(separator: " | ") + " |\n"
            }
            if let note = suite.separationNote { md += "\n\(note)\n" }
            let tools = suite.models.compactMap { m in
                m.toolCallAccuracy.map { "\(cellCode(m.model)) \(ReportFormat.percent($0)) \(ReportFormat.interval(m.toolCallLow, m.toolCallHigh))" }
            }
            if !tools.isEmpty { md += "\nTool calls right: " + tools.joined(separator: ", ") + ".\n" }
            md += "\n"
        }
        if !summary.routes.isEmpty {
            md += "## Routing\n\n" + MarkdownSummaryWriter.rule(summary.routingOptions) + "\n\n"
            md += "| category | primary | shares | held-out check |\n|---|---|---|---|\n"
            for route in summary.routes {
                let shares = route.candidates.filter { $0.share > 0 }.sorted { $0.share > $1.share }
                    .map { "\(cellCode($0.model)) \(ReportFormat.percent($0.share))" }.joined(separator: ", ")
                let check = route.heldOut?.verdict ?? "not run: too few cases"
                md += "| \(text(route.category)) | \(route.primary.map(cellCode) ?? "none") | \(shares) | \(text(check)) |\n"
            }
            md += "\n"
            for route in summary.routes {
                let decided = route.candidates.filter { [.reference, .admitted, .rejected, .undecided].contains($0.decision) }
                guard !decided.isEmpty else { continue }
                md += "**\(text(route.category))** (reference: \(route.reference.map(code) ?? "none")):\n\n"
                for c in decided { md += "- \(code(c.model)): \(text(c.verdict(in: route)))\n" }
                md += "\n"
            }
        }
        if let before = summary.baselineRoutes, let baseline = summary.baseline {
            md += MarkdownSummaryWriter.routingChanges(before: before, after: summary.routes, baseRunID: baseline.baseRunID)
        }
        if let baseline = summary.baseline {
            let regressions = baseline.regressions
            md += "## Against \(text(baseline.baseRunID))\n\n"
            if regressions.isEmpty {
                md += "No significant regression larger than \(ReportFormat.percent(baseline.minEffect)).\n\n"
            } else {
                for c in regressions {
                    md += "- ❌ \(text(c.suite)) × \(code(c.model)): \(ReportFormat.percent(c.basePassRate)) → \(ReportFormat.percent(c.candidatePassRate)) (p = \(ReportFormat.pValue(c.pAdjusted)), Holm)\n"
                }
                md += "\n"
            }
        }
        if let history = summary.history {
            md += HistoryMarkdownWriter.drift(history)
            md += "\nTrends over the last \(history.runs.count) runs: history.html beside this report.\n\n"
        }
        if !summary.skippedModels.isEmpty {
            md += "Skipped models:\n\n"
            for (model, reason) in summary.skippedModels.sorted(by: { $0.key < $1.key }) { md += "- \(code(model)): \(text(reason))\n" }
            md += "\n"
        }
        md += "Latency percentiles use linear interpolation; pass-rate intervals are Wilson 95% intervals, with failed calls counted as not passed.\n"
        return md
    }

    /// The routing rule in one sentence.
    static func rule(_ options: RoutingOptions) -> String {
        switch options.mode {
        case .nonInferiority(let margin):
            return "Traffic leaves the reference model (the dearest model no other is shown better than: the default) only for a model shown within \(ReportFormat.points(margin)) of every routable model; each bound is one-sided at 1 − α/k, so that a category's decisions to give traffic hold together at \(Int(((1 - options.alpha) * 100).rounded()))%. A model not shown either way stays undecided and keeps only an exploration floor; a model shown worse keeps none."
        case .value(let perSuccess):
            return "Value mode: a correct answer is worth \(ReportFormat.usd(perSuccess)); traffic leaves the reference model (the dearest model no other is shown better than: the default) only for a model whose net value gain over the reference and every better model is shown above 0; each bound is one-sided at 1 − α/k, so that a category's decisions to give traffic hold together at \(Int(((1 - options.alpha) * 100).rounded()))%."
        }
    }

    /// What changed in the routing config since the baseline run: primaries and shares that moved.
    static func routingChanges(before: [CategoryRoute], after: [CategoryRoute], baseRunID: String) -> String {
        let text = ReportFormat.markdownText
        let code = { (value: String) in ReportFormat.markdownCode(value) }
        var lines: [String] = []
        for route in after {
            guard let old = before.first(where: { $0.category == route.category }) else {
                lines.append("- \(text(route.category)): new category, primary \(route.primary.map(code) ?? "none")")
                continue
            }
            if old.primary != route.primary {
                lines.append("- \(text(route.category)): primary \(old.primary.map(code) ?? "none") → \(route.primary.map(code) ?? "none")")
            }
            let models = Set(old.candidates.map(\.model)).union(route.candidates.map(\.model)).sorted()
            let moved = models.compactMap { m -> String? in
                let a = old.share(of: m)
                let b = route.share(of: m)
                return abs(a - b) >= 0.01 ? "\(code(m)) \(ReportFormat.percent(a)) → \(ReportFormat.percent(b))" : nil
            }
            if !moved.isEmpty { lines.append("- \(text(route.category)) shares: " + moved.joined(separator: ", ")) }
        }
        var md = "## Routing changes since \(text(baseRunID))\n\n"
        md += lines.isEmpty ? "No change in primaries or shares (by 1 point or more).\n\n" : lines.joined(separator: "\n") + "\n\n"
        return md
    }

}

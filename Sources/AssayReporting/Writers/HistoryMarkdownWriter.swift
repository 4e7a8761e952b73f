/// The drift section of history.md and of a run's summary.md: what changed significantly, errors kept
/// apart from quality, and the trend figures of each series' last runs.
public enum HistoryMarkdownWriter {
    public static let fileName = "history.md"

    public static func markdown(_ history: RunHistory) -> String {
        var md = "# Assay history: \(history.runs.count) run(s)"
        if let first = history.runs.first, let last = history.runs.last { md += ", \(first.startedAt.prefix(10)) to \(last.startedAt.prefix(10))" }
        md += "\n\n" + drift(history) + "\n"
        md += "## Trends\n\n| suite | model | runs | pass rate (last) | 95% CI | TTFT p50 | latency p50 / p95 | cost / task | error rate |\n"
        md += "|---|---|---:|---:|---:|---:|---:|---:|---:|\n"
        let text = ReportFormat.markdownText
        let code = { (v: String) in ReportFormat.markdownCode(v, inTable: true) }
        for s in history.series {
            guard let p = s.points.last else { continue }
            let trend = s.points.suffix(5).map { ReportFormat.percent($0.passRate) }.joined(separator: " → ")
            md += "| \(text(s.suite)) | \(code(s.model)) | \(s.points.count) | \(trend) | \(ReportFormat.interval(p.passRateLow, p.passRateHigh)) | "
            md += "\(ReportFormat.ms(p.ttftP50Ms)) | \(ReportFormat.ms(p.latencyP50Ms)) / \(ReportFormat.ms(p.latencyP95Ms)) | \(ReportFormat.usd(p.costPerTask)) | \(ReportFormat.percent(p.errorRate)) |\n"
        }
        if !history.notes.isEmpty { md += "\n" + history.notes.map { "- \(text($0))" }.joined(separator: "\n") + "\n" }
        return md
    }

    /// "## Drift": the flags, or why there are none.
    public static func drift(_ history: RunHistory) -> String {
        let o = history.options
        var md = "## Drift\n\n"
        md += "The newest \(o.recentRuns) run(s) of each suite × model against up to \(o.referenceRuns) before them with the same suite version and price; "
        md += "flagged when significant after Holm's correction over all \(history.checks.count) checks (α = \(o.alpha)) and at least "
        md += "\(ReportFormat.points(o.minQualityDrop)) lower pass rate on answered calls, \(ReportFormat.points(o.minErrorRise)) more failed calls, "
        md += "or \(ReportFormat.percent(o.minLatencyRise)) and \(ReportFormat.ms(o.minLatencyRiseMs)) slower (medians) or \(ReportFormat.percent(o.minCostRise)) dearer per task.\n\n"
        guard !history.checks.isEmpty else {
            return md + "Nothing tested: no series has an earlier run in its segment to compare with.\n"
        }
        let errorFlags = history.errorFlags
        let otherFlags = history.flags.filter { $0.metric != .errors }
        if history.flags.isEmpty { return md + "No drift: no change passed both the significance and the size test.\n" }
        let text = ReportFormat.markdownText
        func line(_ c: DriftCheck) -> String {
            "- **\(text(c.suite)) × \(ReportFormat.markdownCode(c.model))**: \(finding(c))\n"
        }
        if !errorFlags.isEmpty {
            md += "**Calls failing** (quota, outage; not a change in answers):\n\n" + errorFlags.map(line).joined() + "\n"
        }
        if !otherFlags.isEmpty {
            md += "**Answers, speed or cost changed:**\n\n" + otherFlags.map(line).joined()
        }
        return md
    }

    /// What a check found, as the pages say it: "quality dropped, 100.0% → 83.3% (−16.7 points; p = 0.0117
    /// Holm, 60 paired cases)".
    public static func finding(_ c: DriftCheck) -> String {
        "\(c.metric.worse), \(figure(c, c.reference)) → \(figure(c, c.recent)) (\(change(c)); \(ReportFormat.pStatement(c.pAdjusted)) Holm, \(c.units))"
    }

    public static func figure(_ c: DriftCheck, _ value: Double) -> String {
        switch c.metric {
        case .quality, .errors: ReportFormat.percent(value)
        case .ttft, .latency: ReportFormat.ms(value)
        case .cost: ReportFormat.usd(value)
        }
    }

    public static func change(_ c: DriftCheck) -> String {
        switch c.metric {
        case .quality, .errors: (c.change >= 0 ? "+" : "−") + ReportFormat.points(abs(c.change))
        case .ttft, .latency, .cost: (c.change >= 0 ? "+" : "−") + ReportFormat.percent(abs(c.change))
        }
    }
}

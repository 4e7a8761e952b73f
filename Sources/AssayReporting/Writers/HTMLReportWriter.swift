import AssayCore
import Foundation

/// index.html: one self-contained page (inline CSS, no scripts, no external assets, a Content
/// Security Policy that forbids everything else) with the leaderboard per suite and every case's
/// input, expectation and answers. Every model output and dataset field is HTML-escaped.
public struct HTMLReportWriter: ReportWriter {
    public let fileName = "index.html"
    /// Cases shown in the drill-down over all suites, so that a run of 100,000 samples still gives a page
    /// that opens fast; every sample is in samples.jsonl and results.json.
    public var maxCasesShown: Int
    public var maxOutputCharacters: Int

    public init(maxCasesShown: Int = 1500, maxOutputCharacters: Int = 3000) {
        self.maxCasesShown = maxCasesShown
        self.maxOutputCharacters = maxOutputCharacters
    }

    public func write(_ summary: RunSummary, samples source: SampleSource, to sink: ReportSink) async throws {
        // Only the cases the drill-down shows need their answers and reasons: read just those.
        let shown = shownCases(summary)
        var detailed: [PlannedKey: Sample] = [:]
        for suite in summary.suites {
            let cases = Set(shown[suite.name]?.cases ?? [])
            guard !cases.isEmpty else { continue }
            try await source.forEach(suite.name, nil) { s in
                if cases.contains(s.caseID) { detailed[s.key] = s }
            }
        }
        sink.write(render(summary, shown: shown, detailed: detailed))
    }

    /// The cases the drill-down shows per suite, in order, and how many the suite has.
    func shownCases(_ summary: RunSummary) -> [String: (cases: [String], total: Int)] {
        var budget = maxCasesShown
        var shown: [String: (cases: [String], total: Int)] = [:]
        for suite in summary.suites {
            let order = summary.table.caseIDs(suite: suite.name)
            // Each suite gets at least a fair part of the budget, so a huge first suite does not hide the others.
            let count = min(order.count, max(budget, min(order.count, maxCasesShown / max(1, summary.suites.count))))
            budget = max(0, budget - count)
            shown[suite.name] = (Array(order.prefix(count)), order.count)
        }
        return shown
    }

    /// The start of a self-contained page, to `<body>`: a Content-Security-Policy that forbids everything but
    /// inline styles, data images and (when given) the page's own script, and the page's inline CSS.
    static func pageHead(title: String, scriptSource: String?, css: String) -> String {
        let script = scriptSource.map { " script-src \($0);" } ?? ""
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;\(script) base-uri 'none'; form-action 'none'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(ReportFormat.html(title))</title>
            <style>\(css)</style>
            </head>
            <body>

            """
    }

    func render(_ summary: RunSummary, shown: [String: (cases: [String], total: Int)], detailed: [PlannedKey: Sample]) -> String {
        let h = ReportFormat.html
        var page = HTMLReportWriter.pageHead(
            title: "Assay run \(summary.run.id)", scriptSource: "'sha256-\(HTMLReportWriter.scriptHash)'", css: HTMLReportWriter.css)
        if let notice = summary.notice {
            page += "<div class=\"banner\" role=\"alert\">⚠ \(h(notice)). The figures below come from Assay's built-in simulated fleet.</div>\n"
        }
        if let incomplete = summary.incompleteNotice {
            page += "<div class=\"banner\" role=\"alert\">⚠ Run \(h(incomplete)); the figures below cover only the samples that ran.</div>\n"
        }
        page += "<header><h1>Assay run <code>\(h(summary.run.id))</code></h1>\n<dl class=\"meta\">"
        let config = summary.run.configuration
        var meta: [(String, String)] = [
            ("started", summary.run.startedAt), ("finished", summary.run.finishedAt ?? "–"), ("status", summary.run.status.rawValue),
            ("seed", String(summary.run.seed)), ("providers", summary.run.simulated ? "simulated" : "real"),
        ]
        if let git = config["git_revision"]?.stringValue { meta.append(("git revision", git)) }
        meta.append(("suites", summary.suites.map { "\($0.name) v\($0.version)" }.joined(separator: ", ")))
        meta.append(("models", summary.table.models.sorted().joined(separator: ", ")))
        for (k, v) in meta { page += "<dt>\(h(k))</dt><dd>\(h(v))</dd>" }
        page += "</dl>\n"
        if let adaptive = summary.adaptive {
            page += "<p class=\"adaptive\">\(h(adaptive.headline))"
            if !adaptive.stops.isEmpty {
                page += " Stopped: " + adaptive.stops.map { h("\($0.model) in \($0.category) after round \($0.afterRound) (\($0.casesRun) of \($0.casesInCategory) cases)") }.joined(separator: "; ") + "."
            }
            page += "</p>\n"
        }
        for gate in summary.gates {
            page += "<p class=\"gate \(gate.passed ? "ok" : "bad")\">\(gate.passed ? "✔" : "✘") \(h(gate.name)): \(h(gate.detail))</p>\n"
        }
        if !summary.skippedModels.isEmpty {
            page += "<p class=\"skipped\">Skipped: " + summary.skippedModels.sorted { $0.key < $1.key }
                .map { "<code>\(h($0.key))</code> (\(h($0.value)))" }.joined(separator: "; ") + "</p>\n"
        }
        if let history = summary.history {
            let flags = history.flags
            page += "<p class=\"gate \(flags.isEmpty ? "ok" : "bad")\"><a href=\"history.html\">Trend over the last \(history.runs.count) runs</a>: "
            page += flags.isEmpty
                ? "no drift flagged (\(history.checks.count) checks)."
                : "\(flags.count) drift flag(s): " + flags.map { h("\($0.suite) × \($0.model): \($0.metric.worse)") }.joined(separator: "; ") + "."
            page += "</p>\n"
        }
        page += "</header>\n<main>\n"
        for suite in summary.suites {
            page += leaderboard(suite)
        }
        page += routingSection(summary)
        page += baselineSection(summary)
        page += judgeSection(summary)
        page += filterBar(summary)
        for suite in summary.suites {
            page += drillDown(suite, summary: summary, shown: shown[suite.name] ?? ([], 0), detailed: detailed)
        }
        page += "</main>\n<script>\(HTMLReportWriter.script)</script>\n<footer>Ranks are ranges: from 1 + the number of models significantly better to the number of models less those significantly worse (paired test on the same cases, Holm-adjusted). Latency percentiles use linear interpolation between closest ranks. Pass-rate intervals are Wilson 95% score intervals (Korn–Graubard when cases are clustered); failed calls count as not passed; score intervals are seeded bootstrap intervals. Costs in USD from the catalog's prices; judge cost is shown apart.</footer>\n</body>\n</html>\n"
        return page
    }

    func leaderboard(_ suite: SuiteSummary) -> String {
        let h = ReportFormat.html
        let tools = suite.models.contains { $0.toolCallAccuracy != nil }
        let goodput = suite.models.contains { $0.goodput != nil }
        var out = "<section class=\"suite\" id=\"suite-\(h(suite.name))\">\n<h2>\(h(suite.name)) <small>\(h(suite.category)) · v\(h(suite.version)) · \(suite.cases) cases</small></h2>\n"
        out += "<p class=\"desc\">\(h(suite.description))</p>\n"
        out += "<table class=\"board\"><thead><tr><th>rank</th><th>model</th><th>pass rate (95% CI)</th><th>mean score (95% CI)</th><th>latency p50 / p95 / p99</th><th>TTFT p50 / p95 / p99</th><th>TPOT p50 / p95 / p99</th><th>ITL p50 / p95 / p99</th><th>output speed</th><th>cost / task</th><th>total cost</th><th>judge cost</th><th>errors</th>\(goodput ? "<th>goodput (95% CI)</th>" : "")\(tools ? "<th>tool calls right (95% CI)</th>" : "")</tr></thead><tbody>\n"
        for m in suite.models {
            let low = (m.passRateLow ?? 0) * 100
            let high = (m.passRateHigh ?? 0) * 100
            let point = (m.passRate ?? 0) * 100
            let bar = """
                <svg class="ci" width="120" height="12" viewBox="0 0 100 12" aria-hidden="true"><rect x="0" y="5" width="100" height="2" fill="#e3e6ea"/><rect x="\(String(format: "%.1f", low))" y="3" width="\(String(format: "%.1f", max(0.5, high - low)))" height="6" fill="#9db7d5"/><rect x="\(String(format: "%.1f", max(0, point - 0.75)))" y="1" width="1.5" height="10" fill="#1f4e8c"/></svg>
                """
            let errors = ReportFormat.errors(m)
            out += "<tr><td>\(m.rankRange)</td><td><code>\(h(m.model))</code></td><td>\(ReportFormat.percent(m.passRate)) \(bar) <small>\(ReportFormat.interval(m.passRateLow, m.passRateHigh))</small></td>"
            out += "<td>\(ReportFormat.score(m.meanScore)) <small>\(ReportFormat.score(m.meanScoreLow))–\(ReportFormat.score(m.meanScoreHigh))</small></td><td>\(ReportFormat.ms(m.latencyP50Ms)) / \(ReportFormat.ms(m.latencyP95Ms)) / \(ReportFormat.ms(m.latencyP99Ms))</td>"
            out += "<td>\(ReportFormat.ms(m.ttftP50Ms)) / \(ReportFormat.ms(m.ttftP95Ms)) / \(ReportFormat.ms(m.ttftP99Ms))</td>"
            out += "<td>\(ReportFormat.tpot(m.tpotP50Ms)) / \(ReportFormat.tpot(m.tpotP95Ms)) / \(ReportFormat.tpot(m.tpotP99Ms))</td>"
            out += "<td>\(ReportFormat.tpot(m.itlP50Ms)) / \(ReportFormat.tpot(m.itlP95Ms)) / \(ReportFormat.tpot(m.itlP99Ms))</td><td>\(ReportFormat.rate(m.outputTokensPerSecond))</td>"
            out += "<td>\(ReportFormat.usd(m.costPerTask))</td><td>\(ReportFormat.usd(m.totalCost))</td><td>\(ReportFormat.usd(m.judgeCost))</td><td>\(h(errors))</td>"
            if goodput { out += "<td>\(ReportFormat.percent(m.goodput)) <small>\(ReportFormat.interval(m.goodputLow, m.goodputHigh))</small></td>" }
            if tools { out += "<td>\(ReportFormat.percent(m.toolCallAccuracy)) <small>\(ReportFormat.interval(m.toolCallLow, m.toolCallHigh))</small></td>" }
            out += "</tr>\n"
        }
        out += "</tbody></table>\n"
        if let note = suite.separationNote { out += "<p class=\"note\">\(h(note))</p>\n" }
        let metrics = Set(suite.models.flatMap { $0.metrics.keys }).sorted()
        if !metrics.isEmpty {
            out += "<table class=\"metrics\"><thead><tr><th>model</th>" + metrics.map { "<th>\(h($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            for m in suite.models {
                out += "<tr><td><code>\(h(m.model))</code></td>" + metrics.map { "<td>\(ReportFormat.score(m.metrics[$0]))</td>" }.joined() + "</tr>\n"
            }
            out += "</tbody></table>\n"
        }
        if let p = suite.pairwise {
            out += "<table class=\"metrics\"><caption>Pairwise (select-best, judged in both orders; position consistency \(ReportFormat.percent(p.positionConsistency)))</caption><thead><tr><th>model</th><th>Bradley–Terry (95% CI)</th><th>wins</th><th>losses</th><th>ties</th></tr></thead><tbody>"
            for r in p.ratings {
                out += "<tr><td><code>\(h(r.model))</code></td><td>" + String(format: "%.0f <small>%.0f–%.0f</small>", r.rating, r.low, r.high) + "</td><td>\(r.wins)</td><td>\(r.losses)</td><td>\(r.ties)</td></tr>"
            }
            out += "</tbody></table>\n"
        }
        if !suite.flaky.isEmpty {
            out += "<p class=\"flaky\">Flaky across \(suite.repeats) repeats: " + suite.flaky.prefix(20).map {
                "<code>\(h($0.caseID))</code> on <code>\(h($0.model))</code> (flip rate \(ReportFormat.percent($0.flipRate)))"
            }.joined(separator: ", ") + (suite.flaky.count > 20 ? ", and \(suite.flaky.count - 20) more (see rankings.md)" : "") + "</p>\n"
        }
        return out + "</section>\n"
    }

    func drillDown(
        _ suite: SuiteSummary, summary: RunSummary, shown: (cases: [String], total: Int), detailed: [PlannedKey: Sample]
    ) -> String {
        let h = ReportFormat.html
        let wanted = Set(shown.cases)
        var byCase: [String: [Sample]] = [:]
        for s in detailed.values where s.suite == suite.name && wanted.contains(s.caseID) {
            byCase[s.caseID, default: []].append(s)
        }
        var out = "<section class=\"cases\"><h2>\(h(suite.name)): cases</h2>\n"
        if shown.cases.count < shown.total {
            out += "<p>Showing the first \(shown.cases.count) of \(shown.total) cases; every sample is in <a href=\"samples.jsonl\">samples.jsonl</a> and results.json.</p>\n"
        }
        let modelOrder = suite.models.map(\.model)
        let details = summary.caseDetails.details(suite: suite.name, caseIDs: wanted)
        for caseID in shown.cases {
            let samples = (byCase[caseID] ?? []).sorted {
                (modelOrder.firstIndex(of: $0.model) ?? 0, $0.repeatIndex) < (modelOrder.firstIndex(of: $1.model) ?? 0, $1.repeatIndex)
            }
            let passed = samples.filter { $0.passed == true }.count
            let outcomes = samples.map { "\($0.model)=\(HTMLReportWriter.cssClass($0))" }.joined(separator: ";")
            out += "<details class=\"case\" data-suite=\"\(h(suite.name))\" data-outcomes=\"\(h(outcomes))\"><summary><code>\(h(caseID))</code> <span class=\"tally\">\(passed)/\(samples.count) passed</span> "
            out += samples.map { "<span class=\"dot \(HTMLReportWriter.cssClass($0))\" title=\"\(h($0.model))\"></span>" }.joined()
            out += "</summary>\n"
            if let detail = details[caseID] {
                out += "<div class=\"input\">"
                if !detail.history.isEmpty {
                    let lines = SampleTurn.transcript(history: detail.history, user: "", turns: []).split(separator: "\n").dropLast().joined(separator: "\n")
                    out += "<h4>conversation so far</h4><pre class=\"calls\">\(h(ReportFormat.truncate(lines, to: maxOutputCharacters)))</pre>"
                }
                out += "<h4>input</h4><pre>\(h(ReportFormat.truncate(detail.prompt, to: maxOutputCharacters)))</pre>"
                if let expected = detail.expected {
                    out += "<h4>expected</h4><pre>\(h(ReportFormat.truncate(expected, to: maxOutputCharacters)))</pre>"
                }
                out += "</div>\n"
            }
            out += "<div class=\"answers\">\n"
            for s in samples {
                out += "<div class=\"answer \(HTMLReportWriter.cssClass(s))\"><h4><code>\(h(s.model))</code>\(s.repeatIndex > 0 ? " #\(s.repeatIndex + 1)" : "") — \(HTMLReportWriter.verdict(s))</h4>"
                if s.status == .error {
                    out += "<p class=\"err\">\(h(s.errorKind?.rawValue ?? "error")): \(h(s.errorMessage ?? ""))</p>"
                } else {
                    out += "<pre>\(h(ReportFormat.truncate(s.output ?? "", to: maxOutputCharacters)))</pre>"
                    if !s.turns.isEmpty {
                        // The exchange: each turn's calls and the results sent back, then the reply above.
                        let lines = HTMLReportWriter.exchangeLines(s.turns)
                        out += "<h4>tool calls</h4><pre class=\"calls\">\(h(ReportFormat.truncate(lines, to: maxOutputCharacters)))</pre>"
                    } else if !s.toolCalls.isEmpty {
                        let calls = s.toolCalls.map { ReportFormat.toolCall($0) }.joined(separator: "\n")
                        out += "<h4>tool calls</h4><pre class=\"calls\">\(h(ReportFormat.truncate(calls, to: maxOutputCharacters)))</pre>"
                    }
                    out += "<ul class=\"grades\">"
                    for g in s.grades {
                        let mark = g.error != nil ? "error" : (g.pass ? "pass" : "fail")
                        out += "<li class=\"\(mark)\"><b>\(h(g.type))</b> <small>(\(h(g.metric)), \(ReportFormat.score(g.score)))</small> \(h(g.error ?? g.reason))</li>"
                    }
                    out += "</ul>"
                }
                out += "<p class=\"figures\">\(ReportFormat.ms(s.timings?.totalMs)) · TTFT \(ReportFormat.ms(s.timings?.ttftMs)) · \(s.usage.map { "\($0.inputTokens) in / \($0.outputTokens) out tokens" } ?? "no usage") · \(ReportFormat.usd(s.cost)) · \(s.cached ? "from the response cache" : "\(s.attempts) attempt\(s.attempts == 1 ? "" : "s")")</p></div>\n"
            }
            out += "</div></details>\n"
        }
        return out + "</section>\n"
    }

    /// A sample's exchange, one line per turn, call and result.
    static func exchangeLines(_ turns: [SampleTurn]) -> String {
        var lines: [String] = []
        for (index, turn) in turns.enumerated() {
            let said = turn.text.isEmpty || index == turns.count - 1 ? "" : ": " + turn.text
            lines.append("turn \(index + 1)" + said)
            for (c, call) in turn.toolCalls.enumerated() {
                lines.append("  → " + ReportFormat.toolCall(call))
                if c < turn.toolResults.count { lines.append("  ← " + turn.toolResults[c]) }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func cssClass(_ s: Sample) -> String {
        if s.status == .error { return "e" }
        if s.hasGraderError && s.passed == nil { return "e" }
        return s.passed == true ? "p" : "f"
    }

    static func verdict(_ s: Sample) -> String {
        if s.status == .error { return "call failed" }
        let score = ReportFormat.score(s.score)
        switch s.passed {
        case true?: return "passed (score \(score))"
        case false?: return "failed (score \(score))"
        case nil: return "not graded"
        }
    }

    static let css = """
        :root{--fg:#1d2430;--muted:#5b6676;--line:#dde2e8;--pass:#1a7f37;--fail:#c62828;--err:#b26a00}
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);margin:0;padding:0 24px 40px;max-width:1400px}
        .banner{background:#fff3cd;border:2px solid #d39e00;color:#5c4400;font-weight:600;padding:10px 14px;margin:12px 0;border-radius:6px}
        h1{font-size:22px;margin:16px 0 6px}h2{font-size:18px;margin:28px 0 6px}h2 small{color:var(--muted);font-weight:400;font-size:13px}
        h4{margin:6px 0 2px;font-size:13px}
        .meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0;color:var(--muted)}.meta dt{font-weight:600}.meta dd{margin:0}
        table{border-collapse:collapse;margin:8px 0 12px;width:100%}th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:middle}
        th{background:#f5f7fa;font-weight:600;font-size:13px}table.metrics{width:auto}
        .desc{color:var(--muted);margin:0}.gate.ok{color:var(--pass)}.gate.bad{color:var(--fail);font-weight:600}
        svg.ci{vertical-align:middle}
        details.case{border:1px solid var(--line);border-radius:6px;margin:6px 0;padding:4px 10px}
        details.case summary{cursor:pointer}.tally{color:var(--muted);margin:0 8px}
        .dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:3px}.dot.p{background:var(--pass)}.dot.f{background:var(--fail)}.dot.e{background:var(--err)}
        .answers{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:10px;margin:8px 0}
        .answer{border-left:4px solid var(--line);padding:2px 8px;min-width:0}.answer.p{border-color:var(--pass)}.answer.f{border-color:var(--fail)}.answer.e{border-color:var(--err)}
        pre{white-space:pre-wrap;word-break:break-word;background:#f7f8fa;padding:6px 8px;border-radius:4px;max-height:320px;overflow:auto;margin:2px 0}
        ul.grades{margin:4px 0;padding-left:18px}li.pass{color:var(--pass)}li.fail{color:var(--fail)}li.error{color:var(--err)}
        .figures{color:var(--muted);font-size:12px;margin:2px 0}.err{color:var(--err)}
        .bar{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin:6px 0 10px}.bar input{flex:1;min-width:240px;padding:5px 8px}
        .bar select{padding:4px}.count{color:var(--muted)}
        .routegrid{display:grid;grid-template-columns:440px 1fr;gap:16px;align-items:start}.route h3{margin:18px 0 4px}
        .heldout{background:#f2f7f2;border-left:4px solid var(--pass);padding:6px 10px}.note{color:var(--muted);margin:2px 0}.bad{color:var(--fail)}
        h3{font-size:15px}
        footer{color:var(--muted);margin-top:30px;font-size:12px}
        """
}

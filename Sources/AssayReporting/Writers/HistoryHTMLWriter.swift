/// history.html: one self-contained page per store (inline CSS and SVG, no scripts, the run report's
/// Content Security Policy): per suite × model its pass rate with the Wilson band, its TTFT and end-to-end
/// latency (p50 line, band to p95) and cost per task over the runs, segments marked, and the drift flags.
public enum HistoryHTMLWriter {
    public static let fileName = "history.html"

    public static func html(_ history: RunHistory) -> String {
        let h = ReportFormat.html
        var page = HTMLReportWriter.pageHead(title: "Assay history", scriptSource: nil, css: HTMLReportWriter.css + css)
        if history.runs.contains(where: \.simulated) {
            page += "<div class=\"banner\" role=\"alert\">⚠ Some of these runs used Assay's built-in simulated fleet: their figures are simulated.</div>\n"
        }
        page += "<header><h1>Assay history</h1>\n<dl class=\"meta\">"
        let meta: [(String, String)] = [
            ("runs", "\(history.runs.count)"), ("from", history.runs.first?.startedAt ?? "–"), ("to", history.runs.last?.startedAt ?? "–"),
            ("series", "\(history.series.count) suite × model"),
        ]
        for (k, v) in meta { page += "<dt>\(h(k))</dt><dd>\(h(v))</dd>" }
        page += "</dl>\n</header>\n<main>\n"
        page += driftSection(history)
        var suites: [String] = []
        for s in history.series where !suites.contains(s.suite) { suites.append(s.suite) }
        for suite in suites {
            page += "<section class=\"suite\" id=\"suite-\(h(suite))\">\n<h2>\(h(suite))</h2>\n"
            page += "<table class=\"board trend\"><thead><tr><th>model</th><th>runs</th><th>pass rate (band: 95% CI)</th><th>TTFT (p50, band to p95)</th><th>latency (p50, band to p95)</th><th>cost / task</th><th>last run</th></tr></thead><tbody>\n"
            for s in history.series where s.suite == suite {
                let flagged = history.flags.contains { $0.suite == s.suite && $0.model == s.model }
                let last = s.points.last
                page += "<tr id=\"series-\(h(s.key))\"\(flagged ? " class=\"drifted\"" : "")><td><code>\(h(s.model))</code>\(flagged ? " <span class=\"flag\">drift</span>" : "")</td><td>\(s.points.count)</td>"
                page += "<td>\(chart(s.points, value: \.passRate, low: \.passRateLow, high: \.passRateHigh, range: (0, 1), label: "pass rate", format: ReportFormat.percent))</td>"
                page += "<td>\(chart(s.points, value: \.ttftP50Ms, low: \.ttftP50Ms, high: \.ttftP95Ms, range: nil, label: "TTFT", format: ReportFormat.ms))</td>"
                page += "<td>\(chart(s.points, value: \.latencyP50Ms, low: \.latencyP50Ms, high: \.latencyP95Ms, range: nil, label: "latency", format: ReportFormat.ms))</td>"
                page += "<td>\(chart(s.points, value: \.costPerTask, low: nil, high: nil, range: nil, label: "cost per task", format: ReportFormat.usd))</td>"
                if let last {
                    page += "<td>\(ReportFormat.percent(last.passRate)) <small>\(ReportFormat.interval(last.passRateLow, last.passRateHigh))</small><br>"
                    page += "<small>v\(h(last.suiteVersion)) · errors \(ReportFormat.percent(last.errorRate))</small></td>"
                } else {
                    page += "<td>–</td>"
                }
                page += "</tr>\n"
                for p in s.points where p.segmentReason != nil {
                    page += "<tr class=\"segment\"><td colspan=\"7\">new segment from run <code>\(h(p.runID))</code>: \(h(p.segmentReason ?? "")); drift is tested within a segment only</td></tr>\n"
                }
            }
            page += "</tbody></table>\n</section>\n"
        }
        page += checksSection(history)
        page += "<section><h2>Runs</h2><ol class=\"runs\">" + history.runs.map { "<li><code>\(h($0.id))</code> \(h($0.startedAt))</li>" }.joined() + "</ol>\n"
        if !history.notes.isEmpty { page += "<ul class=\"notes\">" + history.notes.map { "<li>\(h($0))</li>" }.joined() + "</ul>\n" }
        page += "</section>\n</main>\n</body>\n</html>\n"
        return page
    }

    static func driftSection(_ history: RunHistory) -> String {
        let h = ReportFormat.html
        var out = "<section id=\"drift\"><h2>Drift</h2>\n"
        let flags = history.flags
        if history.checks.isEmpty {
            out += "<p class=\"gate ok\">Nothing tested yet: no series has an earlier run in its segment to compare with.</p>\n"
        } else if flags.isEmpty {
            out += "<p class=\"gate ok\">✔ No drift: none of \(history.checks.count) checks passed both the significance test (Holm, α = \(history.options.alpha)) and the size test.</p>\n"
        } else {
            for (title, group) in [("Calls failing (quota, outage), not a change in answers", flags.filter { $0.metric == .errors }),
                                   ("Answers, speed or cost changed", flags.filter { $0.metric != .errors })] where !group.isEmpty {
                out += "<h3>\(h(title))</h3>\n<ul class=\"flags\">"
                for c in group {
                    out += "<li class=\"gate bad\">✘ <a href=\"#series-\(h("\(c.suite)/\(c.model)"))\">\(h(c.suite)) × <code>\(h(c.model))</code></a>: \(h(HistoryMarkdownWriter.finding(c)))</li>"
                }
                out += "</ul>\n"
            }
        }
        return out + "</section>\n"
    }

    static func checksSection(_ history: RunHistory) -> String {
        guard !history.checks.isEmpty else { return "" }
        let h = ReportFormat.html
        var out = "<section><h2>Every check</h2>\n<table class=\"board\"><thead><tr><th>suite</th><th>model</th><th>metric</th><th>reference</th><th>recent</th><th>change</th><th>p</th><th>p (Holm)</th><th>compared</th><th>flagged</th></tr></thead><tbody>\n"
        for c in history.checks {
            out += "<tr><td>\(h(c.suite))</td><td><code>\(h(c.model))</code></td><td>\(h(c.metric.rawValue))</td>"
            out += "<td>\(h(HistoryMarkdownWriter.figure(c, c.reference)))</td><td>\(h(HistoryMarkdownWriter.figure(c, c.recent)))</td><td>\(h(HistoryMarkdownWriter.change(c)))</td>"
            out += "<td>\(h(ReportFormat.pValue(c.p)))</td><td>\(h(ReportFormat.pValue(c.pAdjusted)))</td><td>\(h(c.units))</td><td>\(c.flagged ? "✘ drift" : "–")</td></tr>\n"
        }
        return out + "</tbody></table></section>\n"
    }

    /// A small SVG trend: the value as a line, the band between `low` and `high` shaded, dashed lines where a
    /// segment begins, each point titled with its run and figure.
    static func chart(
        _ points: [HistoryPoint], value: KeyPath<HistoryPoint, Double?>, low: KeyPath<HistoryPoint, Double?>?,
        high: KeyPath<HistoryPoint, Double?>?, range: (Double, Double)?, label: String, format: (Double?) -> String
    ) -> String {
        let width = 220.0
        let height = 56.0
        let pad = 4.0
        let values = points.compactMap { $0[keyPath: value] }
        guard !values.isEmpty else { return "<small>–</small>" }
        let highs = high.map { k in points.compactMap { $0[keyPath: k] } } ?? []
        let lows = low.map { k in points.compactMap { $0[keyPath: k] } } ?? []
        var lo = range?.0 ?? min(values.min()!, lows.min() ?? values.min()!)
        var hi = range?.1 ?? max(values.max()!, highs.max() ?? values.max()!)
        if range == nil {
            lo = min(lo, 0)
            hi = hi == lo ? lo + 1 : hi * 1.05
        }
        let n = points.count
        func x(_ i: Int) -> Double { n == 1 ? width / 2 : pad + (width - 2 * pad) * Double(i) / Double(n - 1) }
        func y(_ v: Double) -> Double { height - pad - (height - 2 * pad) * (v - lo) / (hi - lo) }
        func f(_ v: Double) -> String { ReportFormat.fixed(v, 1) }
        var svg = "<svg class=\"spark\" role=\"img\" aria-label=\"\(ReportFormat.html(label)) over \(n) runs\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\">"
        if let low, let high {
            let band = points.indices.compactMap { i -> (Int, Double, Double)? in
                guard let a = points[i][keyPath: low], let b = points[i][keyPath: high] else { return nil }
                return (i, a, b)
            }
            if band.count > 1 {
                let upper = band.map { "\(f(x($0.0))),\(f(y($0.2)))" }
                let lower = band.reversed().map { "\(f(x($0.0))),\(f(y($0.1)))" }
                svg += "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\"/>"
            }
        }
        for i in points.indices where i > 0 && points[i].segment != points[i - 1].segment {
            let at = (x(i) + x(i - 1)) / 2
            svg += "<line class=\"cut\" x1=\"\(f(at))\" y1=\"0\" x2=\"\(f(at))\" y2=\"\(Int(height))\"/>"
        }
        let line = points.indices.compactMap { i in points[i][keyPath: value].map { "\(f(x(i))),\(f(y($0)))" } }
        if line.count > 1 { svg += "<polyline class=\"line\" points=\"\(line.joined(separator: " "))\"/>" }
        for i in points.indices {
            guard let v = points[i][keyPath: value] else { continue }
            let title = "\(points[i].runID) (\(points[i].startedAt.prefix(16))): \(format(v))"
            svg += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"2.5\"><title>\(ReportFormat.html(title))</title></circle>"
        }
        svg += "</svg>"
        return svg + "<br><small>\(ReportFormat.html(format(values.last)))</small>"
    }

    static let css = """
        .spark{display:block}.spark .band{fill:#9ab8e0;opacity:.45}.spark .line{fill:none;stroke:#1f5fa8;stroke-width:1.6}
        .spark circle{fill:#1f5fa8}.spark .cut{stroke:#8a8f98;stroke-dasharray:3 3}
        tr.drifted{background:#fdecea}.flag{background:var(--fail);color:#fff;border-radius:3px;padding:0 5px;font-size:11px}
        tr.segment td{color:var(--muted);font-size:12px}ul.flags{list-style:none;padding:0}ol.runs{columns:2}
        """
}

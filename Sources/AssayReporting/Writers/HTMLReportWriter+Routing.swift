import Foundation
import AssayStatistics

extension HTMLReportWriter {
    /// Per category: the quality-versus-cost scatter (log cost axis) with the Pareto frontier, and the
    /// routing decision with its held-out check.
    func routingSection(_ summary: RunSummary) -> String {
        guard !summary.routes.isEmpty else { return "" }
        let h = ReportFormat.html
        var out = "<section class=\"routing\"><h2>Routing per category</h2>\n"
        out += "<p class=\"desc\">" + h(MarkdownSummaryWriter.rule(summary.routingOptions))
        out += " Shares among the models allowed to take traffic follow cost and latency and become LiteLLM weights in litellm-router.yaml.</p>\n"
        for route in summary.routes {
            out += "<div class=\"route\"><h3>\(h(route.category))</h3>\n<div class=\"routegrid\">\(scatter(route))<div>"
            out += "<p>Primary: <code>\(h(route.primary ?? "none"))</code>"
            if !route.fallbacks.isEmpty { out += "; fallbacks: " + route.fallbacks.map { "<code>\(h($0))</code>" }.joined(separator: " → ") }
            out += ". α divided among \(route.candidatesTested) potential candidate\(route.candidatesTested == 1 ? "" : "s"): each bound at error \(h(String(format: "%.4g", route.comparisonAlpha)))"
            out += route.sequential ? ", anytime-valid confidence sequences." : "."
            out += "</p><table><thead><tr><th>model</th><th>decision</th><th>pass rate (95% CI)</th><th>cost / task</th><th>p95 latency</th><th>Pareto</th><th>share</th></tr></thead><tbody>"
            for c in route.candidates.sorted(by: { ($0.share, $0.quality) > ($1.share, $1.quality) }) {
                let pareto = [c.paretoCost ? "cost" : nil, c.paretoLatency ? "latency" : nil].compactMap { $0 }.joined(separator: ", ")
                out += "<tr class=\"decision-\(c.decision.rawValue)\"><td><code>\(h(c.model))</code></td>"
                out += "<td title=\"\(h(c.verdict(in: route)))\">\(h(c.decision.name(in: route.mode)))</td>"
                out += "<td>\(ReportFormat.percent(c.quality)) <small>\(ReportFormat.interval(c.qualityLow, c.qualityHigh))</small></td>"
                out += "<td>\(ReportFormat.usd(c.costPerTask))</td><td>\(ReportFormat.ms(c.p95LatencyMs))</td><td>\(h(pareto))</td>"
                out += "<td>\(ReportFormat.percent(c.share))</td></tr>"
            }
            out += "</tbody></table><ul class=\"verdicts\">"
            for c in route.candidates where c.decision != .excluded {
                out += "<li><code>\(h(c.model))</code>: \(h(c.verdict(in: route)))</li>"
            }
            out += "</ul>"
            if let held = route.heldOut {
                out += "<p class=\"heldout\">Held-out check (fit on \(held.fitCases) cases, measured on \(held.heldOutCases) others): policy \(ReportFormat.percent(held.policyQuality)) at \(ReportFormat.usd(held.policyCostPerTask))/task; "
                out += "baseline <code>\(h(held.baselineModel))</code> \(ReportFormat.percent(held.baselineQuality)) at \(ReportFormat.usd(held.baselineCostPerTask)); "
                out += "difference \(h(ReportFormat.points(-held.loss.estimate))), 95% lower bound \(h(ReportFormat.points(held.differenceLowerBound))). "
                out += held.projectedSavings != nil ? "<b>\(h(held.verdict)).</b></p>" : "\(h(held.verdict)).</p>"
            }
            for note in route.notes { out += "<p class=\"note\">\(h(note))</p>" }
            out += "</div></div></div>\n"
        }
        return out + "</section>\n"
    }

    /// An inline SVG scatter of pass rate against cost per task on a log axis, frontier joined.
    func scatter(_ route: CategoryRoute) -> String {
        let points = route.candidates.compactMap { c in c.costPerTask.flatMap { $0 > 0 ? (c, $0) : nil } }
        guard !points.isEmpty else { return "<p>No model with a known cost.</p>" }
        let width = 420.0, height = 260.0, left = 48.0, right = 16.0, top = 14.0, bottom = 36.0
        let logs = points.map { Foundation.log10($0.1) }
        var lo = (logs.min() ?? 0).rounded(.down)
        var hi = (logs.max() ?? 0).rounded(.up)
        if hi - lo < 1 { lo -= 0.5; hi += 0.5 }
        func x(_ cost: Double) -> Double { left + (Foundation.log10(cost) - lo) / (hi - lo) * (width - left - right) }
        func y(_ q: Double) -> Double { top + (1 - q) * (height - top - bottom) }
        var svg = "<svg class=\"scatter\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"pass rate against cost per task\">"
        svg += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(width - left - right)\" height=\"\(height - top - bottom)\" fill=\"#fafbfc\" stroke=\"#dde2e8\"/>"
        for q in stride(from: 0.0, through: 1.0, by: 0.25) {
            svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(q))\" y2=\"\(y(q))\" stroke=\"#eef0f3\"/><text x=\"\(left - 6)\" y=\"\(y(q) + 4)\" text-anchor=\"end\" font-size=\"10\" fill=\"#5b6676\">\(Int(q * 100))%</text>"
        }
        var decade = lo
        while decade <= hi + 1e-9 {
            let cost = Foundation.pow(10, decade)
            svg += "<line x1=\"\(x(cost))\" x2=\"\(x(cost))\" y1=\"\(top)\" y2=\"\(height - bottom)\" stroke=\"#eef0f3\"/><text x=\"\(x(cost))\" y=\"\(height - bottom + 14)\" text-anchor=\"middle\" font-size=\"10\" fill=\"#5b6676\">$\(ReportFormat.html(String(format: "%g", cost)))</text>"
            decade += 1
        }
        svg += "<text x=\"\((left + width - right) / 2)\" y=\"\(height - 4)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#5b6676\">cost per task (USD, log scale)</text>"
        let frontier = points.filter { $0.0.paretoCost }.sorted { $0.1 < $1.1 }
        if frontier.count > 1 {
            let path = frontier.map { "\(x($0.1)),\(y($0.0.quality))" }.joined(separator: " ")
            svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"#1f4e8c\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"
        }
        for (c, cost) in points {
            if let low = c.qualityLow, let high = c.qualityHigh {
                svg += "<line x1=\"\(x(cost))\" x2=\"\(x(cost))\" y1=\"\(y(high))\" y2=\"\(y(low))\" stroke=\"#9db7d5\" stroke-width=\"2\"/>"
            }
            let fill = c.share > 0.05 ? "#1a7f37" : (c.paretoCost ? "#1f4e8c" : "#8a94a3")
            svg += "<circle cx=\"\(x(cost))\" cy=\"\(y(c.quality))\" r=\"5\" fill=\"\(fill)\"><title>\(ReportFormat.html(c.model))</title></circle>"
            svg += "<text x=\"\(x(cost) + 7)\" y=\"\(y(c.quality) - 6)\" font-size=\"10\" fill=\"#1d2430\">\(ReportFormat.html(c.model))</text>"
        }
        return svg + "</svg>"
    }

    /// Regressions and changes against the baseline run.
    func baselineSection(_ summary: RunSummary) -> String {
        guard let b = summary.baseline else { return "" }
        let h = ReportFormat.html
        var out = "<section class=\"baseline\"><h2>Against baseline run <code>\(h(b.baseRunID))</code></h2>\n"
        out += "<p class=\"desc\">A regression is a significant drop (Holm-adjusted, α = \(b.alpha)) larger than \(ReportFormat.percent(b.minEffect)).</p>"
        out += "<table><thead><tr><th>suite</th><th>model</th><th>cases</th><th>base</th><th>now</th><th>change</th><th>p (Holm)</th><th>verdict</th></tr></thead><tbody>"
        for c in b.cells {
            let verdict = c.regression ? "<b class=\"bad\">regression</b>" : (c.improvement ? "improvement" : "no significant change")
            out += "<tr><td>\(h(c.suite))</td><td><code>\(h(c.model))</code></td><td>\(c.cases)</td><td>\(ReportFormat.percent(c.basePassRate))</td><td>\(ReportFormat.percent(c.candidatePassRate))</td>"
            out += "<td>\(String(format: "%+.1f pp", c.change * 100))</td><td>\(ReportFormat.pValue(c.pAdjusted))</td><td>\(verdict)</td></tr>"
        }
        return out + "</tbody></table></section>\n"
    }
}

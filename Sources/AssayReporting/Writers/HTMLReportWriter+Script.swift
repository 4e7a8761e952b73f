import Foundation
import Crypto
import AssayCore
extension HTMLReportWriter {
    /// The search box and filters over the drill-down.
    func filterBar(_ summary: RunSummary) -> String {
        let h = ReportFormat.html
        let models = summary.suites.flatMap { $0.models.map(\.model) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        var out = "<section class=\"filters\"><h2>Cases</h2><div class=\"bar\">"
        out += "<input id=\"q\" type=\"search\" placeholder=\"search inputs, answers and reasons\" aria-label=\"search\">"
        out += "<select id=\"f-suite\" aria-label=\"suite\"><option value=\"\">all suites</option>"
        out += summary.suites.map { "<option value=\"\(h($0.name))\">\(h($0.name))</option>" }.joined() + "</select>"
        out += "<select id=\"f-model\" aria-label=\"model\"><option value=\"\">any model</option>"
        out += models.map { "<option value=\"\(h($0))\">\(h($0))</option>" }.joined() + "</select>"
        out += "<select id=\"f-outcome\" aria-label=\"outcome\"><option value=\"\">any outcome</option><option value=\"p\">passed</option><option value=\"f\">failed</option><option value=\"e\">error</option><option value=\"mixed\">models disagree</option></select>"
        out += "<span id=\"f-count\" class=\"count\"></span></div></section>\n"
        return out
    }

    /// Judge reliability: what is known about the judge whose scores the report uses.
    func judgeSection(_ summary: RunSummary) -> String {
        let h = ReportFormat.html
        guard let judge = summary.run.configuration["judge"]?.stringValue else { return "" }
        let prompt = summary.run.configuration["judge_prompt"]?.stringValue ?? ""
        let judged = summary.table.judgedGrades
        let errors = summary.table.judgeErrors
        var out = "<section class=\"judge\"><h2>Judge</h2><p>Judge model <code>\(h(judge))</code>, prompt <code>\(h(prompt))</code>: "
        out += "\(judged) judged grades, \(errors) grader error\(errors == 1 ? "" : "s") (replies that could not be read after a retry, or failed calls; these count neither as passes nor failures).</p>"
        if summary.calibrations.isEmpty {
            out += "<p>Agreement with human labels: not measured in this run (no suite has a calibration set), so judged scores are taken as they are.</p>"
        } else {
            out += "<table><thead><tr><th>suite</th><th>metric</th><th>judge</th><th>items</th><th>agreement (pass/fail)</th><th>Cohen's κ</th><th>weighted κ (quadratic, 5 levels)</th><th>trusted</th></tr></thead><tbody>"
            for c in summary.calibrations {
                let kappa = c.kappa.map { String(format: "%.2f", $0) } ?? "–"
                let weighted = c.weightedKappa.map { String(format: "%.2f", $0) } ?? "–"
                out += "<tr><td>\(h(c.suite))</td><td>\(h(c.metric))</td><td><code>\(h(c.judge))</code></td><td>\(c.items)\(c.errors > 0 ? " (\(c.errors) errors)" : "")</td>"
                out += "<td>\(ReportFormat.percent(c.agreement))</td><td>\(kappa)</td><td>\(weighted)</td>"
                out += "<td>\(c.trusted ? "yes" : "<b class=\"bad\">no</b> (below \(c.kappaFloor)): left out of routing")</td></tr>"
            }
            out += "</tbody></table>"
        }
        out += "</section>\n"
        return out
    }

    /// The page's only script: filtering the drill-down. Allowed by its hash in the Content-Security-Policy;
    /// it reads the page's own elements and never inserts markup.
    static let script = """
        (function () {
          var q = document.getElementById('q'), suite = document.getElementById('f-suite'),
              model = document.getElementById('f-model'), outcome = document.getElementById('f-outcome'),
              count = document.getElementById('f-count');
          if (!q) { return; }
          var cases = Array.prototype.slice.call(document.querySelectorAll('details.case'));
          function outcomesOf(c) {
            return (c.getAttribute('data-outcomes') || '').split(';').filter(Boolean).map(function (pair) {
              var at = pair.lastIndexOf('=');
              return { model: pair.slice(0, at), outcome: pair.slice(at + 1) };
            });
          }
          function apply() {
            var text = q.value.toLowerCase(), shown = 0;
            cases.forEach(function (c) {
              var ok = !suite.value || c.getAttribute('data-suite') === suite.value;
              var all = outcomesOf(c);
              var mine = all.filter(function (o) { return !model.value || o.model === model.value; });
              if (ok && model.value && mine.length === 0) { ok = false; }
              if (ok && outcome.value === 'mixed') {
                ok = all.some(function (o) { return o.outcome !== all[0].outcome; });
              } else if (ok && outcome.value) {
                ok = mine.some(function (o) { return o.outcome === outcome.value; });
              }
              if (ok && text && c.textContent.toLowerCase().indexOf(text) < 0) { ok = false; }
              c.hidden = !ok;
              if (ok) { shown += 1; }
            });
            count.textContent = shown + ' of ' + cases.length + ' cases shown';
          }
          [q, suite, model, outcome].forEach(function (e) { e.addEventListener('input', apply); e.addEventListener('change', apply); });
          apply();
          document.body.setAttribute('data-ready', '1');
        })();
        """

    static let scriptHash = Data(Crypto.SHA256.hash(data: Data(script.utf8))).base64EncodedString()
}

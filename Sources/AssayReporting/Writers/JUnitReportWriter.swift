import Foundation
import AssayCore

/// junit.xml, valid against the Jenkins JUnit 4 schema that Jenkins and GitLab read:
/// a `testsuite` per suite × model, a `testcase` per case and repeat; `failure` when the answer
/// fails its grade, `error` when the provider or a grader failed; the answer (truncated) and the
/// per-case figures in `system-out`; times in seconds.
public struct JUnitReportWriter: ReportWriter {
    public let fileName = "junit.xml"
    public static let maxOutput = 2000

    public init() {}

    public func write(_ summary: RunSummary, samples source: SampleSource, to sink: ReportSink) async throws {
        let x = ReportFormat.xml
        // The counts that head each testsuite come from the summary's outcome table; the testcases, which
        // show answers and reasons, are then streamed from the source one suite × model at a time.
        var notRun: [String: [PlannedKey]] = [:]
        for key in summary.notRun { notRun["\(key.suite)\u{1F}\(key.model)", default: []].append(key) }
        // The table summed in key order, so the same run always writes the same figures.
        var groups: [String: (count: Int, failures: Int, errors: Int, time: Double)] = [:]
        for (suite, models) in summary.table.cells {
            for (model, cell) in models {
                groups["\(suite)\u{1F}\(model)"] = (cell.samples, cell.junitFailures, cell.junitErrors, cell.seconds)
            }
        }
        var totals = (tests: 0, failures: 0, errors: 0, time: 0.0)
        for suite in summary.suites {
            for model in suite.models {
                let key = "\(suite.name)\u{1F}\(model.model)"
                let group = groups[key] ?? (0, 0, 0, 0)
                totals.tests += group.count + (notRun[key]?.count ?? 0)
                totals.failures += group.failures
                totals.errors += group.errors
                totals.time += group.time
            }
        }
        let title = summary.notice.map { "assay run \(summary.run.id) (\($0))" } ?? "assay run \(summary.run.id)"
        sink.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="\(x(title))" tests="\(totals.tests)" failures="\(totals.failures)" errors="\(totals.errors)" time="\(JUnitReportWriter.seconds(totals.time))">

            """)
        for suite in summary.suites {
            for model in suite.models {
                let skipped = notRun["\(suite.name)\u{1F}\(model.model)"] ?? []
                let key = "\(suite.name)\u{1F}\(model.model)"
                let (count, failures, errors, time) = groups[key] ?? (0, 0, 0, 0)
                var head = "  <testsuite name=\"\(x(suite.name)) / \(x(model.model))\" tests=\"\(count + skipped.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped.count)\" time=\"\(JUnitReportWriter.seconds(time))\" timestamp=\"\(x(String(summary.run.startedAt.prefix(19))))\" hostname=\"assay\" package=\"\(x(suite.name))\">\n"
                head += "    <properties>\n"
                var props: [(String, String)] = [
                    ("suite", suite.name), ("suite.version", suite.version), ("category", suite.category),
                    ("model", model.model), ("run.id", summary.run.id), ("rank", model.rankRange),
                    ("pass_rate", ReportFormat.percent(model.passRate)),
                    ("pass_rate_ci95", ReportFormat.interval(model.passRateLow, model.passRateHigh)),
                    ("mean_score", ReportFormat.score(model.meanScore)),
                    ("latency_p50", ReportFormat.ms(model.latencyP50Ms)), ("latency_p95", ReportFormat.ms(model.latencyP95Ms)),
                    ("ttft_p50", ReportFormat.ms(model.ttftP50Ms)),
                    ("cost_total_usd", ReportFormat.usd(model.totalCost)), ("judge_cost_usd", ReportFormat.usd(model.judgeCost)),
                ]
                if let notice = summary.notice { props.insert(("notice", notice), at: 0) }
                if let incomplete = summary.incompleteNotice { props.insert(("incomplete", incomplete), at: 0) }
                for (name, value) in props {
                    head += "      <property name=\"\(x(name))\" value=\"\(x(value))\"/>\n"
                }
                head += "    </properties>\n"
                sink.write(head)
                try await source.forEach(suite.name, model.model) { s in
                    sink.write(JUnitReportWriter.testcase(s, suite: suite.name, model: model.model))
                }
                for key in skipped {
                    let name = key.repeatIndex > 0 ? "\(key.caseID) #\(key.repeatIndex + 1)" : key.caseID
                    var cases = "    <testcase name=\"\(x(name))\" classname=\"\(x(suite.name)).\(x(model.model))\" time=\"0.000\">\n"
                    cases += "      <skipped message=\"not run: the run was stopped before this sample\"/>\n    </testcase>\n"
                    sink.write(cases)
                }
                sink.write("  </testsuite>\n")
            }
        }
        sink.write("</testsuites>\n")
    }

    enum Outcome { case passed, failure, error }

    static func outcome(_ s: Sample) -> Outcome {
        if s.status == .error || s.hasGraderError { return .error }
        return s.passed == false ? .failure : .passed
    }

    static func testcase(_ s: Sample, suite: String, model: String) -> String {
        let x = ReportFormat.xml
        let seconds = (s.timings?.totalMs ?? 0) / 1000
        let name = s.repeatIndex > 0 ? "\(s.caseID) #\(s.repeatIndex + 1)" : s.caseID
        var out = "    <testcase name=\"\(x(name))\" classname=\"\(x(suite)).\(x(model))\" time=\"\(JUnitReportWriter.seconds(seconds))\">\n"
        if s.status == .error {
            let kind = s.errorKind?.rawValue ?? "error"
            out += "      <error type=\"\(x(kind))\" message=\"\(x(String((s.errorMessage ?? kind).prefix(300))))\">\(x(s.errorMessage ?? ""))</error>\n"
        } else if s.hasGraderError {
            let reasons = s.grades.compactMap { g in g.error.map { "\(g.metric): \($0)" } }
            out += "      <error type=\"grader-error\" message=\"\(x(String(reasons.joined(separator: "; ").prefix(300))))\">\(x(JUnitReportWriter.gradeLines(s)))</error>\n"
        } else if s.passed == false {
            let failed = s.grades.filter { !$0.pass }.map { "\($0.metric): \($0.reason)" }
            out += "      <failure type=\"assertion\" message=\"\(x(String(failed.joined(separator: "; ").prefix(300))))\">\(x(JUnitReportWriter.gradeLines(s)))</failure>\n"
        }
        out += "      <system-out>\(x(JUnitReportWriter.systemOut(s)))</system-out>\n"
        return out + "    </testcase>\n"
    }

    static func seconds(_ value: Double) -> String { ReportFormat.fixed(value, 3) }

    static func gradeLines(_ s: Sample) -> String {
        s.grades.map { g in
            let mark = g.error != nil ? "ERROR" : (g.pass ? "pass" : "FAIL")
            return "[\(mark)] \(g.type) (\(g.metric), score \(ReportFormat.score(g.score)), weight \(JSONValue.format(number: g.weight))): \(g.error ?? g.reason)"
        }.joined(separator: "\n")
    }

    static func systemOut(_ s: Sample) -> String {
        var lines: [String] = []
        lines.append("score: \(ReportFormat.score(s.score))")
        lines.append("cost_usd: \(s.usage == nil ? "none" : ReportFormat.usd(s.cost))")
        if let t = s.timings {
            lines.append("latency_ms: \(ReportFormat.fixed(t.totalMs, 1))")
            lines.append("ttft_ms: \(t.ttftMs.map { ReportFormat.fixed($0, 1) } ?? "none")")
        }
        if let u = s.usage { lines.append("tokens: \(u.inputTokens) in, \(u.outputTokens) out") }
        lines.append("attempts: \(s.attempts)")
        if !s.grades.isEmpty { lines.append(gradeLines(s)) }
        if let output = s.output { lines.append("--- answer ---\n" + ReportFormat.truncate(output, to: maxOutput)) }
        if !s.toolCalls.isEmpty {
            let calls = s.toolCalls.map { ReportFormat.toolCall($0) }.joined(separator: "\n")
            lines.append("--- tool calls ---\n" + ReportFormat.truncate(calls, to: maxOutput))
        }
        return lines.joined(separator: "\n")
    }
}

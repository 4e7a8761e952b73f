import AssayCore
import Foundation

/// Builds the run summary from the store and writes every report file.
public enum ReportPublisher {
    static func summarize(
        runID: String, store: any ResultStore, suites: [Suite], models: [String], skipped: [String: String],
        failUnder: Double?
    ) throws -> RunSummary {
        guard let run = try store.run(id: runID) else { throw EngineError(message: "run \(runID) is not in the store") }
        let samples = try store.samples(runID: runID)
        let suiteSummaries = Aggregator.summarize(suites: suites, models: models, samples: samples)
        var gates: [GateResult] = []
        if let floor = failUnder {
            var below: [String] = []
            for suite in suiteSummaries {
                for m in suite.models where (m.passRate ?? 0) < floor {
                    below.append("\(suite.name) × \(m.model) \(ReportFormat.percent(m.passRate))")
                }
            }
            gates.append(GateResult(
                name: "pass rate ≥ \(ReportFormat.percent(floor))", passed: below.isEmpty,
                detail: below.isEmpty ? "every suite × model reached it" : "below: " + below.joined(separator: ", ")))
        }
        var details: [String: CaseDetail] = [:]
        for suite in suites {
            for testCase in suite.cases {
                let prompt = (try? Template(suite.prompt).render(testCase.vars)) ?? suite.prompt
                let expected = suite.simulatorReference.flatMap { try? Template($0).render(testCase.vars) }
                details["\(suite.name)/\(testCase.id)"] = CaseDetail(prompt: prompt, expected: expected)
            }
        }
        return RunSummary(run: run, suites: suiteSummaries, samples: samples, skippedModels: skipped, gates: gates, caseDetails: details)
    }

    public static let writers: [any ReportWriter] = [
        ResultsJSONWriter(), JUnitReportWriter(), MarkdownSummaryWriter(), HTMLReportWriter(),
    ]

    /// Writes the reports into `directory`; with `reportsRoot`, points `<reportsRoot>/latest` at it.
    static func write(_ summary: RunSummary, to directory: String, reportsRoot: String?) throws {
        for writer in writers {
            let path = (directory as NSString).appendingPathComponent(writer.fileName)
            try Data(writer.render(summary).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        }
        if let root = reportsRoot {
            let latest = (root as NSString).appendingPathComponent("latest")
            let fm = FileManager.default
            if (try? fm.destinationOfSymbolicLink(atPath: latest)) != nil || fm.fileExists(atPath: latest) {
                try? fm.removeItem(atPath: latest)
            }
            try? fm.createSymbolicLink(atPath: latest, withDestinationPath: (directory as NSString).lastPathComponent)
        }
    }
}

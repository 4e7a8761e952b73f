import AssayCore
@testable import AssayEngine
import AssaySimulator
import Foundation
import Testing

/// The documented drift example, end to end: three nights on the simulated fleet, then a night on which one
/// model got worse and slower and another started failing calls. `assay history` flags the drifted night
/// and not the steady ones; the run's own reports carry the flags and link the trend page.
@Suite(.serialized)
struct SimulatedDriftTests {
    static let catalog = """
        judge: {simulated: sim/judge-1}
        models:
          - {id: sim/orion-medium, provider: openai, model: orion-medium, price: {input: 0.5, output: 1.5}}
          - {id: sim/swift-mini, provider: anthropic, model: swift-mini, price: {input: 0.1, output: 0.4}}
          - {id: sim/judge-1, provider: openai, model: judge-1, judge_only: true}
        """

    static let drifted = """
        judge: {simulated: sim/judge-1}
        models:
          - id: sim/orion-medium
            provider: openai
            model: orion-medium
            price: {input: 0.5, output: 1.5}
            drift: {from: 2026-01-01, quality: -0.3, latency: 2}
          - id: sim/swift-mini
            provider: anthropic
            model: swift-mini
            price: {input: 0.1, output: 0.4}
            drift: {errors: 0.5}
          - {id: sim/judge-1, provider: openai, model: judge-1, judge_only: true}
        """

    /// The shipped support-tickets suite cut to 60 cases.
    static func suite(in folder: URL) throws -> String {
        let target = folder.appendingPathComponent("support-tickets")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let source = CLIRunner.root.appendingPathComponent("Suites/support-tickets")
        try FileManager.default.copyItem(at: source.appendingPathComponent("suite.yaml"), to: target.appendingPathComponent("suite.yaml"))
        let cases = try String(contentsOf: source.appendingPathComponent("cases.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(60).joined(separator: "\n") + "\n"
        try cases.write(to: target.appendingPathComponent("cases.jsonl"), atomically: true, encoding: .utf8)
        return target.path
    }

    @Test func aDriftedNightIsFlaggedAndSteadyNightsAreNot() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let suite = try Self.suite(in: tmp)
        try Self.catalog.write(to: tmp.appendingPathComponent("models.yaml"), atomically: true, encoding: .utf8)
        try Self.drifted.write(to: tmp.appendingPathComponent("drifted.yaml"), atomically: true, encoding: .utf8)
        let db = tmp.appendingPathComponent("nights.sqlite").path
        func night(_ n: Int, catalog: String, extra: [String] = []) async throws -> URL {
            let out = tmp.appendingPathComponent("night\(n)")
            let result = try await CLIRunner.run([
                "run", suite, "--models", tmp.appendingPathComponent(catalog).path, "--db", db, "--out", out.path,
                "--sim-time-scale", "0.5", "--run-id", "night\(n)",
            ] + extra)
            #expect(result.status == 0, "\(result.stderr)\(result.stdout)")
            return out
        }
        let first = try await night(1, catalog: "models.yaml", extra: ["--slo", "ttft_ms=400,e2e_ms=3000"])
        // A first run has nothing to compare with: no trend files, no drift section.
        #expect(!FileManager.default.fileExists(atPath: first.appendingPathComponent("history.html").path))
        let firstResults = try JSONValue.parse(String(contentsOf: first.appendingPathComponent("results.json"), encoding: .utf8))
        #expect(firstResults["drift"] == .null)
        // Goodput under the objective, per suite × model.
        let goodput = firstResults["suites"]?.arrayValue?.first?["models"]?.arrayValue?.compactMap { $0["goodput"]?["calls"]?.numberValue } ?? []
        #expect(goodput == [60, 60])
        _ = try await night(2, catalog: "models.yaml")
        let third = try await night(3, catalog: "models.yaml")
        // Answers, errors and costs repeat exactly for a seed; only the measured times vary from night to night,
        // so the steady nights are checked for those flags, and `assay history` below with a latency minimum
        // (50%) that scheduling noise on a busy machine does not reach and the drifted night's doubling passes.
        let steadySummary = try String(contentsOf: third.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(steadySummary.contains("## Drift"))
        for flag in ["quality dropped", "error rate rose", "cost per task rose"] { #expect(!steadySummary.contains(flag), "\(steadySummary)") }

        let steady = try await CLIRunner.run([
            "history", "--db", db, "--out", tmp.appendingPathComponent("steady").path, "--fail-on-drift", "--min-latency-rise", "0.5",
        ])
        #expect(steady.status == 0, "\(steady.stdout)\(steady.stderr)")
        let steadyJSON = try JSONValue.parse(String(contentsOf: tmp.appendingPathComponent("steady/history.json"), encoding: .utf8))
        #expect((steadyJSON["checks"]?.arrayValue?.count ?? 0) == 10, "5 checks for each of 2 series")
        #expect(steadyJSON["drift"]?.arrayValue?.isEmpty == true)

        let fourth = try await night(4, catalog: "drifted.yaml")
        let drift = try await CLIRunner.run([
            "history", "--db", db, "--out", tmp.appendingPathComponent("drift").path, "--fail-on-drift", "--min-latency-rise", "0.5",
        ])
        #expect(drift.status == 100, "\(drift.stdout)\(drift.stderr)")
        let json = try JSONValue.parse(String(contentsOf: tmp.appendingPathComponent("drift/history.json"), encoding: .utf8))
        let flags = Set((json["drift"]?.arrayValue ?? []).map { "\($0["model"]?.stringValue ?? "") \($0["metric"]?.stringValue ?? "")" })
        #expect(flags.isSuperset(of: ["sim/orion-medium quality", "sim/orion-medium latency", "sim/swift-mini errors"]), "\(flags)")
        #expect(!flags.contains("sim/swift-mini quality"), "failing calls are not a quality drop")
        #expect(drift.stdout.contains("**Calls failing**"))

        // The drifted night's own reports carry the flags and link the trend.
        let summary = try String(contentsOf: fourth.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("quality dropped"))
        let index = try String(contentsOf: fourth.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("<a href=\"history.html\">Trend over the last 4 runs</a>"))
        #expect(FileManager.default.fileExists(atPath: fourth.appendingPathComponent("history.json").path))

        guard let chromium = HTMLReportBrowserTests.chromium else { return }
        let page = fourth.appendingPathComponent("history.html")
        let flagsArgs = HTMLReportBrowserTests.flags(profile: tmp.appendingPathComponent("chromium-profile"))
        let dom = try await CLIRunner.runProcess(
            chromium, flagsArgs + ["--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--dump-dom", page.absoluteString])
        #expect(dom.status == 0, "chromium failed: \(dom.stderr.suffix(1500))")
        #expect(dom.stdout.contains("<polyline class=\"line\""), "the trend lines are in the page")
        #expect(dom.stdout.contains("class=\"drifted\""))
        let console = HTMLReportBrowserTests.consoleMessages(dom.stderr)
        #expect(console.isEmpty, "console messages: \(console.joined(separator: "\n"))")
        let shot = tmp.appendingPathComponent("history.png")
        let screenshot = try await CLIRunner.runProcess(
            chromium, flagsArgs + ["--hide-scrollbars", "--window-size=1300,1100", "--screenshot=\(shot.path)", page.absoluteString])
        #expect(screenshot.status == 0)
        HTMLReportBrowserTests.keep(shot, as: "history-screenshot.png")
    }

    @Test func aDriftAppliesFromItsDateOnly() throws {
        var model = ModelSpec(id: "sim/orion-medium", provider: "openai", model: "orion-medium")
        model.simulatedDrift = SimulatedDrift(from: ISOTime.parse("2026-12-01"), quality: -0.3, latency: 2, errors: 0.25)
        let eve = try #require(ISOTime.parse("2026-11-30T23:59:59Z"))
        let day = try #require(ISOTime.parse("2026-12-01"))
        let before = try #require(SimulatedFleetScope.profiles(for: [model], at: eve).first { $0.name == "orion-medium" })
        let after = try #require(SimulatedFleetScope.profiles(for: [model], at: day).first { $0.name == "orion-medium" })
        let builtIn = try #require(SimulatedModelProfile.builtIn.first { $0.name == "orion-medium" })
        #expect(before == builtIn)
        #expect(abs(after.quality - (builtIn.quality - 0.3)) < 1e-12)
        #expect(after.categoryQuality["customer-support"] == 0.7)
        #expect(after.ttftMedianMs == builtIn.ttftMedianMs * 2)
        #expect(after.tokensPerSecond == builtIn.tokensPerSecond / 2)
        #expect(abs(after.serverErrorRate - (builtIn.serverErrorRate + 0.25)) < 1e-12)
    }

    @Test func badDriftEntriesNameTheFieldAndWhy() throws {
        func error(_ drift: String, id: String = "sim/orion-medium") -> String {
            let text = "models:\n  - id: \(id)\n    provider: openai\n    model: orion-medium\n    drift: \(drift)\n"
            do {
                _ = try CatalogLoader.parse(text: text, file: "models.yaml")
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(error("{quality: -2}").contains("a quality change is between -1 and 1"))
        #expect(error("{latency: 0}").contains("a latency factor is a positive number"))
        #expect(error("{from: yesterday}").contains("not a date: 'yesterday'"))
        #expect(error("{speed: 2}").contains("drift.speed: unknown key (known keys: errors, from, latency, quality)"))
        #expect(error("{quality: -0.1}", id: "openai/gpt-x").contains("drift can only be set on simulated (sim/) models"))
        #expect(error("{quality: -2}").contains("models.yaml:5"), "the file and line of the field")
        #expect(error("{from: 2026-12-01, quality: -0.1}") == "no error")
    }
}

import AssayCore
import Foundation
import Testing

/// The routing configs of a simulated run, read by the consumers they are written for.
@Suite(.serialized)
struct RoutingConfigTests {
    /// A Python with LiteLLM installed (.ci/run makes one and sets ASSAY_PYTHON).
    static var python: String? {
        guard let python = ProcessInfo.processInfo.environment["ASSAY_PYTHON"], FileManager.default.isExecutableFile(atPath: python) else {
            return nil
        }
        return python
    }

    static func run() async throws -> URL {
        let tmp = try CLIRunner.temporaryDirectory()
        let out = tmp.appendingPathComponent("out")
        let result = try await CLIRunner.run([
            "run", "--sim-time-scale", "0", "--out", out.path, "--db", tmp.appendingPathComponent("a.sqlite").path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        return out
    }

    @Test func routingJSONHasAPrimaryAndSharesPerCategory() async throws {
        let out = try await Self.run()
        let routing = try JSONValue.parse(String(contentsOf: out.appendingPathComponent("routing.json"), encoding: .utf8))
        #expect(routing["schema"] == "assay.routing/2")
        #expect(routing["simulated"] == true)
        #expect(routing["policy"]?["mode"] == "non-inferiority")
        let margin = try #require(routing["policy"]?["max_quality_loss"]?.numberValue)
        let categories = try #require(routing["categories"]?.objectValue)
        #expect(Set(categories.keys) == ["coding", "customer-support", "explanations", "summarization", "support-tools"])
        var decisions: [String: Int] = [:]
        for (name, route) in categories {
            #expect(route["primary"]?.stringValue != nil, "\(name) has no primary")
            let shares = try #require(route["shares"]?.objectValue)
            let total = shares.values.compactMap(\.numberValue).reduce(0, +)
            #expect(abs(total - 1) < 1e-4, "\(name) shares sum to \(total)")
            let candidates = try #require(route["candidates"]?.arrayValue)
            #expect(candidates.count == 6)
            for c in candidates {
                let decision = try #require(c["decision"]?.stringValue)
                decisions[decision, default: 0] += 1
                let share = c["share"]?.numberValue ?? 0
                // Only the reference and the models shown within the margin take more than the floor.
                if decision != "reference" && decision != "non-inferior" { #expect(share <= 0.02 + 1e-9, "\(name): \(c)") }
                if decision == "non-inferior" { #expect((c["quality_loss"]?["upper"]?.numberValue ?? 1) < margin) }
                if decision == "inferior" { #expect((c["quality_loss"]?["lower"]?.numberValue ?? 0) > margin) }
                if decision == "undecided" { #expect((c["more_cases_needed"]?["count"]?.numberValue ?? 0) >= 1) }
            }
        }
        // The default run shows every kind of decision (the README's promise).
        for kind in ["reference", "non-inferior", "inferior", "undecided"] { #expect((decisions[kind] ?? 0) > 0, "no \(kind) decision: \(decisions)") }
    }

    @Test(.enabled(if: python != nil, "needs ASSAY_PYTHON with litellm (installed by .ci/run)"))
    func litellmsOwnRouterLoadsTheConfigAndFollowsItsWeights() async throws {
        let out = try await Self.run()
        let result = try await CLIRunner.runProcess(
            try #require(Self.python),
            ["-W", "ignore", CLIRunner.root.appendingPathComponent("scripts/check_litellm_config.py").path,
             out.appendingPathComponent("litellm-router.yaml").path])
        let output = result.stdout
        let errors = result.stderr
        #expect(result.status == 0, "LiteLLM rejected the config: \(errors.suffix(2000))")
        let loaded = try JSONValue.parse(output.split(separator: "\n").last.map(String.init) ?? "")
        #expect(loaded["groups"]?["coding"]?.arrayValue?.isEmpty == false)
    }

    @Test func compareWorksOnTwoStoredRunsAndRepeatsListFlakyCases() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let db = tmp.appendingPathComponent("a.sqlite").path
        let first = try await CLIRunner.run(["run", "Suites/summarization", "--sim-time-scale", "0", "--db", db, "--out", tmp.appendingPathComponent("1").path, "--repeat", "3"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("flaky in summarization:"))
        let rankings = try String(contentsOf: tmp.appendingPathComponent("1/rankings.md"), encoding: .utf8)
        #expect(rankings.contains("Flaky cases"))
        let second = try await CLIRunner.run(["run", "Suites/summarization", "--sim-time-scale", "0", "--db", db, "--out", tmp.appendingPathComponent("2").path, "--baseline", "latest"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("gate held: no significant regression against"))
        let compare = try await CLIRunner.run(["compare", "previous", "latest", "--db", db])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(compare.stdout.contains("| summarization | `sim/atlas-large` | 34 |"))
        let unknown = try await CLIRunner.run(["compare", "nope", "latest", "--db", db])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no stored run 'nope'"))
    }
}

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
        #expect(routing["schema"] == "assay.routing/1")
        #expect(routing["simulated"] == true)
        let categories = try #require(routing["categories"]?.objectValue)
        #expect(Set(categories.keys) == ["coding", "customer-support", "explanations", "summarization"])
        for (name, route) in categories {
            #expect(route["primary"]?.stringValue != nil, "\(name) has no primary")
            let shares = try #require(route["shares"]?.objectValue)
            let total = shares.values.compactMap(\.numberValue).reduce(0, +)
            #expect(abs(total - 1) < 1e-4, "\(name) shares sum to \(total)")
            #expect(route["candidates"]?.arrayValue?.count == 6)
        }
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
        #expect(second.stdout.contains("gate held: no regression against"))
        let compare = try await CLIRunner.run(["compare", "previous", "latest", "--db", db])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(compare.stdout.contains("| summarization | `sim/atlas-large` | 34 |"))
        let unknown = try await CLIRunner.run(["compare", "nope", "latest", "--db", db])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no stored run 'nope'"))
    }
}

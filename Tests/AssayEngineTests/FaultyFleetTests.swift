import AssayCore
import Foundation
import Testing

/// Every wire format end to end through the simulator with faults switched on: every planned sample
/// still ends stored, answered or with its error kind.
struct FaultyFleetTests {
    @Test func withFaultsOnEveryPlannedSampleEndsStored() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let faults = "{rate_limit: 0.3, server_error: 0.15, overloaded: 0.1, stream_cut: 0.1, malformed: 0.1}"
        let catalog = """
            judge: {simulated: sim/judge-1}
            models:
              - {id: sim/atlas-large, provider: anthropic, model: atlas-large, price: {input: 1, output: 1}, faults: \(faults)}
              - {id: sim/orion-medium, provider: gemini, model: orion-medium, price: {input: 1, output: 1}, faults: \(faults)}
              - {id: sim/swift-mini, provider: openai, model: swift-mini, price: {input: 1, output: 1}, faults: \(faults)}
              - {id: sim/pico-nano, provider: cohere, model: pico-nano, price: {input: 1, output: 1}, faults: \(faults)}
              - {id: sim/lumen-hf, provider: huggingface, model: lumen-hf, price: {input: 1, output: 1}, faults: \(faults)}
              - {id: sim/tiny-local, provider: ollama, model: tiny-local, price: {input: 0, output: 0}, faults: \(faults)}
              - {id: sim/judge-1, provider: openai, model: judge-1, price: {input: 1, output: 1}, judge_only: true}
            """
        try catalog.write(to: tmp.appendingPathComponent("models.yaml"), atomically: true, encoding: .utf8)
        let out = tmp.appendingPathComponent("out")
        let result = try await CLIRunner.run([
            "run", "Suites/support-tickets", "--models", tmp.appendingPathComponent("models.yaml").path, "--sim-time-scale", "0",
            "--out", out.path, "--db", tmp.appendingPathComponent("a.sqlite").path,
        ])
        #expect(result.status == 0, "\(result.stderr)\(result.stdout.suffix(2000))")
        let results = try JSONValue.parse(String(contentsOf: out.appendingPathComponent("results.json"), encoding: .utf8))
        let samples = try #require(results["samples"]?.arrayValue)
        let cases = try SuiteLoader.load(file: CLIRunner.root.appendingPathComponent("Suites/support-tickets/suite.yaml").path).cases.count
        #expect(samples.count == cases * 6)
        #expect(Set(samples.map { "\($0["case"]!.templateText)/\($0["model"]!.templateText)" }).count == cases * 6)
        var kinds = Set<String>()
        for sample in samples {
            if sample["status"] == "error" {
                let kind = try #require(sample["error"]?["kind"]?.stringValue)
                kinds.insert(kind)
            } else {
                #expect(sample["status"] == "graded")
            }
        }
        // Faults were met and retried in every format: each model needed extra attempts.
        let models = try #require(results["suites"]?.arrayValue?.first?["models"]?.arrayValue)
        for model in models {
            #expect((model["retries"]?.numberValue ?? 0) > 0, "\(model["model"]?.stringValue ?? "?") never retried")
        }
        #expect(kinds.isSubset(of: ["rate-limited", "server-error", "overloaded", "stream-cut", "malformed-response"]), "\(kinds)")
    }
}

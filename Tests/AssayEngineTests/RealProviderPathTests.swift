import AssayCore
import AssaySimulator
import Foundation
import Testing

/// The path a run with real keys takes (catalog models that are not `sim/`, keys from the environment),
/// with the providers played by the simulated fleet on loopback through each entry's base_url.
@Suite(.serialized)
struct RealProviderPathTests {
    static func catalog(port: Int) -> String {
        """
        judge: {model: local/judge}
        models:
          - {id: local/openai, provider: openai, model: swift-mini, base_url: "http://127.0.0.1:\(port)/v1", api_key_env: ASSAY_TEST_OPENAI_KEY, price: {input: 0.15, output: 0.6}}
          - {id: local/anthropic, provider: anthropic, model: atlas-large, base_url: "http://127.0.0.1:\(port)", api_key_env: ASSAY_TEST_ANTHROPIC_KEY, api_version: "2023-06-01"}
          - {id: local/gemini, provider: gemini, model: orion-medium, base_url: "http://127.0.0.1:\(port)/v1beta", api_key_env: ASSAY_TEST_GEMINI_KEY}
          - {id: local/cohere, provider: cohere, model: pico-nano, base_url: "http://127.0.0.1:\(port)", api_key_env: ASSAY_TEST_CO_KEY}
          - {id: local/ollama, provider: ollama, model: tiny-local, base_url: "http://127.0.0.1:\(port)"}
          - {id: local/unset, provider: openai, model: swift-mini, base_url: "http://127.0.0.1:\(port)/v1", api_key_env: ASSAY_TEST_NOT_SET}
          - {id: local/judge, provider: openai, model: judge-1, base_url: "http://127.0.0.1:\(port)/v1", api_key_env: ASSAY_TEST_OPENAI_KEY, judge_only: true, price: {input: 0.4, output: 1.6}}
        """
    }

    static var environment: [String: String] {
        var env = CLIRunner.cleanEnvironment
        env["ASSAY_TEST_OPENAI_KEY"] = "sk-test-openai"
        env["ASSAY_TEST_ANTHROPIC_KEY"] = "invalid-key"  // the fleet answers 401
        env["ASSAY_TEST_GEMINI_KEY"] = "test-gemini"
        env["ASSAY_TEST_CO_KEY"] = "test-cohere"
        return env
    }

    static let quietFleet = SimulatedFleet(
        profiles: SimulatedModelProfile.builtIn.map {
            $0.withFaults(["rate_limit": 0, "server_error": 0, "overloaded": 0, "stream_cut": 0, "malformed": 0, "stall": 0])
        },
        answerKey: SimulatedAnswerKey(suites: (try? SuiteLoader.load(paths: [CLIRunner.root.appendingPathComponent("Suites/summarization").path])) ?? []),
        seed: 42, timeScale: 0)

    @Test func aRunWithKeysUsesTheRealPathFailsBadKeysFastAndSaysNothingIsSimulated() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let out = tmp.appendingPathComponent("out")
        let result = try await SimulatorServer.withRunning(fleet: Self.quietFleet) { port in
            try Self.catalog(port: port).write(to: tmp.appendingPathComponent("models.yaml"), atomically: true, encoding: .utf8)
            return try await CLIRunner.run(
                ["run", "Suites/summarization", "--models", tmp.appendingPathComponent("models.yaml").path, "--out", out.path,
                 "--db", tmp.appendingPathComponent("a.sqlite").path],
                environment: Self.environment)
        }
        #expect(result.status == 0, "\(result.stderr)\(result.stdout)")
        #expect(result.stdout.contains("skip local/unset: no credentials (set ASSAY_TEST_NOT_SET)"))
        #expect(!result.stdout.contains("simulated fleet"))
        let results = try JSONValue.parse(String(contentsOf: out.appendingPathComponent("results.json"), encoding: .utf8))
        #expect(results["simulated"] == false)
        #expect(results["notice"] == nil)
        let samples = try #require(results["samples"]?.arrayValue)
        // Every planned sample of the five models ends stored.
        #expect(samples.count == 34 * 5)
        for model in ["local/openai", "local/gemini", "local/cohere", "local/ollama"] {
            let graded = samples.filter { $0["model"]?.stringValue == model && $0["status"] == "graded" }
            #expect(graded.count == 34, "\(model): \(graded.count) graded")
        }
        // The bad key: refused once, never retried, and every later call fails at once with the reason.
        let refused = samples.filter { $0["model"] == "local/anthropic" }
        #expect(refused.allSatisfy { $0["error"]?["kind"] == "authentication" })
        #expect(refused.filter { $0["attempts"] == 1 }.count >= 1)
        #expect(refused.filter { ($0["error"]?["message"]?.stringValue ?? "").contains("not sent: an earlier call to this model was refused") }.count >= 20)
        // Prices: catalog, then the bundled table; the Gemini model's name is not in it, so its cost is unknown.
        let models = try #require(results["suites"]?.arrayValue?.first?["models"]?.arrayValue)
        let gemini = try #require(models.first { $0["model"] == "local/gemini" })
        #expect(gemini["cost_usd"]?["total"] == .null)
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!html.contains("simulated providers: not real model results"))
        #expect(html.contains("unknown"))
    }

    @Test func realProvidersAreCachedByDefaultAndNoKeyReachesALogTheStoreOrAReport() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let db = tmp.appendingPathComponent("a.sqlite")
        let (first, second) = try await SimulatorServer.withRunning(fleet: Self.quietFleet) { port in
            try Self.catalog(port: port).write(to: tmp.appendingPathComponent("models.yaml"), atomically: true, encoding: .utf8)
            let arguments = ["run", "Suites/summarization", "--models", tmp.appendingPathComponent("models.yaml").path, "--db", db.path, "--log-level", "debug"]
            let first = try await CLIRunner.run(arguments + ["--out", tmp.appendingPathComponent("first").path], environment: Self.environment)
            let second = try await CLIRunner.run(arguments + ["--out", tmp.appendingPathComponent("second").path], environment: Self.environment)
            return (first, second)
        }
        #expect(first.status == 0, "\(first.stderr)")
        #expect(second.status == 0, "\(second.stderr)")
        // The debug log names the run and each case and model.
        #expect(first.stderr.contains("run="))
        #expect(first.stderr.contains("case=summarization/"))
        #expect(first.stdout.contains("response cache on"))

        let results = try JSONValue.parse(String(contentsOf: tmp.appendingPathComponent("second/results.json"), encoding: .utf8))
        let samples = try #require(results["samples"]?.arrayValue)
        let answered = samples.filter { $0["status"] == "graded" }
        #expect(answered.count == 34 * 4)
        #expect(answered.allSatisfy { $0["cached"] == true }, "the second run is served from the cache")
        #expect(samples.filter { $0["model"] == "local/anthropic" }.allSatisfy { $0["cached"] == nil }, "failures are not cached")
        // The fleet echoes the rejected key in its 401, as some providers do: what is stored says [redacted].
        let refusal = try #require(samples.first { $0["model"] == "local/anthropic" }?["error"]?["message"]?.stringValue)
        #expect(refusal.contains("Invalid API key provided: [redacted]"), "\(refusal)")

        var written = [first.stdout, first.stderr, second.stdout, second.stderr]
        written.append(String(decoding: try Data(contentsOf: db), as: UTF8.self))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: db.path + "-wal")) { written.append(String(decoding: wal, as: UTF8.self)) }
        for run in ["first", "second"] {
            for file in try FileManager.default.contentsOfDirectory(atPath: tmp.appendingPathComponent(run).path) {
                written.append(try String(contentsOf: tmp.appendingPathComponent(run).appendingPathComponent(file), encoding: .utf8))
            }
        }
        for key in ["sk-test-openai", "invalid-key", "test-gemini", "test-cohere"] {
            #expect(!written.contains { $0.contains(key) }, "\(key) was written somewhere")
        }
    }

    @Test func aJudgeWhoseKeyIsRefusedLeavesGraderErrorsWithoutTheKey() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let db = tmp.appendingPathComponent("a.sqlite")
        let out = tmp.appendingPathComponent("out")
        var withJudgeKey = Self.environment
        withJudgeKey["ASSAY_TEST_JUDGE_KEY"] = "judge-invalid-key-0042"
        let environment = withJudgeKey
        let result = try await SimulatorServer.withRunning(fleet: Self.quietFleet) { port in
            let catalog = """
                judge: {model: local/judge}
                models:
                  - {id: local/openai, provider: openai, model: swift-mini, base_url: "http://127.0.0.1:\(port)/v1", api_key_env: ASSAY_TEST_OPENAI_KEY}
                  - {id: local/judge, provider: openai, model: judge-1, base_url: "http://127.0.0.1:\(port)/v1", api_key_env: ASSAY_TEST_JUDGE_KEY, judge_only: true}
                """
            try catalog.write(to: tmp.appendingPathComponent("models.yaml"), atomically: true, encoding: .utf8)
            return try await CLIRunner.run(
                ["run", "Suites/summarization", "--models", tmp.appendingPathComponent("models.yaml").path, "--db", db.path, "--out", out.path,
                 "--log-level", "debug"],
                environment: environment)
        }
        #expect(result.status == 0, "\(result.stderr)")
        let results = try String(contentsOf: out.appendingPathComponent("results.json"), encoding: .utf8)
        #expect(results.contains("[redacted]"), "the judge's refusal is recorded, redacted")
        var written = [result.stdout, result.stderr, results, String(decoding: try Data(contentsOf: db), as: UTF8.self)]
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: db.path + "-wal")) { written.append(String(decoding: wal, as: UTF8.self)) }
        for file in ["junit.xml", "index.html", "samples.jsonl", "summary.md"] {
            written.append(try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8))
        }
        #expect(!written.contains { $0.contains("judge-invalid-key-0042") })
    }

    @Test func checkSendsOneRequestPerModelWithCredentials() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let result = try await SimulatorServer.withRunning(fleet: Self.quietFleet) { port in
            try Self.catalog(port: port).write(to: tmp.appendingPathComponent("models.yaml"), atomically: true, encoding: .utf8)
            return try await CLIRunner.run(["check", "--models", tmp.appendingPathComponent("models.yaml").path], environment: Self.environment)
        }
        #expect(result.status == 1, "a refused key makes check fail: \(result.stdout)")
        for model in ["local/openai", "local/gemini", "local/cohere", "local/ollama"] {
            #expect(result.stdout.contains("ok   \(model)"), "\(model) in: \(result.stdout)")
        }
        #expect(result.stdout.contains("FAIL local/anthropic (anthropic): authentication (HTTP 401)"))
        #expect(result.stdout.contains("skip local/unset: no credentials"))
    }

    @Test func modelsListsCredentialsAndPriceSources() async throws {
        let prices = try CLIRunner.temporaryDirectory().appendingPathComponent("prices.json")
        try #"{"swift-mini": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06}}"#
            .write(to: prices, atomically: true, encoding: .utf8)
        let result = try await CLIRunner.run(["models", "--prices", prices.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("openai/gpt-5.4-mini"))
        #expect(result.stdout.contains("OPENAI_API_KEY missing"))
        #expect(result.stdout.contains("(bundled table 2026-11"))
        #expect(result.stdout.contains("sim/swift-mini  openai swift-mini  simulated  $0.15 in / $0.6 out per 1M tokens (catalog)"))
        let broken = try await CLIRunner.run(["models", "--prices", "/nonexistent/prices.json"])
        #expect(broken.status == 65)
    }
}

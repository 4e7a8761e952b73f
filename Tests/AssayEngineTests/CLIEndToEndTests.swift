import AssayCore
import Foundation
import Testing

@Suite(.serialized)
struct CLIEndToEndTests {
    let root = CLIRunner.root

    @Test func theShippedSuitesRunAgainstTheSimulatedFleetAndMatchTheGoldenFiles() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let out = tmp.appendingPathComponent("out")
        let result = try await CLIRunner.run([
            "run", "--sim-time-scale", "0", "--run-id", "golden", "--out", out.path, "--db", tmp.appendingPathComponent("a.sqlite").path,
            "--concurrency", "16",
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)\nstdout: \(result.stdout)")
        #expect(result.stdout.contains("skip openai/gpt-5.4: no credentials (set OPENAI_API_KEY)"))
        #expect(result.stdout.contains("simulated providers: not real model results"))
        #expect(result.stdout.contains("Report: \(out.path)/index.html"))

        for file in ["results.json", "samples.jsonl", "junit.xml", "index.html", "summary.md", "rankings.md", "routing.json", "litellm-router.yaml"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file) missing")
        }

        // Every planned (case, model) ends as exactly one sample: graded, or failed with its error kind.
        let suites = try SuiteLoader.load(paths: [root.appendingPathComponent("Suites").path])
        let catalog = try CatalogLoader.load(path: root.appendingPathComponent("Suites/models.yaml").path)
        let simulated = catalog.models.filter { $0.isSimulated && !catalog.judgeOnly.contains($0.id) }
        let simulatedModels = simulated.count
        // The default run covers every wire format.
        #expect(Set(simulated.map(\.provider)) == ["openai", "anthropic", "gemini", "cohere", "huggingface", "ollama"])
        let planned = suites.map(\.cases.count).reduce(0, +) * simulatedModels
        let results = try JSONValue.parse(String(contentsOf: out.appendingPathComponent("results.json"), encoding: .utf8))
        let samples = try #require(results["samples"]?.arrayValue)
        #expect(samples.count == planned)
        let keys = Set(samples.map { "\($0["suite"]!.templateText)/\($0["case"]!.templateText)/\($0["model"]!.templateText)" })
        #expect(keys.count == planned)
        for sample in samples {
            if sample["status"] == "error" {
                #expect(sample["error"]?["kind"]?.stringValue != nil)
            } else {
                #expect(sample["status"] == "graded")
                #expect(sample["grades"]?.arrayValue?.isEmpty == false)
            }
        }
        for model in simulated {
            let graded = samples.filter { $0["model"]?.stringValue == model.id && $0["status"] == "graded" }
            #expect(graded.count > planned / simulatedModels / 2, "\(model.id) (\(model.provider)) answered too few cases")
            #expect(graded.allSatisfy { ($0["usage"]?["output_tokens"]?.numberValue ?? 0) > 0 }, "\(model.id) reported no usage")
        }
        let jsonl = try String(contentsOf: out.appendingPathComponent("samples.jsonl"), encoding: .utf8)
        #expect(jsonl.split(separator: "\n").count == planned)
        #expect(results["notice"] == "simulated providers: not real model results")

        // The models differ, and the better profile ranks first on every suite.
        for suite in try #require(results["suites"]?.arrayValue) {
            let models = try #require(suite["models"]?.arrayValue)
            #expect(models.first?["rank"] == 1)
            #expect(models.last?["model"] == "sim/pico-nano")
        }

        // Every output is escaped in the page: code answers are full of '<'.
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("simulated providers: not real model results"))
        #expect(html.components(separatedBy: "<script").count == 2, "only the page's own script")
        #expect(html.contains("&lt;"))

        let junit = try String(contentsOf: out.appendingPathComponent("junit.xml"), encoding: .utf8)
        try GoldenFiles.check(try GoldenFiles.normaliseResults(String(contentsOf: out.appendingPathComponent("results.json"), encoding: .utf8)), against: "results.json")
        try GoldenFiles.check(GoldenFiles.normaliseJUnit(junit), against: "junit.xml")
        try GoldenFiles.check(GoldenFiles.normaliseMarkdown(String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8)), against: "summary.md")
        try GoldenFiles.check(GoldenFiles.normaliseMarkdown(String(contentsOf: out.appendingPathComponent("rankings.md"), encoding: .utf8)), against: "rankings.md")
        try GoldenFiles.check(String(contentsOf: out.appendingPathComponent("litellm-router.yaml"), encoding: .utf8), against: "litellm-router.yaml")

        try await validateJUnit(out.appendingPathComponent("junit.xml"))
    }

    /// Validates with xmllint against the Jenkins JUnit 4 schema that Jenkins and GitLab read.
    func validateJUnit(_ file: URL) async throws {
        let candidates = [
            ProcessInfo.processInfo.environment["ASSAY_JUNIT_XSD"],
            root.deletingLastPathComponent().appendingPathComponent("shared/junit/jenkins-junit-4.xsd").path,
        ].compactMap { $0 }
        guard let schema = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            Issue.record("the JUnit schema was not found (set ASSAY_JUNIT_XSD)")
            return
        }
        let result = try await CLIRunner.runProcess("/usr/bin/env", ["xmllint", "--noout", "--schema", schema, file.path])
        let message = result.stderr
        #expect(result.status == 0, "xmllint (from libxml2-utils; make test installs it): \(message.prefix(2000))")
    }

    @Test func aPassRateFloorThatIsMissedExits100AndSaysWhich() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let result = try await CLIRunner.run([
            "run", "Suites/coding", "--sim-time-scale", "0", "--fail-under", "0.9", "--out", tmp.appendingPathComponent("o").path,
            "--db", tmp.appendingPathComponent("a.sqlite").path,
        ])
        #expect(result.status == 100, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("GATE FAILED"))
        #expect(result.stdout.contains("coding × sim/pico-nano"))
        let summary = try String(contentsOf: tmp.appendingPathComponent("o/summary.md"), encoding: .utf8)
        #expect(summary.contains("❌ pass rate ≥ 90.0%"))
    }

    @Test func anInvalidSuiteExits65NamingTheFileAndLineBeforeAnyCall() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let suite = tmp.appendingPathComponent("suite.yaml")
        try "name: broken\nprompt: \"{{q}}\"\ntests:\n  - q: hi\nassert:\n  - type: equals\n    value: x\n  - type: sentiment\n    value: happy\n"
            .write(to: suite, atomically: true, encoding: .utf8)
        let result = try await CLIRunner.run(["run", suite.path, "--db", tmp.appendingPathComponent("a.sqlite").path, "--out", tmp.appendingPathComponent("o").path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(suite.path):8"))
        #expect(result.stderr.contains("unknown assertion type 'sentiment'"))
        #expect(!result.stdout.contains("Simulated fleet listening"))
        #expect(!FileManager.default.fileExists(atPath: tmp.appendingPathComponent("a.sqlite").path))
    }

    @Test func usageErrorsExit64() async throws {
        let result = try await CLIRunner.run(["run", "--concurrency", "0"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--concurrency must be at least 1"))
        let unknown = try await CLIRunner.run(["run", "--no-such-flag"])
        #expect(unknown.status == 64)
    }

    @Test func helpDocumentsEveryFlag() async throws {
        let result = try await CLIRunner.run(["run", "--help"])
        #expect(result.status == 0)
        for flag in ["--models", "--out", "--concurrency", "--seed", "--fail-under", "--simulate", "--db", "--sim-time-scale"] {
            #expect(result.stdout.contains(flag), "\(flag) is not in --help")
        }
    }

    @Test func withoutOutTheRunGoesUnderReportsAndLatestPointsAtIt() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let result = try await CLIRunner.run(
            ["run", root.appendingPathComponent("Suites/summarization").path, "--models", root.appendingPathComponent("Suites/models.yaml").path,
             "--sim-time-scale", "0", "--run-id", "r-latest"],
            in: tmp)
        #expect(result.status == 0, "\(result.stderr)")
        let latest = try FileManager.default.destinationOfSymbolicLink(atPath: tmp.appendingPathComponent("Reports/latest").path)
        #expect(latest == "r-latest")
        #expect(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("Reports/latest/index.html").path))
        #expect(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("Reports/assay.sqlite").path))
    }
}

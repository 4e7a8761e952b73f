import AssayCore
import Foundation
import Testing

/// Careless and hostile input through the CLI, as a user would give it.
@Suite(.serialized)
struct HostileInputTests {
    static func suiteYAML(prompt: String, assertion: String) -> String {
        """
        name: resumable
        version: "3"
        category: qa
        prompt: "\(prompt)"
        simulator:
          reference: "{{a}}"
          flawed: "no idea"
        assert:
          - type: \(assertion)
            value: "{{a}}"
        tests:
        \((1...12).map { "  - {id: c\($0), q: \"\($0) + \($0)?\", a: \"\($0 * 2)\"}" }.joined(separator: "\n"))
        """
    }

    /// The campaign's case: the same name, version and case count, a reworded prompt and a `contains`
    /// turned into `not-contains`. Resuming must refuse and say what changed, not mix two suites in one run.
    @Test func resumingWithASuiteChangedInContentIsRefused() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let suite = tmp.appendingPathComponent("suite.yaml")
        let db = tmp.appendingPathComponent("a.sqlite").path
        try Self.suiteYAML(prompt: "What is {{q}}", assertion: "contains").write(to: suite, atomically: true, encoding: .utf8)
        let common = [suite.path, "--sim-time-scale", "0", "--db", db, "--run-id", "r1"]
        let first = try await CLIRunner.run(["run"] + common + ["--out", tmp.appendingPathComponent("first").path])
        #expect(first.status == 0, "\(first.stderr)")

        try Self.suiteYAML(prompt: "Compute {{q}}", assertion: "not-contains").write(to: suite, atomically: true, encoding: .utf8)
        let resumed = try await CLIRunner.run(
            ["run", suite.path, "--sim-time-scale", "0", "--db", db, "--resume", "r1",
             "--out", tmp.appendingPathComponent("second").path])
        #expect(resumed.status == 1, "\(resumed.stdout)\(resumed.stderr)")
        #expect(resumed.stderr.contains("was planned differently"), "\(resumed.stderr)")
        #expect(resumed.stderr.contains("suite resumable: its prompts, its assertions, thresholds or case data changed"), "\(resumed.stderr)")
    }

    @Test func aBaseURLWithoutAScheme() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let catalog = tmp.appendingPathComponent("models.yaml")
        try "models:\n  - {id: local, provider: openai, model: m, base_url: \"localhost:8080/v1\", price: {input: 1, output: 1}}\n"
            .write(to: catalog, atomically: true, encoding: .utf8)
        let result = try await CLIRunner.run(["check", "--models", catalog.path])
        #expect(result.status == 65, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("models.yaml:2"), "\(result.stderr)")
        #expect(result.stderr.contains("not an http(s) URL"), "\(result.stderr)")
    }

    /// summary.md goes into GitHub's step summary, which renders HTML: a suite's category and version and
    /// a model id are text there, whatever they hold. Rendered with markdown-it (CommonMark with tables and
    /// raw HTML on, as GitHub's renderer has them).
    @Test(.enabled(if: RoutingConfigTests.python != nil, "needs ASSAY_PYTHON with markdown-it-py (installed by .ci/run)"))
    func markdownReportsShowPayloadsAsText() async throws {
        let tmp = try CLIRunner.temporaryDirectory()
        let suite = """
            name: md-payloads
            version: "1 <b id=pwned-version>bold</b>"
            category: "<img src=x onerror=alert(1)>"
            prompt: "Repeat: {{q}}"
            simulator:
              reference: "{{q}}"
            assert:
              - type: icontains
                value: "{{q}}"
            tests:
              - {id: "c|1 *em* [l](x)", q: "a"}
              - {id: "c2", q: "b"}
            """
        try suite.write(to: tmp.appendingPathComponent("suite.yaml"), atomically: true, encoding: .utf8)
        let catalog = """
            models:
              - {id: "sim/tick`<b id=pwned-model>x</b>|y", provider: openai, model: atlas-large, price: {input: 1, output: 2}}
              - {id: sim/pico-nano, provider: openai, model: pico-nano, price: {input: 0.1, output: 0.4}}
            """
        try catalog.write(to: tmp.appendingPathComponent("models.yaml"), atomically: true, encoding: .utf8)
        let out = tmp.appendingPathComponent("out")
        let run = try await CLIRunner.run([
            "run", tmp.appendingPathComponent("suite.yaml").path, "--models", tmp.appendingPathComponent("models.yaml").path,
            "--sim-time-scale", "0", "--repeat", "2", "--out", out.path, "--db", tmp.appendingPathComponent("a.sqlite").path,
        ])
        #expect(run.status == 0, "\(run.stderr)\(run.stdout)")
        let python = try #require(RoutingConfigTests.python)
        let script = """
            import sys
            from markdown_it import MarkdownIt
            md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
            for path in sys.argv[1:]:
                print(md.render(open(path, encoding="utf-8").read()))
            """
        let rendered = try await CLIRunner.runProcess(
            python, ["-c", script, out.appendingPathComponent("summary.md").path, out.appendingPathComponent("rankings.md").path])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let html = rendered.stdout
        for tag in ["<img", "<b id=pwned", "<b>", "<a href"] {
            #expect(!html.contains(tag), "a payload became markup (\(tag))")
        }
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "the category is shown as text")
        #expect(html.contains("<code>sim/tick`&lt;b id=pwned-model&gt;x&lt;/b&gt;|y</code>"), "the model id is one code span, shown whole")
        #expect(html.contains("1 &lt;b id=pwned-version&gt;bold&lt;/b&gt;"), "the version is shown as text")
    }
}

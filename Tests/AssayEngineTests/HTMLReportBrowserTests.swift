import AssayCore
import Foundation
import Testing

/// The report page in a real headless Chromium (Debian's package; `make test` installs it).
@Suite(.serialized)
struct HTMLReportBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Headless, with its own profile folder.
    static func flags(profile: URL) -> [String] {
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--user-data-dir=\(profile.path)"]
    }

    /// What the page logged, refused or threw, from Chromium's stderr.
    static func consoleMessages(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") || $0.contains("Refused to") }
    }

    /// Keeps a screenshot where a person can look at it after the tests.
    static func keep(_ file: URL, as name: String) {
        let keep = CLIRunner.root.appendingPathComponent(".build/test-artifacts")
        try? FileManager.default.createDirectory(at: keep, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: keep.appendingPathComponent(name))
        try? FileManager.default.copyItem(at: file, to: keep.appendingPathComponent(name))
    }

    /// A run of a suite whose dataset fields hold markup, against a simulated model whose answers are
    /// HTML and script payloads.
    static func adversarialRun() async throws -> URL {
        let tmp = try CLIRunner.temporaryDirectory()
        let suite = """
            name: payloads
            category: payloads
            prompt: "Repeat: {{q}}"
            simulator:
              reference: "{{a}}"
            assert:
              - type: icontains
                value: "{{a}}"
              - type: llm-rubric
                value: "The answer repeats <b>the</b> text. <script>document.body.setAttribute('data-pwned','rubric')</script>"
            tests:
              - {id: "<script>alert(1)</script>", q: "<img src=x onerror=\\"document.body.setAttribute('data-pwned','case')\\">", a: "</pre><script>document.body.setAttribute('data-pwned','expected')</script>"}
              - {id: "plain", q: "hello & goodbye", a: "hello & goodbye"}
              - {id: "quote\\"s", q: "'single' \\"double\\" `back`", a: "'single' \\"double\\""}
            """
        try suite.write(to: tmp.appendingPathComponent("suite.yaml"), atomically: true, encoding: .utf8)
        let catalog = """
            judge: {simulated: sim/judge-1}
            models:
              - {id: sim/mallory-xss, provider: openai, model: mallory-xss, price: {input: 1, output: 2}}
              - {id: sim/atlas-large, provider: openai, model: atlas-large, price: {input: 2.5, output: 10}}
              - {id: sim/judge-1, provider: openai, model: judge-1, price: {input: 0.4, output: 1.6}, judge_only: true}
            """
        try catalog.write(to: tmp.appendingPathComponent("models.yaml"), atomically: true, encoding: .utf8)
        let out = tmp.appendingPathComponent("out")
        let result = try await CLIRunner.run([
            "run", tmp.appendingPathComponent("suite.yaml").path, "--models", tmp.appendingPathComponent("models.yaml").path,
            "--sim-time-scale", "0", "--out", out.path, "--db", tmp.appendingPathComponent("a.sqlite").path,
        ])
        #expect(result.status == 0, "\(result.stderr)\(result.stdout)")
        return out
    }

    @Test(.enabled(if: chromium != nil, "needs Chromium (make test installs Debian's chromium)"))
    func thePageLoadsWithoutConsoleErrorsAndRunsNoPayload() async throws {
        let out = try await Self.adversarialRun()
        let page = out.appendingPathComponent("index.html")
        let chromium = try #require(Self.chromium)
        let flags = Self.flags(profile: out.appendingPathComponent("chromium-profile"))
        let dom = try await CLIRunner.runProcess(
            chromium, flags + ["--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000", "--dump-dom", page.absoluteString])
        #expect(dom.status == 0, "chromium failed: \(dom.stderr.suffix(1500))")
        // The page's own script ran under the Content-Security-Policy…
        #expect(dom.stdout.contains("data-ready=\"1\""), "the filter script did not run")
        // …and none of the payloads did, nor became elements.
        let body = dom.stdout.range(of: "<body[^>]*>", options: .regularExpression).map { String(dom.stdout[$0]) } ?? ""
        #expect(body.contains("data-ready"), "no body tag in the DOM")
        #expect(!body.contains("data-pwned"), "a payload ran: \(body)")
        #expect(!dom.stdout.contains("<b id=\"pwned-b\">"), "a payload became markup")
        #expect(dom.stdout.contains("&lt;script&gt;document.body.setAttribute"), "the payload is not shown as text")
        let console = Self.consoleMessages(dom.stderr)
        #expect(console.isEmpty, "console messages: \(console.joined(separator: "\n"))")

        let shot = out.appendingPathComponent("screenshot.png")
        let screenshot = try await CLIRunner.runProcess(
            chromium, flags + ["--hide-scrollbars", "--window-size=1400,1800", "--screenshot=\(shot.path)", page.absoluteString])
        #expect(screenshot.status == 0)
        let size = (try? FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int) ?? 0
        #expect(size > 20_000, "the screenshot is missing or blank (\(size) bytes)")
        Self.keep(shot, as: "report-screenshot.png")
    }

    @Test func everyReportKeepsPayloadsInert() async throws {
        let out = try await Self.adversarialRun()
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        // The only script element is the page's own, allowed by its hash.
        #expect(html.components(separatedBy: "<script>").count == 2)
        #expect(html.contains("script-src 'sha256-"))
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("<svg onload"))
        // The drill-down shows a case's rendered input and expected answer, escaped.
        #expect(html.contains("<h4>input</h4><pre>Repeat: hello &amp; goodbye</pre>"))
        #expect(html.contains("<h4>expected</h4><pre>hello &amp; goodbye</pre>"))
        let junit = try String(contentsOf: out.appendingPathComponent("junit.xml"), encoding: .utf8)
        #expect(!junit.contains("<script>"))
        #expect(!junit.contains("]]><!--"))
        #expect(!junit.contains("\u{1b}"))
        let results = try JSONValue.parse(String(contentsOf: out.appendingPathComponent("results.json"), encoding: .utf8))
        let outputs = results["samples"]?.arrayValue?.compactMap { $0["output"]?.stringValue } ?? []
        #expect(outputs.contains { $0.contains("<script>document.body.setAttribute('data-pwned','script')</script>") }, "results.json must keep the answer as it was")
    }
}

import AssayCore
import AssayTesting
import Foundation
import Testing

struct SuiteLoaderTests {
    static let suiteYAML = """
        name: demo
        category: qa
        dataset: cases.jsonl
        prompt: "Question: {{question}}"
        threshold: 0.5
        assert:
          - type: icontains
            value: "{{answer}}"
          - type: regex
            value: "^[A-Z]"
            weight: 0.5
        """

    @Test func loadsASuiteWithItsDataset() throws {
        let folder = try TempFolder()
        let path = try folder.write("suite.yaml", Self.suiteYAML)
        try folder.write("cases.jsonl", """
            {"id": "q1", "question": "Capital of France?", "answer": "Paris"}

            {"id": "q2", "question": "2+2?", "answer": "4", "cluster": "math", "threshold": 1}
            """)
        let suite = try SuiteLoader.load(file: path)
        #expect(suite.name == "demo")
        #expect(suite.cases.map(\.id) == ["q1", "q2"])
        #expect(suite.cases[1].cluster == "math")
        #expect(suite.cases[1].threshold == 1)
        #expect(suite.cases[1].line == 3)
        #expect(suite.assertions.map(\.kind) == [.icontains, .regex])
        #expect(suite.assertions[1].weight == 0.5)
    }

    @Test func loadsACSVDatasetWithQuotedFields() throws {
        let folder = try TempFolder()
        let path = try folder.write("suite.yaml", Self.suiteYAML.replacingOccurrences(of: "cases.jsonl", with: "cases.csv"))
        try folder.write("cases.csv", "id,question,answer\nq1,\"Say \"\"hi\"\", please\",hi\nq2,\"multi\nline\",x\n")
        let suite = try SuiteLoader.load(file: path)
        #expect(suite.cases.count == 2)
        #expect(suite.cases[0].vars["question"] == "Say \"hi\", please")
        #expect(suite.cases[1].vars["question"] == "multi\nline")
    }

    @Test func brokenYAMLNamesTheFileAndLine() throws {
        let folder = try TempFolder()
        let path = try folder.write("suite.yaml", "name: demo\nprompt: [unclosed\nassert:\n  - type: equals\n")
        let error = try #require(throws: LoadError.self) { try SuiteLoader.load(file: path) }
        #expect(error.file == path)
        #expect(error.line != nil)
        #expect(error.description.contains("invalid YAML"))
    }

    @Test func aMissingTemplateVariableNamesTheDatasetLineAndVariable() throws {
        let folder = try TempFolder()
        let path = try folder.write("suite.yaml", Self.suiteYAML)
        let dataset = try folder.write("cases.jsonl", """
            {"id": "q1", "question": "a", "answer": "b"}
            {"id": "q2", "question": "c"}
            """)
        let error = try #require(throws: LoadError.self) { try SuiteLoader.load(file: path) }
        #expect(error.file == dataset)
        #expect(error.line == 2)
        #expect(error.description.contains("'answer'"))
        #expect(error.description.contains("q2"))
    }

    @Test func anUnknownAssertionTypeIsALoadError() throws {
        let folder = try TempFolder()
        let path = try folder.write("suite.yaml", Self.suiteYAML.replacingOccurrences(of: "type: regex", with: "type: regexp"))
        try folder.write("cases.jsonl", #"{"question": "a", "answer": "b"}"#)
        let error = try #require(throws: LoadError.self) { try SuiteLoader.load(file: path) }
        #expect(error.description.contains("unknown assertion type 'regexp'"))
        #expect(error.line == 9)
    }

    @Test func anInvalidRegexIsALoadError() throws {
        let folder = try TempFolder()
        let path = try folder.write("suite.yaml", Self.suiteYAML.replacingOccurrences(of: "\"^[A-Z]\"", with: "\"^[A-Z\""))
        try folder.write("cases.jsonl", #"{"question": "a", "answer": "b"}"#)
        let error = try #require(throws: LoadError.self) { try SuiteLoader.load(file: path) }
        #expect(error.description.contains("invalid regular expression"))
    }

    @Test func anInvalidSchemaIsALoadError() throws {
        let folder = try TempFolder()
        let yaml = """
            name: demo
            prompt: "{{q}}"
            tests:
              - q: hi
            assert:
              - type: is-json
                value: {type: object, properties: {n: {type: integr}}}
            """
        let path = try folder.write("suite.yaml", yaml)
        let error = try #require(throws: LoadError.self) { try SuiteLoader.load(file: path) }
        #expect(error.description.contains("unknown type \"integr\""))
    }

    @Test func unknownKeysAndDuplicateIdsAreReported() throws {
        let folder = try TempFolder()
        let path = try folder.write("suite.yaml", Self.suiteYAML + "\nthreshhold: 0.3\n")
        try folder.write("cases.jsonl", #"{"question": "a", "answer": "b"}"#)
        let unknown = try #require(throws: LoadError.self) { try SuiteLoader.load(file: path) }
        #expect(unknown.field == "threshhold")

        let path2 = try folder.write("suite.yaml", Self.suiteYAML)
        try folder.write("cases.jsonl", "{\"id\": \"x\", \"question\": \"a\", \"answer\": \"b\"}\n{\"id\": \"x\", \"question\": \"a\", \"answer\": \"b\"}")
        let duplicate = try #require(throws: LoadError.self) { try SuiteLoader.load(file: path2) }
        #expect(duplicate.line == 2)
        #expect(duplicate.description.contains("duplicate case id 'x'"))
    }

    @Test func invalidJSONLNamesLineAndColumn() throws {
        let folder = try TempFolder()
        let path = try folder.write("suite.yaml", Self.suiteYAML)
        let dataset = try folder.write("cases.jsonl", "{\"question\": \"a\", \"answer\": \"b\"}\n{\"question\": \"a\",, }")
        let error = try #require(throws: LoadError.self) { try SuiteLoader.load(file: path) }
        #expect(error.file == dataset)
        #expect(error.line == 2)
        #expect(error.description.contains("column 18"))
    }

    @Test func theShippedSuitesLoad() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let suites = try SuiteLoader.load(paths: [root.appendingPathComponent("Suites").path])
        #expect(Set(suites.map(\.name)) == ["coding", "explanations", "summarization", "support-tickets", "support-tools"])
        let byName = Dictionary(uniqueKeysWithValues: suites.map { ($0.name, $0) })
        #expect(try #require(byName["support-tickets"]).cases.count >= 40)
        // The tool suite: at least 60 cases, five tools, conversations on some cases, and every kind of case.
        let tools = try #require(byName["support-tools"])
        #expect(tools.cases.count >= 60)
        #expect(tools.tools.map(\.name) == ["lookup_order", "issue_refund", "update_shipping_address", "cancel_order", "escalate_to_human"])
        #expect(tools.cases.filter { !$0.history.isEmpty }.count >= 5)
        let kinds = Set(tools.cases.compactMap { $0.vars["kind"]?.stringValue })
        #expect(kinds == ["lookup", "refund", "refund-denied", "address", "cancel", "escalation", "no-tool", "two-step"])
        for testCase in tools.cases where testCase.vars["kind"] == "no-tool" {
            #expect(testCase.assertions.contains { $0.kind == .noToolCall }, "\(testCase.id) must check that no tool is called")
        }
        #expect(try #require(byName["coding"]).cases.count >= 30)
        #expect(try #require(byName["summarization"]).cases.count >= 30)
        let catalog = try CatalogLoader.load(path: root.appendingPathComponent("Suites/models.yaml").path)
        #expect(catalog.models.filter(\.isSimulated).count >= 4)
        #expect(catalog.simulatedJudge == "sim/judge-1")
    }

    /// A Suites folder linked in, a suite folder linked in, and a suite mounted from a Kubernetes
    /// ConfigMap (the file is a link into a hidden `..data` folder, which must not count twice).
    @Test func discoveryFollowsLinksAndSkipsHiddenFolders() throws {
        let fm = FileManager.default
        let tmp = try TempFolder()
        let real = tmp.url.appendingPathComponent("real")
        for name in ["a", "b", "mounted/..2026_11_27/", ".git"] {
            try fm.createDirectory(at: real.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        try tmp.write("real/a/suite.yaml", "name: a")
        try tmp.write("real/.git/suite.yaml", "name: hidden")
        try tmp.write("real/mounted/..2026_11_27/suite.yaml", "name: mounted")
        try fm.createSymbolicLink(atPath: real.appendingPathComponent("mounted/..data").path, withDestinationPath: "..2026_11_27")
        try fm.createSymbolicLink(atPath: real.appendingPathComponent("mounted/suite.yaml").path, withDestinationPath: "..data/suite.yaml")
        let elsewhere = tmp.url.appendingPathComponent("elsewhere")
        try fm.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try tmp.write("elsewhere/suite.yml", "name: linked")
        try fm.createSymbolicLink(at: real.appendingPathComponent("b/linked"), withDestinationURL: elsewhere)
        // A link back up must not loop.
        try fm.createSymbolicLink(at: real.appendingPathComponent("b/loop"), withDestinationURL: real)
        let suites = tmp.url.appendingPathComponent("Suites")
        try fm.createSymbolicLink(at: suites, withDestinationURL: real)

        let found = try SuiteLoader.discover(paths: [suites.path])
        #expect(found == [
            suites.appendingPathComponent("a/suite.yaml").path,
            suites.appendingPathComponent("b/linked/suite.yml").path,
            suites.appendingPathComponent("mounted/suite.yaml").path,
        ])
    }
}

struct CatalogLoaderTests {
    @Test func rejectsAnUnknownProviderWithItsLine() throws {
        let yaml = """
            models:
              - id: a
                provider: openai
                model: m
              - id: b
                provider: openia
                model: m
            """
        let error = try #require(throws: LoadError.self) { try CatalogLoader.parse(text: yaml, file: "models.yaml") }
        #expect(error.line == 6)
        #expect(error.description.contains("unknown provider 'openia'"))
    }

    @Test func theJudgeMustBeInTheCatalog() throws {
        let yaml = """
            judge: {model: x/judge}
            models:
              - {id: a, provider: openai, model: m, price: {input: 1, output: 2}}
            """
        let error = try #require(throws: LoadError.self) { try CatalogLoader.parse(text: yaml, file: "models.yaml") }
        #expect(error.description.contains("judge 'x/judge' is not a model in the catalog"))
    }

    @Test func readsPricesAndLimits() throws {
        let yaml = """
            models:
              - {id: a, provider: openai, model: m, api_key_env: KEY, max_concurrency: 3, temperature: false,
                 price: {input: 1.5, output: 6, cached_input: 0.15}}
            """
        let catalog = try CatalogLoader.parse(text: yaml, file: "models.yaml")
        let model = try #require(catalog.model(id: "a"))
        #expect(model.price == Price(input: 1.5, output: 6, cachedInput: 0.15))
        #expect(model.maxConcurrency == 3)
        #expect(model.supportsTemperature == false)
        #expect(model.apiKeyEnv == "KEY")
    }
}

/// A tool suite's parts are checked where they are written.
struct ToolSuiteLoaderTests {
    static let head = """
        name: t
        category: t
        prompt: "{{q}}"
        assert:
          - type: no-tool-call

        """

    @Test func aToolSuiteLoadsWithItsConversationAndResults() throws {
        let yaml = Self.head + """
            tools:
              - {name: lookup_order, description: Looks an order up., parameters: {type: object, properties: {order_id: {type: string}}}}
            tool_choice: {name: lookup_order}
            max_turns: 3
            tool_results:
              - {name: lookup_order, result: {error: not found}}
            tests:
              - id: a
                q: and now?
                messages:
                  - {role: user, content: "where is LH-1?"}
                  - {role: assistant, content: "", tool_calls: [{id: c1, name: lookup_order, arguments: {order_id: LH-1}}]}
                  - {role: tool, tool_call_id: c1, name: lookup_order, content: {status: shipped}}
                  - {role: assistant, content: It shipped.}
                tool_results:
                  - {name: lookup_order, arguments: {order_id: LH-1}, result: {status: delivered}}
            """
        let suite = try SuiteLoader.parse(text: yaml, file: "suite.yaml")
        #expect(suite.tools.map(\.name) == ["lookup_order"])
        #expect(suite.toolChoice == .named("lookup_order"))
        #expect(suite.maxTurns == 3)
        let testCase = try #require(suite.cases.first)
        #expect(testCase.history.map(\.role) == [.user, .assistant, .tool, .assistant])
        #expect(testCase.history[1].toolCalls.first?.parsedArguments == ["order_id": "LH-1"])
        #expect(testCase.history[2].content == #"{"status":"shipped"}"#)
        let call = ToolCall(id: "x", name: "lookup_order", arguments: #"{"order_id": "LH-1", "extra": true}"#)
        #expect(ScriptedToolResult.result(for: call, caseResults: testCase.toolResults, suiteResults: suite.toolResults) == ["status": "delivered"])
        let other = ToolCall(id: "y", name: "lookup_order", arguments: #"{"order_id": "LH-2"}"#)
        #expect(ScriptedToolResult.result(for: other, caseResults: testCase.toolResults, suiteResults: suite.toolResults) == ["error": "not found"])
        let unknown = ToolCall(id: "z", name: "refund", arguments: "{}")
        #expect(ScriptedToolResult.result(for: unknown, caseResults: testCase.toolResults, suiteResults: suite.toolResults)["error"] != nil)
    }

    @Test(arguments: [
        ("tools:\n  - {name: \"bad name\"}\ntests:\n  - {id: a, q: x}\n", "a tool name is 1 to 64"),
        ("tools:\n  - {name: t, parameters: {type: string}}\ntests:\n  - {id: a, q: x}\n", "parameters must be a JSON Schema of type object"),
        ("tool_choice: auto\ntests:\n  - {id: a, q: x}\n", "tool_choice needs tools"),
        ("tools:\n  - {name: t}\ntool_choice: {name: u}\ntests:\n  - {id: a, q: x}\n", "must name one of the suite's tools"),
        ("tools:\n  - {name: t}\nmax_turns: 0\ntests:\n  - {id: a, q: x}\n", "max_turns is between 1 and 20"),
        ("tests:\n  - {id: a, q: x, messages: [{role: robot, content: hi}]}\n", "case 'a': messages[0].role: expected user, assistant or tool"),
        ("tests:\n  - {id: a, q: x, messages: [{role: tool, content: hi}]}\n", "a tool message needs 'tool_call_id'"),
        ("tests:\n  - {id: a, q: x, tool_results: [{name: t}]}\n", "tool_results[0]: missing 'result'"),
    ])
    func badToolPartsAreNamed(tail: String, message: String) throws {
        let error = try #require(throws: LoadError.self) { try SuiteLoader.parse(text: Self.head + tail, file: "suite.yaml") }
        #expect(error.description.contains(message), "\(error)")
        #expect(error.line != nil, "\(error)")
    }
}

extension ToolSuiteLoaderTests {
    @Test func aToolResultTakesTheNameOfItsCall() throws {
        let yaml = Self.head + """
            tools:
              - {name: lookup_order}
            tests:
              - id: a
                q: and?
                messages: [{role: user, content: hi}, {role: assistant, content: "", tool_calls: [{id: c1, name: lookup_order, arguments: {}}]}, {role: tool, tool_call_id: c1, content: ok}]
            """
        let suite = try SuiteLoader.parse(text: yaml, file: "suite.yaml")
        #expect(suite.cases[0].history[2].toolName == "lookup_order")
    }

    @Test func toolCallsInAConversationNeedTools() throws {
        let yaml = Self.head + """
            tests:
              - id: a
                q: and?
                messages: [{role: assistant, content: "", tool_calls: [{id: c1, name: lookup_order, arguments: {}}]}]
            """
        let error = try #require(throws: LoadError.self) { try SuiteLoader.parse(text: yaml, file: "suite.yaml") }
        #expect(error.message.contains("the suite offers no tools"), "\(error)")
    }
}

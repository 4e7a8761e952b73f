import Foundation

/// Loads suites from YAML files and their datasets, and checks everything a run will need
/// (templates render for every case, regexes and schemas are valid) before any call is made.
public enum SuiteLoader {
    static let suiteKeys: Set<String> = [
        "name", "version", "category", "description", "dataset", "format", "response_format", "max_tokens",
        "temperature", "threshold", "judge", "system", "prompt", "simulator", "assert", "tests", "tools", "tool_choice",
        "tool_results", "max_turns",
    ]

    /// Finds suite files under the given paths: a file is taken as it is; a folder yields every
    /// `suite.yaml`/`suite.yml` below it, in path order.
    public static func discover(paths: [String]) throws -> [String] {
        var found: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw LoadError(file: path, message: "no such file or folder")
            }
            if !isDirectory.boolValue {
                found.append(path)
                continue
            }
            var inFolder: [String] = []
            var visited: Set<String> = []
            collectSuiteFiles(in: path, into: &inFolder, visited: &visited)
            if inFolder.isEmpty { throw LoadError(file: path, message: "no suite.yaml found in this folder") }
            found += inFolder.map { URL(fileURLWithPath: $0).path }.sorted()
        }
        return found
    }

    /// Walks a folder for suite files, following symbolic links (a Suites folder linked in, or mounted
    /// from a Kubernetes ConfigMap, whose files are links) and skipping hidden entries (`.git`, and a
    /// ConfigMap's `..data` twin of every file); each real folder is walked once.
    static func collectSuiteFiles(in folder: String, into found: inout [String], visited: inout Set<String>) {
        let fm = FileManager.default
        guard let real = realpath(folder, nil) else { return }
        defer { free(real) }
        guard visited.insert(String(cString: real)).inserted, let names = try? fm.contentsOfDirectory(atPath: folder) else { return }
        // Sorted, so that a folder reached by two paths is always reported by the same one.
        for name in names.sorted() where !name.hasPrefix(".") {
            let entry = (folder as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: entry, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                collectSuiteFiles(in: entry, into: &found, visited: &visited)
            } else if name == "suite.yaml" || name == "suite.yml" {
                found.append(entry)
            }
        }
    }

    public static func load(paths: [String]) throws -> [Suite] {
        let files = try discover(paths: paths)
        var suites: [Suite] = []
        for file in files {
            let suite = try load(file: file)
            if let other = suites.first(where: { $0.name == suite.name }) {
                throw LoadError(
                    file: file, field: "name", message: "suite name '\(suite.name)' is also used by \(other.path)")
            }
            suites.append(suite)
        }
        return suites
    }

    public static func load(file: String) throws -> Suite {
        let text = try TextFile.read(file, what: "the suite")
        return try parse(text: text, file: file)
    }

    /// Parses a suite's YAML text; `file` locates the dataset and names errors.
    public static func parse(text: String, file: String) throws -> Suite {
        let root = try YAMLField.load(file: file, text: text)
        let f = try root.fields(allowed: suiteKeys)
        func required(_ key: String) throws -> YAMLField {
            guard let v = f[key] else { throw LoadError(file: file, field: key, message: "missing required key") }
            return v
        }
        let name = try required("name").string()
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw f["name"]!.error("use letters, digits, '-' and '_' only")  // swift-format-ignore: checked above
        }
        let format = try f["format"]?.string()
        if let format, format != "humaneval" { throw f["format"]!.error("unknown format (known: humaneval)") }
        var responseFormat = Suite.ResponseFormat.text
        if let rf = f["response_format"] {
            guard let value = Suite.ResponseFormat(rawValue: try rf.string()) else {
                throw rf.error("expected 'text' or 'json'")
            }
            responseFormat = value
        }
        var referenceTemplate: String?
        var flawedTemplate: String?
        var callsTemplate: String?
        var flawedCallsTemplate: String?
        if let sim = f["simulator"] {
            let s = try sim.fields(allowed: ["reference", "flawed", "calls", "flawed_calls"])
            referenceTemplate = try s["reference"]?.string()
            flawedTemplate = try s["flawed"]?.string()
            callsTemplate = try s["calls"]?.string()
            flawedCallsTemplate = try s["flawed_calls"]?.string()
        }
        let maxTokens = try f["max_tokens"]?.int() ?? 512
        if maxTokens < 1 { throw f["max_tokens"]!.error("must be at least 1") }
        let threshold = try f["threshold"]?.double()
        if let threshold, !(0...1).contains(threshold) { throw f["threshold"]!.error("must be between 0 and 1") }

        var suite = Suite(
            name: name,
            version: try f["version"]?.json().templateText ?? "1",
            category: try f["category"]?.string() ?? name,
            description: try f["description"]?.string() ?? "",
            path: file,
            system: try f["system"]?.string(),
            prompt: try required("prompt").string(),
            responseFormat: responseFormat,
            maxTokens: maxTokens,
            temperature: try f["temperature"]?.double(),
            threshold: threshold,
            judge: try f["judge"]?.string(),
            simulatorReference: referenceTemplate,
            simulatorFlawed: flawedTemplate,
            assertions: try required("assert").sequence().map(AssertionParser.parse),
            cases: [])
        if suite.assertions.isEmpty { throw LoadError(file: file, field: "assert", message: "at least one assertion is needed") }
        suite.simulatorCalls = callsTemplate
        suite.simulatorFlawedCalls = flawedCallsTemplate
        if let t = f["tools"] { suite.tools = try tools(t) }
        if let c = f["tool_choice"] {
            guard !suite.tools.isEmpty else { throw c.error("tool_choice needs tools") }
            suite.toolChoice = try toolChoice(c, tools: suite.tools)
        }
        if let r = f["tool_results"] {
            suite.toolResults = try scriptedResults(try r.json()) { r.error("tool_results\($0)") }
        }
        suite.maxTurns = suite.tools.isEmpty ? 1 : 4
        if let m = f["max_turns"] {
            let turns = try m.int()
            guard (1...20).contains(turns) else { throw m.error("max_turns is between 1 and 20") }
            suite.maxTurns = turns
        }

        var rows: [(fields: [String: JSONValue], file: String, line: Int?)] = []
        if let dataset = f["dataset"] {
            let relative = try dataset.string()
            let path = relative.hasPrefix("/")
                ? relative : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(relative).path
            for row in try DatasetLoader.load(path: path) {
                rows.append((row.fields, path, row.line))
            }
        }
        if let inline = f["tests"] {
            for item in try inline.sequence() {
                guard case .object(let fields) = try item.json() else { throw item.error("expected a mapping of variables") }
                rows.append((fields, file, item.line))
            }
        }
        if rows.isEmpty { throw LoadError(file: file, field: "dataset", message: "the suite has no cases (give a dataset or tests)") }

        var seen: [String: String] = [:]
        for (index, row) in rows.enumerated() {
            let testCase = try makeCase(row.fields, index: index, suite: suite, file: row.file, line: row.line)
            if let earlier = seen[testCase.id] {
                throw LoadError(file: row.file, line: row.line, field: "id", message: "duplicate case id '\(testCase.id)' (first at \(earlier))")
            }
            seen[testCase.id] = testCase.source
            suite.cases.append(testCase)
        }
        for testCase in suite.cases {
            try validate(testCase, in: suite, format: format)
            // Providers refuse tool calls and results in a conversation that offers no tools (Anthropic does).
            if suite.tools.isEmpty, testCase.history.contains(where: { !$0.toolCalls.isEmpty || $0.role == .tool }) {
                throw LoadError(
                    file: testCase.file, line: testCase.line, field: "messages",
                    message: "case '\(testCase.id)': the conversation holds tool calls, but the suite offers no tools")
            }
        }
        let calibrationPath = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("calibration.jsonl").path
        if FileManager.default.fileExists(atPath: calibrationPath) {
            suite.calibration = try loadCalibration(path: calibrationPath, suite: suite)
        }
        return suite
    }

    /// Reads a calibration set: every item must name a case of the suite and the metric of one of its
    /// judge assertions, with a label from 1 to 5.
    static func loadCalibration(path: String, suite: Suite) throws -> [CalibrationItem] {
        let judged = Set((suite.assertions.flatMap(\.flattened)).filter { $0.kind.needsJudge && $0.kind != .selectBest }.map(\.metricName))
        let caseIDs = Set(suite.cases.map(\.id))
        var items: [CalibrationItem] = []
        var seen = Set<String>()
        for row in try DatasetLoader.load(path: path) {
            func fail(_ field: String, _ message: String) -> LoadError {
                LoadError(file: path, line: row.line, field: field, message: message)
            }
            guard let id = row.fields["id"]?.templateText, !id.isEmpty else { throw fail("id", "missing") }
            if !seen.insert(id).inserted { throw fail("id", "duplicate calibration id '\(id)'") }
            guard let caseID = row.fields["case"]?.templateText, caseIDs.contains(caseID) else {
                throw fail("case", "must be the id of a case of suite '\(suite.name)'")
            }
            guard let metric = row.fields["metric"]?.stringValue, judged.contains(metric) else {
                throw fail("metric", "must name one of the suite's judge assertions (\(judged.sorted().joined(separator: ", ")))")
            }
            guard let output = row.fields["output"]?.stringValue else { throw fail("output", "missing") }
            guard let label = row.fields["label"]?.numberValue, label == label.rounded(), (1...5).contains(label) else {
                throw fail("label", "expected a whole number from 1 to 5")
            }
            items.append(CalibrationItem(id: id, caseID: caseID, metric: metric, output: output, label: Int(label), file: path, line: row.line))
        }
        return items
    }

    static func makeCase(
        _ fields: [String: JSONValue], index: Int, suite: Suite, file: String, line: Int?
    ) throws -> TestCase {
        func fail(_ field: String, _ message: String) -> LoadError {
            LoadError(file: file, line: line, field: field, message: message)
        }
        let id = fields["id"]?.templateText ?? fields["task_id"]?.templateText ?? "\(suite.name)-\(index + 1)"
        if id.isEmpty { throw fail("id", "must not be empty") }
        var threshold: Double?
        if let t = fields["threshold"] {
            guard let n = t.numberValue ?? Double(t.templateText), (0...1).contains(n) else {
                throw fail("threshold", "must be a number between 0 and 1")
            }
            threshold = n
        }
        var extra: [AssertionSpec] = []
        if let list = fields["assert"] {
            guard case .array(let items) = list else { throw fail("assert", "expected a list of assertions") }
            for (i, item) in items.enumerated() {
                extra.append(try AssertionParser.parse(json: item, file: file, line: line, path: "assert[\(i)]"))
            }
        }
        let cluster = fields["cluster"].map(\.templateText).flatMap { $0.isEmpty ? nil : $0 }
        var testCase = TestCase(id: id, vars: fields, cluster: cluster, threshold: threshold, assertions: extra, file: file, line: line)
        if let messages = fields["messages"] {
            testCase.history = try history(messages) { fail("messages", "case '\(id)': messages\($0)") }
        }
        if let results = fields["tool_results"] {
            testCase.toolResults = try scriptedResults(results) { fail("tool_results", "case '\(id)': tool_results\($0)") }
        }
        return testCase
    }

    /// Renders everything the run will render for this case, so that a missing variable or an
    /// invalid regex stops the run before any call.
    static func validate(_ testCase: TestCase, in suite: Suite, format: String?) throws {
        func fail(_ field: String, _ message: String) -> LoadError {
            LoadError(file: testCase.file, line: testCase.line, field: field, message: "case '\(testCase.id)': \(message)")
        }
        do {
            _ = try Template(suite.prompt).render(testCase.vars)
        } catch {
            throw fail("prompt", "\(error) (the suite's prompt uses it; the dataset row must define it)")
        }
        if let system = suite.system {
            do { _ = try Template(system).render(testCase.vars) } catch { throw fail("system", "\(error)") }
        }
        // The assertions inside an assert-set are rendered and checked like top-level ones.
        func check(_ spec: AssertionSpec, label: String) throws {
            let rendered: JSONValue?
            do {
                rendered = try spec.value.map { value throws(Template.MissingVariable) in try Template.render(value, testCase.vars) }
            } catch {
                throw fail(label, "\(error)")
            }
            if let message = AssertionParser.problem(with: spec, renderedValue: rendered) {
                throw fail(label, message)
            }
            if spec.kind == .codeTests {
                for key in ["prompt", "test", "entry_point"] where testCase.vars[key] == nil {
                    throw fail(label, "needs the HumanEval field '\(key)' in every case")
                }
            }
            for (i, child) in spec.children.enumerated() {
                try check(child, label: "\(label).assert[\(i)].\(child.typeName)")
            }
        }
        for spec in suite.assertions + testCase.assertions {
            try check(spec, label: spec.typeName)
        }
        _ = format
    }
}

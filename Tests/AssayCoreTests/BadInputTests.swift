import AssayCore
import AssayTesting
import Foundation
import Testing

/// Careless and hostile input to the loaders, and what Assay says (each an exit 65 from the CLI, before any
/// call). The README's "Bad input" table lists the same cases.
///
/// | input | error |
/// |---|---|
/// | nested YAML anchors and aliases ("billion laughs") | `line N: YAML anchors and aliases (&name, *name) are not supported`, at once |
/// | a key written twice in a mapping | the second occurrence's line and key: `duplicate key (first at line N)` |
/// | a Latin-1 byte in a suite or dataset | `line N: not UTF-8: byte 0xE9 at column C …` |
/// | a UTF-16 file | `the file is UTF-16 …; save it as UTF-8` |
/// | a price of `.nan`, or a negative `cached_input` / `cache_write` | the field's line: `a price must be a finite number …` / `must not be negative` |
/// | a negative cost in a LiteLLM price file | the model and field: `a price must be a finite number, not negative` |
/// | `base_url: localhost:8080/v1` (no scheme) | `not an http(s) URL … (write the scheme …)` |
struct BadInputTests {
    /// Each level repeats the one before nine times: nine levels are 387 million strings once expanded.
    static func aliasBomb(levels: Int) -> String {
        var yaml = "name: bomb\ncategory: x\nprompt: hi\ntests:\n  - {id: a}\nassert:\n  - type: is-json\n    value:\n"
        yaml += "      l0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...levels {
            yaml += "      l\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        return yaml
    }

    @Test(.timeLimit(.minutes(1)))
    func nestedAliasesAreRefusedBeforeTheyExpand() throws {
        let error = try #require(throws: LoadError.self) { try SuiteLoader.parse(text: Self.aliasBomb(levels: 9), file: "bomb.yaml") }
        #expect(error.line == 9)
        #expect(error.message.contains("anchors and aliases"), "\(error)")
    }

    @Test func aDuplicateKeyIsReportedWhereItIsWrittenAgain() throws {
        let yaml = "name: demo\ncategory: qa\nprompt: a\nassert:\n  - type: equals\n    value: x\nname: again\n"
        let error = try #require(throws: LoadError.self) { try SuiteLoader.parse(text: yaml, file: "suite.yaml") }
        #expect(error.line == 7)
        #expect(error.field == "name")
        #expect(error.message.contains("duplicate key (first at line 1)"), "\(error)")
    }

    @Test func aLatin1ByteIsNamedWithItsLineAndColumn() throws {
        let folder = try TempFolder()
        let path = folder.url.appendingPathComponent("suite.yaml").path
        let bytes = Array("name: demo\ncategory: qa\nprompt: \"caf".utf8) + [0xE9] + Array("\"\n".utf8)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let error = try #require(throws: LoadError.self) { try SuiteLoader.load(file: path) }
        #expect(error.line == 3)
        #expect(error.message.contains("not UTF-8: byte 0xE9 at column 13"), "\(error)")
    }

    @Test func aUTF16DatasetIsNamedAsSuch() throws {
        let folder = try TempFolder()
        let path = folder.url.appendingPathComponent("cases.jsonl").path
        FileManager.default.createFile(atPath: path, contents: Data([0xFF, 0xFE]) + "{\"id\": \"a\"}\n".data(using: .utf16LittleEndian)!)
        let error = try #require(throws: LoadError.self) { try DatasetLoader.load(path: path) }
        #expect(error.message.contains("UTF-16"), "\(error)")
    }

    /// A dataset saved on Windows (CRLF line ends) loads line by line, and whitespace around a line, ASCII or
    /// Unicode, is trimmed; an error still names its line.
    @Test func aCRLFDatasetLoadsLineByLine() throws {
        let rows = try DatasetLoader.parseJSONL("{\"id\": \"a\"}\r\n\r\n  {\"id\": \"b\"}\t\r\n\u{00A0}{\"id\": \"é\"}\u{2028}\r\n", file: "f.jsonl")
        #expect(rows.map { $0.fields["id"] } == ["a", "b", "é"])
        #expect(rows.map(\.line) == [1, 3, 4])
        let error = try #require(throws: LoadError.self) { try DatasetLoader.parseJSONL("{\"id\": \"a\"}\r\n{oops}\r\n", file: "f.jsonl") }
        #expect(error.line == 2, "\(error)")
    }

    @Test func validUTF8WithABOMStillLoads() throws {
        #expect(try TextFile.decode(Data([0xEF, 0xBB, 0xBF] + Array("é😀 ok".utf8)), file: "f") == "é😀 ok")
        // Overlong forms and surrogates are not UTF-8.
        #expect(throws: LoadError.self) { try TextFile.decode(Data([0x41, 0xC0, 0xAF]), file: "f") }
        #expect(throws: LoadError.self) { try TextFile.decode(Data([0xED, 0xA0, 0x80]), file: "f") }
    }

    @Test(arguments: [
        ("input: .nan, output: 1", 5, "a price must be a finite number"),
        ("input: 1, output: .inf", 5, "a price must be a finite number"),
        ("input: 1, output: 1, cached_input: -0.5", 5, "a price must not be negative"),
        ("input: 1, output: 1, cache_write: -2", 5, "a price must not be negative"),
        ("input: -1, output: 1", 5, "a price must not be negative"),
    ])
    func invalidPricesAreRefusedByField(price: String, line: Int, message: String) throws {
        let yaml = "models:\n  - id: a\n    provider: openai\n    model: m\n    price: {\(price)}\n"
        let error = try #require(throws: LoadError.self) { try CatalogLoader.parse(text: yaml, file: "models.yaml") }
        #expect(error.line == line)
        #expect(error.message.contains(message), "\(error)")
    }

    @Test(arguments: ["localhost:8080/v1", "http//localhost:8080", "ftp://example.com/v1", "https://"])
    func aBaseURLMustBeHTTPWithAHost(url: String) throws {
        let yaml = "models:\n  - {id: a, provider: openai, model: m, base_url: \"\(url)\"}\n"
        let error = try #require(throws: LoadError.self) { try CatalogLoader.parse(text: yaml, file: "models.yaml") }
        #expect(error.line == 2)
        #expect(error.message.contains("not an http(s) URL"), "\(error)")
    }

    @Test func aNegativeCostInAPriceFileIsRefused() throws {
        let json = #"{"m": {"input_cost_per_token": -1e-6, "output_cost_per_token": 2e-6, "mode": "chat"}}"#
        let error = try #require(throws: LoadError.self) { try PriceTable.parseLiteLLM(json, name: "prices.json") }
        #expect(error.field == "m.input_cost_per_token")
    }
}

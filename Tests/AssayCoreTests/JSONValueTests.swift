import AssayCore
import Foundation
import Testing

struct JSONValueTests {
    @Test func parsesAndPrintsCompactSortedJSON() throws {
        let value = try JSONValue.parse(#"{"b": [1, 2.5, true, null], "a": "x\ny"}"#)
        #expect(value.compactJSON == #"{"a":"x\ny","b":[1,2.5,true,null]}"#)
    }

    /// Strings are written in runs between escapes: what a JSON parser reads back must be the string itself,
    /// and the characters that break JSON or JavaScript must come out escaped.
    @Test(arguments: [
        "", "plain", "\"", "\\", "a\"b\\c", "line\nbreak\r\ttab", "\u{0}nul\u{1b}[31m\u{1f}", "é😀 中文",
        "\u{2028}start", "end\u{2029}", "mid\u{2028}\u{2029}dle", "\u{2027}\u{202A}€", "\u{7f}del", "trail\\",
    ])
    func writesStringsThatParseBackAndEscapeLineBreaks(text: String) throws {
        let json = JSONValue.array([.string(text)]).compactJSON
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
        #expect(parsed == [text])
        #expect(!json.contains("\u{2028}") && !json.contains("\u{2029}"))
        #expect(!json.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func escapesAsBefore() {
        #expect(JSONValue.string("a\u{1}\u{2028}\"\\\n").compactJSON == #""a\u0001\u2028\"\\\n""#)
    }

    @Test func decodesUnicodeEscapesAndSurrogatePairs() throws {
        #expect(try JSONValue.parse(#""\u00e9\ud83d\ude00""#) == .string("é😀"))
        #expect(try JSONValue.parse(#""\ud800x""#) == .string("\u{FFFD}x"))
    }

    @Test(arguments: [
        ("{\"a\": }", 1, 7),
        ("{\n  \"a\": 1,\n}", 3, 1),
        ("[1, 2", 1, 6),
        ("\"unterminated", 1, 14),
        ("01x", 1, 2),
    ])
    func reportsWhereInvalidJSONBreaks(text: String, line: Int, column: Int) {
        do {
            _ = try JSONValue.parse(text)
            Issue.record("expected a parse error for \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
        }
    }

    @Test func rejectsDeepNestingInsteadOfCrashing() {
        let deep = String(repeating: "[", count: 10_000)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(deep) }
    }

    @Test func keepingSomeMembersGivesThoseOfTheWholeParse() throws {
        let chunk = #"""
            {"id":"chatcmpl-\u00e9\"x","object":"chat.completion.chunk","created":1764200000,"model":"m",
             "system_fingerprint":null,"extra":{"nested":[1,{"a":"\ud83d\ude00"},[],{}],"t":true},
             "choices":[{"index":0,"delta":{"content":"Hi \"there\"\n"},"finish_reason":null}],"usage":null}
            """#
        let whole = try #require(JSONValue.parse(chunk).objectValue)
        let kept = try JSONValue.parse(chunk, keeping: ["choices", "usage", "error"])
        #expect(kept == .object(whole.filter { ["choices", "usage"].contains($0.key) }))
    }

    @Test(arguments: [
        #"{"skipped": [1, 2, "choices": 1}"#,
        #"{"skipped": "bad \x escape", "choices": 1}"#,
        #"{"skipped": {"a" 1}, "choices": 1}"#,
        #"{"skipped": tru, "choices": 1}"#,
        #"{"skipped": "unterminated"#,
        #"[{"choices": 1}]"#,
        #"{"choices": 1} trailing"#,
    ])
    func membersThatAreSkippedAreStillChecked(text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(text, keeping: ["choices"]) }
    }

    @Test func prettyPrintingRoundTrips() throws {
        let value: JSONValue = ["z": [1, ["k": "v"]], "a": [:], "m": []]
        #expect(try JSONValue.parse(value.prettyJSON) == value)
    }
}

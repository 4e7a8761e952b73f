import AssayCore
import Testing

struct JSONValueTests {
    @Test func parsesAndPrintsCompactSortedJSON() throws {
        let value = try JSONValue.parse(#"{"b": [1, 2.5, true, null], "a": "x\ny"}"#)
        #expect(value.compactJSON == #"{"a":"x\ny","b":[1,2.5,true,null]}"#)
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

    @Test func prettyPrintingRoundTrips() throws {
        let value: JSONValue = ["z": [1, ["k": "v"]], "a": [:], "m": []]
        #expect(try JSONValue.parse(value.prettyJSON) == value)
    }
}

/// Reads JSON text piece by piece, building nothing it is not asked for: for a hot path (a streamed chunk
/// per token) that needs two or three fields of a known shape. Every method answers nil or false when the
/// text is not what was asked for or not valid JSON there; the caller then falls back to
/// `JSONValue.parse`, which gives the error with its position. Strings and skipped values are checked by
/// the same code as `JSONValue.parse`.
public struct JSONScanner {
    private var parser: JSONParser

    public init(_ text: String) {
        parser = JSONParser(bytes: Array(text.utf8))
    }

    /// Whether only whitespace is left.
    public mutating func isAtEnd() -> Bool {
        parser.skipWhitespace()
        return parser.index == parser.bytes.count
    }

    /// Consumes `byte` (after whitespace) when it comes next.
    public mutating func consume(_ byte: UInt8) -> Bool {
        parser.skipWhitespace()
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == byte else { return false }
        parser.index += 1
        return true
    }

    /// Consumes a `null` when one comes next.
    public mutating func consumeNull() -> Bool {
        parser.skipWhitespace()
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "n") else { return false }
        return (try? parser.expectWord("null")) != nil
    }

    /// A member's key and its `:`, as the key's raw bytes. Nil for a key holding an escape (rare; its bytes
    /// are not its text) or anything that is not a key.
    public mutating func key() -> ArraySlice<UInt8>? {
        parser.skipWhitespace()
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\"") else { return nil }
        let start = parser.index + 1
        var end = start
        while end < parser.bytes.count, parser.bytes[end] != UInt8(ascii: "\"") {
            let b = parser.bytes[end]
            if b == UInt8(ascii: "\\") || b < 0x20 { return nil }
            end += 1
        }
        guard end < parser.bytes.count else { return nil }
        parser.index = end + 1
        guard consume(UInt8(ascii: ":")) else { return nil }
        parser.skipWhitespace()
        return parser.bytes[start..<end]
    }

    /// Whether a key's bytes (from `key()`) are `name`'s: a plain byte comparison, cheaper on the hot path
    /// than the generic `elementsEqual` over a string's UTF-8 view.
    public static func matches(_ key: ArraySlice<UInt8>, _ name: StaticString) -> Bool {
        JSONParser.bytes(key, are: name)
    }

    /// A string value, unescaped.
    public mutating func string() -> String? {
        parser.skipWhitespace()
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\"") else { return nil }
        return try? parser.parseString()
    }

    /// Moves past one value of any kind, checking its syntax.
    public mutating func skipValue() -> Bool {
        parser.skipWhitespace()
        return (try? parser.skipValue()) != nil
    }
}

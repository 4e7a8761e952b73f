public import AssayCore
import Foundation

/// Number and text formatting shared by the writers, so every report shows figures the same way.
public enum ReportFormat {
    /// `value` with `decimals` digits after the point, exactly as printf's "%.Nf" writes it (C's formatter,
    /// as String(format:) uses, without Foundation's format parsing, which cost more than the rest of a
    /// JUnit test case: the reports format several figures per sample).
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        let capacity = 64
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            let written = withVaList([value]) { vsnprintf(buffer.baseAddress!, capacity, fixedFormats[min(decimals, 9)], $0) }
            guard written >= 0, written < capacity else { return String(format: "%.\(decimals)f", value) }
            return String(cString: buffer.baseAddress!)
        }
    }

    private static let fixedFormats = (0...9).map { "%.\($0)f" }

    public static func usd(_ value: Double?) -> String {
        guard let value else { return "unknown" }
        if value == 0 { return "$0" }
        if value < 0.01 { return "$" + fixed(value, 5) }
        return "$" + fixed(value, 4)
    }

    public static func ms(_ value: Double?) -> String {
        guard let value else { return "–" }
        return value >= 10_000 ? fixed(value / 1000, 1) + " s" : fixed(value, 0) + " ms"
    }

    /// A time per output token: a few milliseconds at most, so with two decimals below 10 ms.
    public static func tpot(_ value: Double?) -> String {
        guard let value else { return "–" }
        return value < 10 ? fixed(value, 2) + " ms" : ms(value)
    }

    public static func percent(_ value: Double?) -> String {
        guard let value else { return "–" }
        return fixed(value * 100, 1) + "%"
    }

    /// A difference of pass rates in percentage points: "3.1 points".
    public static func points(_ value: Double?) -> String {
        guard let value else { return "–" }
        let text = fixed(value * 100, 1)
        return "\(text == "-0.0" ? "0.0" : text) points"
    }

    /// A rank with its range: "2" when it is known, "1–4" when the data allow several.
    public static func rank(_ low: Int, _ high: Int) -> String {
        low >= high ? "\(low)" : "\(low)–\(high)"
    }

    public static func score(_ value: Double?) -> String {
        guard let value else { return "–" }
        return fixed(value, 3)
    }

    /// A p-value with four decimals, or "<0.0001".
    public static func pValue(_ value: Double) -> String {
        value < 0.0001 ? "<0.0001" : fixed(value, 4)
    }

    /// "p = 0.0123" or "p < 0.0001", for prose.
    public static func pStatement(_ value: Double) -> String {
        value < 0.0001 ? "p < 0.0001" : "p = " + fixed(value, 4)
    }

    public static func rate(_ value: Double?) -> String {
        guard let value else { return "–" }
        return fixed(value, 0) + " tok/s"
    }

    public static func interval(_ low: Double?, _ high: Double?) -> String {
        guard let low, let high else { return "–" }
        return fixed(low * 100, 1) + "–" + fixed(high * 100, 1) + "%"
    }

    /// A model's failed calls by kind: "0", or "3 (2 rate-limited, 1 server-error)".
    public static func errors(_ m: ModelSummary) -> String {
        if m.errors == 0 { return "0" }
        let kinds = m.errorsByKind.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        return "\(m.errors) (\(kinds))"
    }

    /// Escapes text for HTML element content and quoted attribute values.
    public static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Escapes text for XML, dropping characters XML 1.0 cannot hold.
    public static func xml(_ text: String) -> String {
        // Most text needs no escape: check its bytes first and return it as it is.
        let clean = text.utf8.allSatisfy { b in
            b >= 0x20 ? (b != UInt8(ascii: "&") && b != UInt8(ascii: "<") && b != UInt8(ascii: ">") && b != UInt8(ascii: "\"") && b != UInt8(ascii: "'") && b != 0xEF)
                : (b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r"))
        }
        if clean { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(ch)
            default:
                let v = ch.value
                if v < 0x20 || (0xFFFE...0xFFFF).contains(v) { out += "\u{FFFD}" } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }

    /// Text that comes from a suite, dataset, catalog or model (a name, a category, a reason) for Markdown,
    /// on one line: HTML's specials as entities and Markdown's emphasis, code, link and table punctuation
    /// escaped, so that it shows as written. GitHub renders HTML in a step summary; a category named
    /// `<img src=x onerror=…>` must stay text.
    public static func markdownText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "~": out += "\\"; out.unicodeScalars.append(ch)
            case "\n", "\r": out += " "
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// An inline code span showing `text` as written, on one line: its fence is one backtick longer than the
    /// longest run of backticks inside, so a model id holding a backtick cannot close it early. In a table,
    /// `|` is escaped too (GitHub splits cells on it even inside code).
    public static func markdownCode(_ text: String, inTable: Bool = false) -> String {
        var body = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if inTable { body = body.replacingOccurrences(of: "|", with: "\\|") }
        var longest = 0
        var run = 0
        for ch in body {
            run = ch == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padded = body.hasPrefix("`") || body.hasSuffix("`") ? " \(body) " : body
        return fence + padded + fence
    }

    /// A tool call as one line: `name(arguments)`, the arguments as the model sent them.
    public static func toolCall(_ call: ToolCall) -> String {
        "\(call.name)(\(call.arguments))"
    }

    public static func truncate(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "… [truncated, \(text.count) characters]"
    }
}

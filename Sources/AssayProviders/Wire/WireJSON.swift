import AssayCore
import Foundation

/// JSON helpers shared by the decoders.
enum WireJSON {
    /// Parses JSON text, turning a parse error into a `.malformedResponse` CallError.
    static func parse(_ text: String, what: String) throws(CallError) -> JSONValue {
        do {
            return try JSONValue.parse(text)
        } catch {
            throw CallError(kind: .malformedResponse, message: "\(what) is not JSON: \(error)")
        }
    }

    /// Parses a JSON object keeping only the members named (see `JSONValue.parse(_:keeping:)`).
    static func parse(_ text: String, what: String, keeping keys: Set<String>) throws(CallError) -> JSONValue {
        do {
            return try JSONValue.parse(text, keeping: keys)
        } catch {
            throw CallError(kind: .malformedResponse, message: "\(what) is not a JSON object: \(error)")
        }
    }

    /// A JSON number as an Int (Cohere sends counts as floats); nil when absent or not a number.
    static func int(_ value: JSONValue?) -> Int? {
        guard let n = value?.numberValue, n.isFinite, abs(n) < 1e15 else { return nil }
        return Int(n.rounded())
    }

    static func number(_ value: Int) -> JSONValue { .number(Double(value)) }

    /// `base` + `version` + `path`, where a base that already ends in the version segment keeps it once
    /// (`https://api.anthropic.com` and `https://api.anthropic.com/v1` both reach `/v1/messages`).
    static func endpoint(_ base: String, version: String, path: String) -> String {
        base.hasSuffix(version) ? base + path : base + version + path
    }

    /// A base URL without trailing slashes.
    static func trimmed(_ base: String) -> String {
        var s = base
        while s.hasSuffix("/") { s.removeLast() }
        return s
    }
}

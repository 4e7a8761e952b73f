public import AssayCore
import Foundation

/// The tool-call assertions (promptfoo's names): what the model called, not what it wrote.
extension RuleGrader {
    static func gradeToolCalls(_ spec: AssertionSpec, value: JSONValue?, calls: [ToolCall]) -> GradeResult {
        let called = calls.map(\.name)
        let list = called.isEmpty ? "no tool" : calls.map { "\($0.name)(\($0.arguments))" }.joined(separator: ", ")
        switch spec.kind {
        case .noToolCall:
            return result(calls.isEmpty, calls.isEmpty ? "called no tool" : "called \(list)")
        case .toolCall:
            let name = value?["name"]?.stringValue ?? ""
            let candidates = calls.filter { $0.name == name }
            guard !candidates.isEmpty else { return result(false, "no call to \(name); called \(list)") }
            if let match = candidates.first(where: { callMatches($0, value: value) }) {
                return result(true, "called \(match.name)(\(match.arguments))")
            }
            let given = candidates.map(\.arguments).joined(separator: "; ")
            let wanted = value?["schema"].map { _ in "arguments valid against the schema" } ?? "arguments \(value?["arguments"]?.compactJSON ?? "{}")"
            return result(false, "called \(name) with \(given), expected \(wanted)")
        case .toolSequence:
            if let set = value?["set"]?.arrayValue {
                let expected = set.compactMap(\.stringValue).sorted()
                let pass = called.sorted() == expected
                return result(pass, pass ? "called \(expected.joined(separator: ", ")) (any order)" : "called \(list), expected \(expected.joined(separator: ", ")) in any order")
            }
            let expected = (value?.arrayValue ?? []).compactMap(\.stringValue)
            let pass = called == expected
            return result(pass, pass ? "called \(expected.joined(separator: " → "))" : "called \(called.isEmpty ? "no tool" : called.joined(separator: " → ")), expected \(expected.isEmpty ? "none" : expected.joined(separator: " → "))")
        case .toolCallF1:
            let expected = (value?.arrayValue ?? []).compactMap(\.stringValue)
            let f1 = toolF1(called: called, expected: expected)
            let threshold = spec.threshold ?? 1
            let reason = String(format: "F1 %.2f: called %@, expected %@", f1, called.isEmpty ? "none" : called.joined(separator: ", "), expected.isEmpty ? "none" : expected.joined(separator: ", "))
            return result(f1 >= threshold, reason, score: f1)
        default:
            return result(false, "not a tool assertion")
        }
    }

    /// Whether a call's arguments are what the assertion asks: a subset of the given arguments (the default),
    /// exactly them, or valid against a JSON Schema. Arguments that are not JSON match nothing.
    static func callMatches(_ call: ToolCall, value: JSONValue?) -> Bool {
        guard let expected = value?["arguments"] ?? value?["schema"] else { return true }
        guard let arguments = call.parsedArguments else { return false }
        if let schema = value?["schema"] {
            return JSONSchemaValidator.validate(arguments, against: schema).isEmpty
        }
        if value?["match"]?.stringValue == "exact" { return arguments == expected }
        return JSONValue.contains(arguments, subset: expected)
    }

    /// F1 of the tools called against those expected, counting each name as often as it occurs; 1 when neither
    /// called nor expected any.
    public static func toolF1(called: [String], expected: [String]) -> Double {
        if called.isEmpty && expected.isEmpty { return 1 }
        var remaining = Dictionary(expected.map { ($0, 1) }, uniquingKeysWith: +)
        var hits = 0
        for name in called where (remaining[name] ?? 0) > 0 {
            remaining[name]! -= 1  // swift-format-ignore: checked above
            hits += 1
        }
        guard hits > 0 else { return 0 }
        let precision = Double(hits) / Double(called.count)
        let recall = Double(hits) / Double(expected.count)
        return 2 * precision * recall / (precision + recall)
    }
}

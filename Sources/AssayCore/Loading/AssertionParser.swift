import Foundation

/// Turns an `assert:` entry into an `AssertionSpec`, and checks that its value suits its type.
enum AssertionParser {
    static let keys: Set<String> = ["type", "value", "path", "weight", "metric", "threshold", "min", "max", "judge"]

    static func parse(_ field: YAMLField) throws -> AssertionSpec {
        let json = try field.json()
        return try parse(json: json, file: field.file, line: field.line, path: field.path)
    }

    static func parse(json: JSONValue, file: String, line: Int?, path: String) throws -> AssertionSpec {
        func fail(_ key: String?, _ message: String) -> LoadError {
            LoadError(file: file, line: line, field: key.map { "\(path).\($0)" } ?? path, message: message)
        }
        guard case .object(let f) = json else { throw fail(nil, "expected a mapping with a 'type'") }
        for key in f.keys where !keys.contains(key) {
            throw fail(key, "unknown key (known keys: \(keys.sorted().joined(separator: ", ")))")
        }
        guard let typeName = f["type"]?.stringValue else { throw fail("type", "missing assertion type") }
        let negated = typeName.hasPrefix("not-")
        let bare = negated ? String(typeName.dropFirst(4)) : typeName
        guard let kind = AssertionKind(rawValue: bare) else {
            let known = AssertionKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail("type", "unknown assertion type '\(typeName)' (known: \(known); any may take a 'not-' prefix)")
        }
        func number(_ key: String) throws -> Double? {
            guard let v = f[key] else { return nil }
            guard let n = v.numberValue else { throw fail(key, "expected a number") }
            return n
        }
        func string(_ key: String) throws -> String? {
            guard let v = f[key] else { return nil }
            guard let s = v.stringValue else { throw fail(key, "expected a string") }
            return s
        }
        let weight = try number("weight") ?? 1
        if weight < 0 || !weight.isFinite { throw fail("weight", "must be zero or more") }
        let threshold = try number("threshold")
        if let threshold, !(0...1).contains(threshold) { throw fail("threshold", "must be between 0 and 1") }
        let spec = AssertionSpec(
            kind: kind, negated: negated, value: f["value"], path: try string("path"), weight: weight,
            metric: try string("metric"), threshold: threshold, min: try number("min"), max: try number("max"),
            judge: try string("judge"), source: line.map { "\(file):\($0)" } ?? file)
        if let p = spec.path, JSONPath(p) == nil { throw fail("path", "invalid JSON path '\(p)' (use $.field.sub[0])") }
        if spec.value == nil, ![.isJSON, .wordCount, .charCount, .codeTests].contains(kind) {
            throw fail("value", "'\(typeName)' needs a value")
        }
        if kind == .jsonPath, spec.path == nil { throw fail("path", "'json-path' needs a path") }
        if kind == .wordCount || kind == .charCount {
            if spec.min == nil && spec.max == nil { throw fail(nil, "'\(typeName)' needs 'min' or 'max'") }
        }
        if negated, kind.needsJudge || kind == .codeTests {
            throw fail("type", "'\(typeName)' cannot be negated")
        }
        // Values without templates are checked once here; templated ones per case by the suite loader.
        if let value = spec.value, !value.compactJSON.contains("{{"), let message = problem(with: spec, renderedValue: value) {
            throw fail("value", message)
        }
        return spec
    }

    /// What is wrong with an assertion's (rendered) value for its type, or nil.
    static func problem(with spec: AssertionSpec, renderedValue value: JSONValue?) -> String? {
        switch spec.kind {
        case .equals, .contains, .icontains, .startsWith, .rougeL, .llmRubric:
            guard let value else { return "needs a value" }
            if case .array = value { return "expected a single value, not a list" }
            if case .object = value { return "expected a single value, not a mapping" }
        case .containsAny, .containsAll, .icontainsAny, .icontainsAll:
            guard case .array(let items) = value, !items.isEmpty else { return "expected a non-empty list of strings" }
        case .regex:
            guard let pattern = value?.stringValue else { return "expected a regular expression string" }
            do {
                _ = try NSRegularExpression(pattern: pattern)
            } catch {
                return "invalid regular expression '\(pattern)'"
            }
        case .isJSON:
            if let value {
                if let problem = JSONSchemaValidator.problem(inSchema: value) { return "invalid JSON schema: \(problem)" }
            }
        case .jsonPath, .codeTests:
            break
        case .wordCount, .charCount:
            if let min = spec.min, let max = spec.max, min > max { return "min is greater than max" }
        }
        return nil
    }
}

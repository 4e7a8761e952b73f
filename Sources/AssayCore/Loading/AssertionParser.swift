import Foundation

/// Turns an `assert:` entry into an `AssertionSpec`, and checks that its value suits its type.
enum AssertionParser {
    static let keys: Set<String> = [
        "type", "value", "path", "weight", "metric", "threshold", "min", "max", "judge", "n", "stem", "assert", "scores",
        "transcript",
    ]

    static func parse(_ field: YAMLField) throws -> AssertionSpec {
        let json = try field.json()
        return try parse(json: json, file: field.file, line: field.line, path: field.path)
    }

    static func parse(json: JSONValue, file: String, line: Int?, path: String) throws -> AssertionSpec {
        func fail(_ key: String?, _ message: String) -> LoadError {
            LoadError(file: file, line: line, field: key.map { "\(path).\($0)" } ?? path, message: message)
        }
        guard case .object(let f) = json else { throw fail(nil, "expected a mapping with a 'type'") }
        for key in f.keys.sorted() where !keys.contains(key) {
            throw fail(key, "unknown key (known keys: \(keys.sorted().joined(separator: ", ")))")
        }
        guard let typeName = f["type"]?.stringValue else { throw fail("type", "missing assertion type") }
        let negated = typeName.hasPrefix("not-")
        let bare = negated ? String(typeName.dropFirst(4)) : typeName
        guard let kind = AssertionKind(rawValue: bare) else {
            let known = AssertionKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail("type", "unknown assertion type '\(typeName)' (known: \(known); any rule-based type may take a 'not-' prefix)")
        }
        if negated, !kind.negatable {
            throw fail("type", "'\(typeName)' cannot be negated (no 'not-' prefix for \(bare))")
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
        if kind.thresholdIsAbsolute {
            let unit = kind == .levenshtein ? "the largest edit distance that passes"
                : kind == .latency ? "the slowest end-to-end latency that passes, in milliseconds"
                : "the highest cost of the call that passes, in US dollars"
            guard let threshold else { throw fail("threshold", "'\(typeName)' needs a threshold: \(unit)") }
            if threshold < 0 || !threshold.isFinite { throw fail("threshold", "must be zero or more (\(unit))") }
        } else if let threshold, !(0...1).contains(threshold) {
            throw fail("threshold", "must be between 0 and 1")
        }

        var n: Int?
        if let v = f["n"] {
            guard kind == .rougeN else { throw fail("n", "only 'rouge-n' takes 'n' (the n-gram order)") }
            guard let d = v.numberValue, d == d.rounded(), (1...9).contains(d) else {
                throw fail("n", "expected a whole number from 1 to 9 (the n-gram order of rouge-n)")
            }
            n = Int(d)
        }
        var stem = false
        if let v = f["stem"] {
            guard kind == .rougeN || kind == .rougeL else { throw fail("stem", "only 'rouge-n' and 'rouge-l' take 'stem'") }
            guard case .bool(let b) = v else { throw fail("stem", "expected true or false") }
            stem = b
        }
        var children: [AssertionSpec] = []
        if let v = f["assert"] {
            guard kind == .assertSet else { throw fail("assert", "only 'assert-set' takes a list of assertions under 'assert'") }
            guard case .array(let items) = v, !items.isEmpty else {
                throw fail("assert", "expected a non-empty list of assertions")
            }
            for (i, item) in items.enumerated() {
                let child = try parse(json: item, file: file, line: line, path: "\(path).assert[\(i)]")
                if child.contains(kind: .selectBest) {
                    throw fail("assert[\(i)]", "'select-best' compares models and cannot be inside an assert-set")
                }
                children.append(child)
            }
        } else if kind == .assertSet {
            throw fail("assert", "'assert-set' needs a list of assertions under 'assert'")
        }

        var scores: [String: Double] = [:]
        if let v = f["scores"] {
            guard kind == .factuality else { throw fail("scores", "only 'factuality' takes category scores") }
            guard case .object(let members) = v else { throw fail("scores", "expected a mapping of category to score") }
            for (category, value) in members {
                guard AssertionSpec.factualityCategories.contains(category) else {
                    throw fail("scores.\(category)", "unknown category (known: \(AssertionSpec.factualityCategories.joined(separator: ", ")))")
                }
                guard let score = value.numberValue, (0...1).contains(score) else {
                    throw fail("scores.\(category)", "a category score is between 0 and 1")
                }
                scores[category] = score
            }
        }
        if kind == .selectBest, negated { throw fail("type", "'select-best' cannot be negated") }

        var spec = AssertionSpec(
            kind: kind, negated: negated, value: f["value"], path: try string("path"), weight: weight,
            metric: try string("metric"), threshold: threshold, min: try number("min"), max: try number("max"),
            judge: try string("judge"), n: n, stem: stem, children: children, scores: scores,
            source: line.map { "\(file):\($0)" } ?? file)
        if let v = f["transcript"] {
            guard kind.needsJudge && kind != .selectBest else { throw fail("transcript", "only judge assertions read the transcript") }
            guard case .bool(let b) = v else { throw fail("transcript", "expected true or false") }
            spec.transcript = b
        }
        if let p = spec.path, JSONPath(p) == nil { throw fail("path", "invalid JSON path '\(p)' (use $.field.sub[0])") }
        if spec.path != nil, [.latency, .cost, .finishReason, .assertSet].contains(kind) || kind.gradesToolCalls {
            throw fail("path", "'\(typeName)' does not read the answer, so it takes no path")
        }
        if spec.value != nil, [.latency, .cost].contains(kind) {
            throw fail("value", "'\(typeName)' takes its limit in 'threshold', not 'value'")
        }
        if spec.value != nil, kind == .assertSet {
            throw fail("value", "'assert-set' takes no value; put the grouped assertions under 'assert'")
        }
        if spec.value != nil, kind == .noToolCall {
            throw fail("value", "'no-tool-call' takes no value (use 'not-tool-call' for a call that must not be made)")
        }
        if spec.value == nil, ![.isJSON, .wordCount, .charCount, .codeTests, .latency, .cost, .assertSet, .noToolCall].contains(kind) {
            throw fail("value", "'\(typeName)' needs a value")
        }
        if kind == .jsonPath, spec.path == nil { throw fail("path", "'json-path' needs a path") }
        if kind == .wordCount || kind == .charCount {
            if spec.min == nil && spec.max == nil { throw fail(nil, "'\(typeName)' needs 'min' or 'max'") }
        }
        // Values without templates are checked once here; templated ones per case by the suite loader.
        if let value = spec.value, !value.compactJSON.contains("{{"), let message = problem(with: spec, renderedValue: value) {
            throw fail("value", message)
        }
        return spec
    }

    /// What is wrong with an assertion's (rendered) value for its type, or nil. The assertions inside an
    /// `assert-set` are checked one by one (see `AssertionSpec.flattened`), not here.
    static func problem(with spec: AssertionSpec, renderedValue value: JSONValue?) -> String? {
        switch spec.kind {
        case .equals, .contains, .icontains, .startsWith, .levenshtein, .rougeN, .rougeL, .finishReason, .llmRubric, .factuality,
            .modelGradedClosedQA, .selectBest:
            guard let value else { return "needs a value" }
            if case .array = value { return "expected a single value, not a list" }
            if case .object = value { return "expected a single value, not a mapping" }
        case .bleu:
            guard let value else { return "needs a reference (or a list of references)" }
            switch value {
            case .object: return "expected a reference text or a list of them, not a mapping"
            case .array(let items):
                if items.isEmpty { return "expected at least one reference" }
                for item in items {
                    switch item {
                    case .array, .object: return "expected a list of reference texts"
                    default: continue
                    }
                }
            default: break
            }
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
        case .jsonPath, .codeTests, .latency, .cost, .assertSet, .noToolCall:
            break
        case .toolCall:
            guard let object = value?.objectValue, object["name"]?.stringValue != nil else {
                return "expected {name: TOOL} with optional 'arguments' (an object), 'match' (subset or exact) or 'schema'"
            }
            if let unknown = object.keys.first(where: { !["name", "arguments", "match", "schema"].contains($0) }) {
                return "unknown key '\(unknown)' (known: name, arguments, match, schema)"
            }
            if let arguments = object["arguments"], arguments.objectValue == nil { return "arguments must be an object" }
            if object["arguments"] != nil && object["schema"] != nil { return "give 'arguments' or 'schema', not both" }
            if let match = object["match"], !["subset", "exact"].contains(match.stringValue ?? "") { return "match is subset or exact" }
            if let schema = object["schema"], let problem = JSONSchemaValidator.problem(inSchema: schema) { return "invalid JSON schema: \(problem)" }
        case .toolSequence:
            let names = value?.arrayValue ?? value?["set"]?.arrayValue
            guard let names, names.allSatisfy({ $0.stringValue != nil }) else {
                return "expected a list of tool names (in order), or {set: [names]} (in any order)"
            }
        case .toolCallF1:
            guard let names = value?.arrayValue, names.allSatisfy({ $0.stringValue != nil }) else {
                return "expected a list of the tool names expected (empty when none)"
            }
        case .wordCount, .charCount:
            if let min = spec.min, let max = spec.max, min > max { return "min is greater than max" }
        }
        return nil
    }
}

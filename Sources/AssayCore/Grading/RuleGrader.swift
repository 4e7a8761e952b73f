import Foundation

/// The graders that need no I/O: text, JSON, ROUGE and length assertions.
public enum RuleGrader {
    /// Grades `input` with one assertion whose value has already been rendered for the case.
    public static func grade(_ spec: AssertionSpec, value: JSONValue?, input: GradingInput) -> GradeResult {
        var result = gradeUnnegated(spec, value: value, input: input)
        if spec.negated {
            result.score = 1 - result.score
            result.pass.toggle()
            result.reason = "negated: " + result.reason
        }
        result.type = spec.typeName
        result.metric = spec.metricName
        result.weight = spec.weight
        return result
    }

    static func result(_ pass: Bool, _ reason: String, score: Double? = nil) -> GradeResult {
        GradeResult(type: "", metric: "", score: score ?? (pass ? 1 : 0), pass: pass, reason: reason)
    }

    static func gradeUnnegated(_ spec: AssertionSpec, value: JSONValue?, input: GradingInput) -> GradeResult {
        // A path narrows any text assertion to one field of a JSON answer.
        var text = input.output
        if let pathText = spec.path, spec.kind != .jsonPath, spec.kind != .isJSON {
            switch extract(pathText, from: input.output) {
            case .success(let field): text = field.templateText
            case .failure(let failure): return result(false, failure.description)
            }
        }
        let expected = value?.templateText ?? ""
        switch spec.kind {
        case .equals:
            let pass = text.trimmingCharacters(in: .whitespacesAndNewlines)
                == expected.trimmingCharacters(in: .whitespacesAndNewlines)
            return result(pass, pass ? "equals the expected value" : "expected \(quote(expected)), got \(quote(text))")
        case .contains:
            let pass = text.contains(expected)
            return result(pass, pass ? "contains \(quote(expected))" : "does not contain \(quote(expected))")
        case .icontains:
            let pass = text.lowercased().contains(expected.lowercased())
            return result(pass, pass ? "contains \(quote(expected)) (ignoring case)" : "does not contain \(quote(expected)) (ignoring case)")
        case .startsWith:
            let pass = text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix(expected)
            return result(pass, pass ? "starts with \(quote(expected))" : "does not start with \(quote(expected))")
        case .containsAny, .containsAll, .icontainsAny, .icontainsAll:
            let ignoreCase = spec.kind == .icontainsAny || spec.kind == .icontainsAll
            let needles = (value?.arrayValue ?? []).map(\.templateText)
            let haystack = ignoreCase ? text.lowercased() : text
            let found = needles.filter { haystack.contains(ignoreCase ? $0.lowercased() : $0) }
            let missing = needles.filter { !found.contains($0) }
            if spec.kind == .containsAny || spec.kind == .icontainsAny {
                let pass = !found.isEmpty
                return result(pass, pass ? "contains \(quote(found[0]))" : "contains none of \(needles.map(quote).joined(separator: ", "))")
            }
            let score = needles.isEmpty ? 1 : Double(found.count) / Double(needles.count)
            let pass = missing.isEmpty
            return result(
                pass, pass ? "contains all \(needles.count)" : "missing \(missing.map(quote).joined(separator: ", "))",
                score: score)
        case .regex:
            guard let re = try? NSRegularExpression(pattern: expected) else { return result(false, "invalid regex") }
            let pass = re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            return result(pass, pass ? "matches /\(expected)/" : "does not match /\(expected)/")
        case .isJSON:
            let parsed: JSONValue
            do {
                parsed = try JSONValue.parse(stripFence(input.output))
            } catch {
                return result(false, "not valid JSON: \(error.description)")
            }
            guard let schema = value else { return result(true, "valid JSON") }
            let errors = JSONSchemaValidator.validate(parsed, against: schema)
            if errors.isEmpty { return result(true, "valid JSON matching the schema") }
            return result(false, "JSON does not match the schema: " + errors.prefix(3).joined(separator: "; "))
        case .jsonPath:
            switch extract(spec.path ?? "$", from: input.output) {
            case .failure(let failure): return result(false, failure.description)
            case .success(let found):
                let pass: Bool
                if case .string(let a) = found, let b = value?.templateText {
                    pass = a.trimmingCharacters(in: .whitespacesAndNewlines) == b.trimmingCharacters(in: .whitespacesAndNewlines)
                } else {
                    pass = found == value || found.templateText == value?.templateText
                }
                let path = spec.path ?? "$"
                return result(
                    pass,
                    pass ? "\(path) is \(quote(found.templateText))" : "\(path) is \(quote(found.templateText)), expected \(quote(expected))")
            }
        case .rougeL:
            let f1 = TextMetrics.rougeL(candidate: text, reference: expected)
            let threshold = spec.threshold ?? 0.75
            return result(
                f1 >= threshold, String(format: "ROUGE-L F1 %.3f %@ threshold %.2f", f1, f1 >= threshold ? "≥" : "<", threshold),
                score: f1)
        case .wordCount, .charCount:
            let unit = spec.kind == .wordCount ? "words" : "characters"
            let count = spec.kind == .wordCount ? TextMetrics.wordCount(text) : text.count
            var problems: [String] = []
            if let min = spec.min, Double(count) < min { problems.append("fewer than \(Int(min))") }
            if let max = spec.max, Double(count) > max { problems.append("more than \(Int(max))") }
            return result(
                problems.isEmpty, problems.isEmpty ? "\(count) \(unit), within bounds" : "\(count) \(unit), \(problems.joined(separator: " and "))")
        case .codeTests, .llmRubric:
            return result(false, "\(spec.kind.rawValue) is not a rule-based assertion")
        }
    }

    /// The value at a JSON path in an answer that should be JSON.
    static func extract(_ pathText: String, from output: String) -> Result<JSONValue, ExtractFailure> {
        guard let path = JSONPath(pathText) else { return .failure(ExtractFailure("invalid JSON path \(pathText)")) }
        guard let parsed = try? JSONValue.parse(stripFence(output)) else {
            return .failure(ExtractFailure("the answer is not JSON, so \(pathText) cannot be read"))
        }
        guard let found = path.evaluate(parsed) else { return .failure(ExtractFailure("\(pathText) is missing from the answer")) }
        return .success(found)
    }

    struct ExtractFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Removes one Markdown code fence around the whole answer, which many models add to JSON.
    public static func stripFence(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("```"), trimmed.hasSuffix("```"), trimmed.count >= 6 else { return trimmed }
        var inner = trimmed.dropFirst(3).dropLast(3)
        if let newline = inner.firstIndex(of: "\n") {
            let tag = inner[..<newline]
            if tag.allSatisfy({ $0.isLetter || $0.isNumber }) { inner = inner[inner.index(after: newline)...] }
        }
        return inner.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func quote(_ s: String) -> String {
        let flat = s.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 80 ? "\"\(flat.prefix(77))...\"" : "\"\(flat)\""
    }
}

public import Foundation
public import AssayCore

/// The graders that need no I/O: text, JSON, similarity, length, latency, cost and finish-reason assertions.
public enum RuleGrader {
    /// Grades `input` with one assertion whose value has already been rendered for the case.
    ///
    /// A `not-` prefix inverts the score and the pass, except when the assertion could not look at what it
    /// checks (a path missing from the answer, an unknown latency, cost or finish reason): that fails either way.
    public static func grade(_ spec: AssertionSpec, value: JSONValue?, input: GradingInput) -> GradeResult {
        var result: GradeResult
        switch subject(of: spec, input: input) {
        case .failure(let failure):
            result = Self.result(false, failure.description)
        case .success(let text):
            result = gradeUnnegated(spec, text: text, value: value, input: input)
            if spec.negated {
                result.score = 1 - result.score
                result.pass.toggle()
                result.reason = "negated: " + result.reason
            }
        }
        result.type = spec.typeName
        result.metric = spec.metricName
        result.weight = spec.weight
        return result
    }

    static func result(_ pass: Bool, _ reason: String, score: Double? = nil) -> GradeResult {
        GradeResult(type: "", metric: "", score: score ?? (pass ? 1 : 0), pass: pass, reason: reason)
    }

    /// The text an assertion checks: the answer, or the field a path narrows it to; a failure when what
    /// the assertion needs is missing.
    static func subject(of spec: AssertionSpec, input: GradingInput) -> Result<String, ExtractFailure> {
        switch spec.kind {
        case .latency where input.latencyMs == nil: return .failure(ExtractFailure("latency unknown"))
        case .cost where input.cost == nil: return .failure(ExtractFailure("cost unknown"))
        case .finishReason where input.finishReason == nil: return .failure(ExtractFailure("finish reason unknown"))
        default: break
        }
        if spec.kind.gradesToolCalls { return .success(input.output) }
        // A path narrows any text assertion to one field of a JSON answer.
        if let pathText = spec.path, spec.kind != .jsonPath, spec.kind != .isJSON {
            return extract(pathText, from: input.output).map(\.templateText)
        }
        return .success(input.output)
    }

    static func gradeUnnegated(_ spec: AssertionSpec, text: String, value: JSONValue?, input: GradingInput) -> GradeResult {
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
        case .levenshtein:
            // The parser requires a threshold; 5 is promptfoo's default for specs built in code.
            let threshold = spec.threshold ?? 5
            let limit = Int(Swift.min(threshold, 1e12).rounded(.down))
            let (distance, exact) = TextMetrics.levenshtein(text, expected, limit: limit)
            let longest = Swift.max(text.count, expected.count)
            let score = longest == 0 ? 1 : 1 - Double(distance) / Double(longest)
            let pass = exact && Double(distance) <= threshold
            let shown = exact ? "\(distance)" : "more than \(distance - 1)"
            return result(
                pass, "edit distance \(shown) \(pass ? "≤" : ">") threshold \(JSONValue.format(number: threshold))", score: score)
        case .rougeN, .rougeL:
            let n = spec.n ?? 1
            let f1 = spec.kind == .rougeN
                ? TextMetrics.rougeN(candidate: text, reference: expected, n: n, stem: spec.stem)
                : TextMetrics.rougeL(candidate: text, reference: expected, stem: spec.stem)
            let threshold = spec.threshold ?? 0.75
            let name = spec.kind == .rougeN ? "ROUGE-\(n)" : "ROUGE-L"
            return result(
                f1 >= threshold,
                String(format: "%@ F1 %.3f %@ threshold %.2f", name, f1, f1 >= threshold ? "≥" : "<", threshold)
                    + (spec.stem ? " (stemmed)" : ""),
                score: f1)
        case .bleu:
            let references = value?.arrayValue?.map(\.templateText) ?? [expected]
            let score = TextMetrics.bleu(candidate: text, references: references) / 100
            let threshold = spec.threshold ?? 0.5
            return result(
                score >= threshold,
                String(format: "BLEU %.3f %@ threshold %.2f", score, score >= threshold ? "≥" : "<", threshold), score: score)
        case .latency:
            let ms = input.latencyMs ?? .infinity
            let threshold = spec.threshold ?? .infinity
            let pass = ms <= threshold
            // The measured latency is named only on a failure, so that passing reasons stay the same from run to run.
            let limit = JSONValue.format(number: threshold)
            return result(pass, pass ? "latency within \(limit) ms" : String(format: "latency %.0f ms > %@ ms", ms, limit))
        case .cost:
            let cost = input.cost ?? .infinity
            let threshold = spec.threshold ?? .infinity
            let pass = cost <= threshold
            return result(pass, "cost $\(dollars(cost)) \(pass ? "≤" : ">") $\(dollars(threshold))")
        case .finishReason:
            let actual = normalizedFinishReason(input.finishReason ?? "")
            let wanted = normalizedFinishReason(expected)
            let pass = actual == wanted
            return result(pass, pass ? "finish reason is \(quote(actual))" : "finish reason is \(quote(actual)), expected \(quote(wanted))")
        case .wordCount, .charCount:
            let unit = spec.kind == .wordCount ? "words" : "characters"
            let count = spec.kind == .wordCount ? TextMetrics.wordCount(text) : text.count
            var problems: [String] = []
            if let min = spec.min, Double(count) < min { problems.append("fewer than \(Int(min))") }
            if let max = spec.max, Double(count) > max { problems.append("more than \(Int(max))") }
            return result(
                problems.isEmpty, problems.isEmpty ? "\(count) \(unit), within bounds" : "\(count) \(unit), \(problems.joined(separator: " and "))")
        case .toolCall, .toolSequence, .toolCallF1, .noToolCall:
            return gradeToolCalls(spec, value: value, calls: input.toolCalls)
        case .codeTests, .llmRubric, .factuality, .modelGradedClosedQA, .selectBest, .assertSet:
            return result(false, "\(spec.kind.rawValue) is not a rule-based assertion (AnswerGrader grades it)")
        }
    }

    /// Finish reasons as the providers normalise them (stop, length, tool-calls, content-filter), also
    /// accepting the raw names users know (`tool_calls`, `end_turn`, `max_tokens`, `content_filter`...).
    public static func normalizedFinishReason(_ raw: String) -> String {
        let key = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        switch key {
        case "stop", "end-turn", "stop-sequence", "complete": return "stop"
        case "length", "max-tokens", "model-context-window-exceeded": return "length"
        case "tool-calls", "tool-call", "tool-use", "function-call": return "tool-calls"
        case "content-filter", "refusal", "safety": return "content-filter"
        default: return key
        }
    }

    static func dollars(_ amount: Double) -> String {
        guard amount.isFinite else { return "?" }
        var text = String(format: "%.6f", amount)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text += "00" }
        return text
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

import AssayCore
import Testing
import AssayGrading

struct RuleGraderTests {
    static func grade(_ type: AssertionKind, _ value: JSONValue?, _ output: String, negated: Bool = false,
                      path: String? = nil, threshold: Double? = nil, min: Double? = nil, max: Double? = nil) -> GradeResult {
        let spec = AssertionSpec(kind: type, negated: negated, value: value, path: path, threshold: threshold, min: min, max: max)
        return RuleGrader.grade(spec, value: value, input: GradingInput(output: output))
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let kind: AssertionKind
        let value: JSONValue?
        let output: String
        let pass: Bool
        var testDescription: String { "\(kind.rawValue) \(value?.compactJSON ?? "-") on \(output.prefix(30))" }
    }

    static let rows: [Row] = [
        Row(kind: .equals, value: "Paris", output: "  Paris\n", pass: true),
        Row(kind: .equals, value: "Paris", output: "paris", pass: false),
        Row(kind: .equals, value: "", output: "", pass: true),
        Row(kind: .contains, value: "30 days", output: "within 30 days of delivery", pass: true),
        Row(kind: .contains, value: "30 Days", output: "within 30 days", pass: false),
        Row(kind: .icontains, value: "30 DAYS", output: "within 30 days", pass: true),
        Row(kind: .icontains, value: "straße", output: "STRASSE", pass: false),
        Row(kind: .icontains, value: "crème", output: "CRÈME BRÛLÉE", pass: true),
        Row(kind: .startsWith, value: "Dear", output: "\n Dear customer", pass: true),
        Row(kind: .containsAny, value: ["refund", "credit"], output: "a store credit", pass: true),
        Row(kind: .containsAny, value: ["refund", "credit"], output: "", pass: false),
        Row(kind: .containsAll, value: ["a", "b"], output: "a and b", pass: true),
        Row(kind: .icontainsAll, value: ["ONE", "two"], output: "one, Two", pass: true),
        Row(kind: .icontainsAny, value: ["zzz"], output: "one", pass: false),
        Row(kind: .regex, value: "^\\d{3}-\\d{4}$", output: "555-1234", pass: true),
        Row(kind: .regex, value: "^\\d{3}-\\d{4}$", output: "555-12345", pass: false),
        Row(kind: .regex, value: "日本", output: "東京は日本の首都", pass: true),
        Row(kind: .isJSON, value: nil, output: "{\"a\": 1}", pass: true),
        Row(kind: .isJSON, value: nil, output: "```json\n{\"a\": 1}\n```", pass: true),
        Row(kind: .isJSON, value: nil, output: "Sure! {\"a\": 1}", pass: false),
        Row(kind: .isJSON, value: nil, output: "", pass: false),
        Row(kind: .isJSON, value: nil, output: "<script>alert(1)</script>", pass: false),
    ]

    @Test(arguments: rows)
    func gradesAsExpected(row: Row) {
        let result = Self.grade(row.kind, row.value, row.output)
        #expect(result.pass == row.pass, "\(result.reason)")
        #expect((0...1).contains(result.score))
        #expect(!result.reason.isEmpty)
    }

    @Test func containsAllScoresTheShareFound() {
        let result = Self.grade(.containsAll, ["a", "b", "c", "d"], "a b")
        #expect(!result.pass)
        #expect(result.score == 0.5)
        #expect(result.reason.contains("\"c\""))
    }

    @Test func notPrefixInvertsScoreAndPass() {
        let result = Self.grade(.contains, "sorry", "We are sorry", negated: true)
        #expect(!result.pass)
        #expect(result.score == 0)
        #expect(result.type == "not-contains")
    }

    @Test func jsonSchemaFailuresNameThePath() {
        let schema: JSONValue = [
            "type": "object", "required": ["category", "reply"], "additionalProperties": false,
            "properties": [
                "category": ["type": "string", "enum": ["billing", "shipping"]],
                "reply": ["type": "string", "minLength": 5],
                "n": ["type": "integer", "minimum": 1],
            ],
        ]
        #expect(Self.grade(.isJSON, schema, #"{"category": "billing", "reply": "Hello there"}"#).pass)
        let bad = Self.grade(.isJSON, schema, #"{"category": "refunds", "reply": "Hi", "n": 0.5, "x": 1}"#)
        #expect(!bad.pass)
        #expect(bad.reason.contains("$.category"))
        #expect(bad.reason.contains("$.n: expected integer"))
        let missing = Self.grade(.isJSON, schema, #"{"category": "billing"}"#)
        #expect(missing.reason.contains("missing required property 'reply'"))
    }

    @Test func jsonPathComparesTheValueAtThePath() {
        let answer = #"{"ticket": {"category": "billing", "tags": ["a", "b"]}, "n": 3}"#
        #expect(Self.grade(.jsonPath, "billing", answer, path: "$.ticket.category").pass)
        #expect(Self.grade(.jsonPath, "b", answer, path: "$.ticket.tags[1]").pass)
        #expect(Self.grade(.jsonPath, 3, answer, path: "n").pass)
        #expect(!Self.grade(.jsonPath, "shipping", answer, path: "$.ticket.category").pass)
        let missing = Self.grade(.jsonPath, "x", answer, path: "$.nope")
        #expect(missing.reason.contains("missing"))
        let notJSON = Self.grade(.jsonPath, "x", "plain text", path: "$.a")
        #expect(notJSON.reason.contains("not JSON"))
    }

    @Test func aPathNarrowsTextAssertionsToOneField() {
        let answer = #"{"category": "billing", "reply": "Refunds take 5 to 7 business days."}"#
        #expect(Self.grade(.icontainsAll, ["5 to 7 business days"], answer, path: "$.reply").pass)
        #expect(!Self.grade(.icontains, "billing", answer, path: "$.reply").pass)
    }

    @Test func rougeLMatchesHandWorkedValues() {
        // Tokens: the cat sat on the mat / the cat is on the mat; LCS = 5 of 6 and 6: F1 = 5/6.
        #expect(abs(TextMetrics.rougeL(candidate: "The cat sat on the mat.", reference: "the cat is on the mat") - 5.0 / 6.0) < 1e-12)
        // Punctuation and case are separators: identical token lists.
        #expect(TextMetrics.rougeL(candidate: "Hello, WORLD!", reference: "hello world") == 1)
        #expect(TextMetrics.rougeL(candidate: "", reference: "x") == 0)
        // rouge-score drops non-ASCII letters: only "cafe" survives in both.
        #expect(TextMetrics.rougeTokens("Café crème 42") == ["caf", "cr", "me", "42"])
        let graded = Self.grade(.rougeL, "the cat is on the mat", "the cat sat on the mat", threshold: 0.8)
        #expect(graded.pass)
        #expect(abs(graded.score - 5.0 / 6.0) < 1e-12)
    }

    @Test func lengthBounds() {
        #expect(Self.grade(.wordCount, nil, "one two three", max: 3).pass)
        #expect(!Self.grade(.wordCount, nil, "one two three four", max: 3).pass)
        #expect(!Self.grade(.charCount, nil, "ab", min: 3).pass)
        #expect(Self.grade(.charCount, nil, "🎉🎉🎉", min: 3, max: 3).pass)
    }

    @Test func hugeAndAdversarialOutputsDoNotBreakGraders() {
        let huge = String(repeating: "lorem ipsum ", count: 50_000)
        #expect(!Self.grade(.isJSON, nil, huge).pass)
        #expect(Self.grade(.icontains, "IPSUM", huge).pass)
        #expect(!Self.grade(.jsonPath, "x", String(repeating: "[", count: 100_000), path: "$.a").pass)
    }
}

struct AnswerGraderTests {
    @Test func combinesWithWeightsAndAThreshold() {
        let grades = [
            GradeResult(type: "a", metric: "a", score: 1, pass: true, reason: "", weight: 2),
            GradeResult(type: "b", metric: "b", score: 0, pass: false, reason: "", weight: 1),
            GradeResult(type: "c", metric: "c", score: 0, pass: false, reason: "judge down", weight: 5, error: "judge down"),
        ]
        let withThreshold = GradeResult.combine(grades, threshold: 0.6)
        #expect(abs((withThreshold.score ?? 0) - 2.0 / 3.0) < 1e-12)
        #expect(withThreshold.passed == true)
        #expect(GradeResult.combine(grades, threshold: nil).passed == false)
        #expect(GradeResult.combine([grades[2]], threshold: nil).passed == nil)
    }

    @Test func weightZeroAssertionsNeverFailACase() {
        let grades = [
            GradeResult(type: "a", metric: "a", score: 1, pass: true, reason: "", weight: 1),
            GradeResult(type: "b", metric: "b", score: 0, pass: false, reason: "", weight: 0),
        ]
        #expect(GradeResult.combine(grades, threshold: nil).passed == true)
    }

    @Test func costArithmetic() {
        let price = Price(input: 2.5, output: 15, cachedInput: 0.25)
        let usage = TokenUsage(inputTokens: 1000, outputTokens: 500, cachedInputTokens: 200, reasoningTokens: 100)
        // 800 × 2.5 + 200 × 0.25 + 500 × 15, per million.
        #expect(abs(price.cost(of: usage) - 0.00955) < 1e-15)
        #expect(Price(input: 1, output: 1).cost(of: TokenUsage()) == 0)
    }
}

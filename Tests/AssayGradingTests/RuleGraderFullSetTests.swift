import AssayCore
import Foundation
import Testing
import AssayGrading

// Reference values in this file come from the reference implementations, run as below
// (python3 -m venv /tmp/rv && /tmp/rv/bin/pip install rouge-score sacrebleu; this gave rouge-score 0.1.2,
// nltk 3.10.4, sacrebleu 2.6.0):
//
//   from rouge_score import rouge_scorer
//   from nltk.stem.porter import PorterStemmer
//   import sacrebleu
//   HUGE = "the quick brown fox jumps over the lazy dog. " * 4600          # 207,000 characters
//   pairs = [(candidate, reference), ...]                                  # the table in `pairs` below
//   s0 = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rouge3", "rougeL"], use_stemmer=False)
//   s1 = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rouge3", "rougeL"], use_stemmer=True)
//   for c, r in pairs:
//       a, b = s0.score(r, c), s1.score(r, c)                              # score(target, prediction)
//       print([x.fmeasure for x in (a["rouge1"], a["rouge2"], a["rouge3"], a["rougeL"],
//                                   b["rouge1"], b["rouge2"], b["rouge3"], b["rougeL"])],
//             sacrebleu.sentence_bleu(c, [r]).score)
//   print(sacrebleu.sentence_bleu("The cat is sitting on the mat.",
//                                 ["The cat sat on the mat.", "A cat is sitting on a mat."]).score)
//   print(sacrebleu.sentence_bleu("It is raining heavily today in Paris",
//                                 ["Today it rains heavily in Paris", "It is raining a lot in Paris today"]).score)
//   ps = PorterStemmer()                                                   # rouge-score's stemmer (NLTK_EXTENSIONS)
//   print({w: ps.stem(w) for w in words})                                  # the table in `stems` below
//
// Beyond these tables, the Swift implementations were compared with the same Python on 46,876 words
// (every token of the shipped suites and reference notes, plus 30,000 random stems with Porter suffixes:
// all stems equal) and on 1,500 random candidate/reference pairs mixing Unicode, entities, numbers,
// punctuation, `<skipped>`, `-\n` and Python whitespace (ROUGE-1/2/3/L with and without stemming, 13a
// tokens and sentence BLEU: all bit-for-bit equal).

struct RuleGraderFullSetTests {
    static let huge = String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 4600)

    static func input(
        _ output: String, latency: Double? = nil, cost: Double? = nil, finish: String? = nil
    ) -> GradingInput {
        GradingInput(output: output, latencyMs: latency, cost: cost, finishReason: finish)
    }

    // MARK: Every grader, with its not- form

    struct Row: Sendable, CustomTestStringConvertible {
        let spec: AssertionSpec
        let input: GradingInput
        let pass: Bool
        var score: Double?
        /// False when the grader cannot look at what it checks: then the not- form fails too.
        var determinate = true
        let note: String
        var testDescription: String { "\(spec.typeName): \(note)" }
    }

    static func row(
        _ kind: AssertionKind, _ value: JSONValue?, _ output: String, _ pass: Bool, score: Double? = nil,
        path: String? = nil, threshold: Double? = nil, min: Double? = nil, max: Double? = nil,
        latency: Double? = nil, cost: Double? = nil, finish: String? = nil, determinate: Bool = true, _ note: String
    ) -> Row {
        Row(
            spec: AssertionSpec(kind: kind, value: value, path: path, threshold: threshold, min: min, max: max),
            input: input(output, latency: latency, cost: cost, finish: finish), pass: pass, score: score,
            determinate: determinate, note: note)
    }

    /// A row graded on an answer that called lookup_order({"order_id":"LH-1"}) then issue_refund.
    static func toolRow(_ kind: AssertionKind, _ value: JSONValue?, _ pass: Bool, score: Double? = nil, _ note: String) -> Row {
        let calls = [
            ToolCall(id: "a", name: "lookup_order", arguments: #"{"order_id":"LH-1"}"#),
            ToolCall(id: "b", name: "issue_refund", arguments: #"{"order_id":"LH-1","amount":5}"#),
        ]
        return Row(
            spec: AssertionSpec(kind: kind, value: value), input: GradingInput(output: "Refunded.", toolCalls: calls), pass: pass,
            score: score, note: note)
    }

    static let html = #"<div class="x"><script>alert("hi")</script><b>Paris</b></div>"#
    static let jsonText = #"{"category": "billing", "priority": "high", "reply": "Sorry! Refund in 5 to 7 business days."}"#
    static let metacharacters = #"^a.*b$ (x|y)+ [0-9]{3} \d+? {"a": 1}"#

    static let rows: [Row] = [
        // equals
        row(.equals, "Paris", "  Paris\n", true, "trimmed"),
        row(.equals, "", "", true, "empty equals empty"),
        row(.equals, "東京", "東京", true, "CJK"),
        row(.equals, "é", "e\u{301}", true, "canonically equivalent Unicode"),
        row(.equals, "Paris", html, false, "HTML"),
        row(.equals, "x", huge, false, "huge"),
        row(.equals, .string(metacharacters), metacharacters, true, "metacharacters are literal"),
        // contains / icontains
        row(.contains, "(x|y)+", metacharacters, true, "regex metacharacters are literal"),
        row(.contains, "[0-9]", "123", false, "a character class is not a pattern"),
        row(.contains, #""priority": "high""#, jsonText, true, "JSON-looking text"),
        row(.contains, "lazy dog", huge, true, "huge"),
        row(.contains, "a", "", false, "empty output"),
        row(.contains, "🎉", "party 🎉 time", true, "emoji"),
        row(.icontains, "<SCRIPT>", html, true, "HTML ignoring case"),
        row(.icontains, "ÉCOLE", "une école", true, "accented capitals"),
        row(.icontains, "LAZY DOG", huge, true, "huge"),
        row(.icontains, "x", "", false, "empty output"),
        // lists
        row(.containsAny, ["Refund", "credit"], jsonText, true, "one of two"),
        row(.containsAny, ["Refund", "credit"], "", false, "empty output"),
        row(.containsAll, ["billing", "5 to 7"], jsonText, true, "both"),
        row(.containsAll, ["billing", "urgent"], jsonText, false, score: 0.5, "half found"),
        row(.icontainsAny, ["東京", "TOKYO"], "tokyo", true, "ignoring case"),
        row(.icontainsAll, ["QUICK", "DOG", "cat"], huge, false, score: 2.0 / 3.0, "huge, two of three"),
        row(.icontainsAll, ["{\"A\": 1}", "(X|Y)+"], metacharacters, true, "metacharacters ignoring case"),
        // starts-with
        row(.startsWith, "{", jsonText, true, "JSON"),
        row(.startsWith, "<div", "\n  " + html, true, "HTML after whitespace"),
        row(.startsWith, "Dear", "", false, "empty output"),
        row(.startsWith, "the quick", huge, true, "huge"),
        // regex
        row(.regex, #"^\{.*\}$"#, jsonText, true, "JSON shape"),
        row(.regex, #"\p{Han}{2}"#, "首都は東京です", true, "Unicode property"),
        row(.regex, "^$", "", true, "empty matches empty"),
        row(.regex, #"dog\.\s*$"#, huge, true, "huge, anchored at the end"),
        row(.regex, #"<script>.*</script>"#, html, true, "HTML"),
        row(.regex, #"^\d{3}-\d{4}$"#, "555-12345", false, "no match"),
        // is-json
        row(.isJSON, nil, "[1, \"two\", {\"3\": null}]", true, "array"),
        row(.isJSON, nil, "{'a': 1}", false, "single quotes"),
        row(.isJSON, nil, html, false, "HTML"),
        row(.isJSON, nil, "", false, "empty"),
        row(.isJSON, nil, huge, false, "huge"),
        row(.isJSON, ["type": "object", "required": ["reply"]], jsonText, true, "schema"),
        // json-path
        row(.jsonPath, "high", jsonText, true, path: "$.priority", "string at a path"),
        row(.jsonPath, "<b>x</b>", #"{"a": "<b>x</b>"}"#, true, path: "$.a", "HTML inside JSON"),
        row(.jsonPath, "東京", #"{"city": {"name": "東京"}}"#, true, path: "$.city.name", "Unicode"),
        row(.jsonPath, "low", jsonText, false, path: "$.priority", "wrong value"),
        // a path narrows text assertions; a missing path fails both forms
        row(.icontains, "refund", jsonText, true, path: "$.reply", "narrowed to the reply"),
        row(.icontains, "billing", jsonText, false, path: "$.reply", "the category is outside the reply"),
        row(.icontains, "x", html, false, path: "$.reply", determinate: false, "answer not JSON"),
        row(.icontains, "x", jsonText, false, path: "$.nope", determinate: false, "path missing"),
        // levenshtein
        row(.levenshtein, "sitting", "kitten", true, score: 1 - 3.0 / 7.0, threshold: 3, "classic distance 3"),
        row(.levenshtein, "sitting", "kitten", false, score: 1 - 3.0 / 7.0, threshold: 2, "over the threshold"),
        row(.levenshtein, "cafe", "café", true, score: 0.75, threshold: 1, "one accented letter"),
        row(.levenshtein, "👍", "👍🏽", true, score: 0, threshold: 1, "emoji with skin tone is one character"),
        row(.levenshtein, "", "", true, score: 1, threshold: 0, "both empty"),
        row(.levenshtein, "abc", "", false, score: 0, threshold: 2, "empty output"),
        row(.levenshtein, .string(huge + "!"), huge, true, score: 1 - 1.0 / 207_001, threshold: 1, "huge, one insertion"),
        row(.levenshtein, #"{"a": 2}"#, #"{"a": 1}"#, true, threshold: 1, "JSON-looking text"),
        // rouge-n, rouge-l, bleu (values checked against the references below)
        row(.rougeN, "the cat is on the mat", "The cat sat on the mat.", true, score: 5.0 / 6.0, threshold: 0.8, "ROUGE-1"),
        row(.rougeN, "x", "", false, score: 0, "empty output"),
        row(.rougeL, "the cat is on the mat", "The cat sat on the mat.", true, score: 5.0 / 6.0, threshold: 0.8, "ROUGE-L"),
        row(.rougeL, "anything", html, false, score: 0, "HTML"),
        row(.bleu, "The cat is on the mat.", "The cat sat on the mat.", false, score: 0.48892302243490086, "BLEU under 0.5"),
        row(.bleu, "same words", "same words", true, score: 1, "identical"),
        row(.bleu, "x", "", false, score: 0, "empty output"),
        // latency, cost, finish-reason
        row(.latency, nil, "", true, threshold: 60000, latency: 1234, "fast enough"),
        row(.latency, nil, "", true, threshold: 1000, latency: 1000, "at the limit"),
        row(.latency, nil, "", false, threshold: 1000, latency: 1000.5, "too slow"),
        row(.latency, nil, "", false, threshold: 1000, determinate: false, "latency unknown"),
        row(.cost, nil, "", true, threshold: 0.05, cost: 0.0123, "cheap enough"),
        row(.cost, nil, "", true, threshold: 0, cost: 0, "free"),
        row(.cost, nil, "", false, threshold: 0.05, cost: 0.06, "too expensive"),
        row(.cost, nil, "", false, threshold: 0.05, determinate: false, "cost unknown"),
        row(.finishReason, "stop", "", true, finish: "stop", "stop"),
        row(.finishReason, "stop", "", false, finish: "length", "cut off"),
        row(.finishReason, "tool_calls", "", true, finish: "tool-calls", "OpenAI's raw name"),
        row(.finishReason, "length", "", true, finish: "max_tokens", "Anthropic's raw name"),
        row(.finishReason, "content_filter", "", true, finish: "content-filter", "promptfoo's name"),
        row(.finishReason, "stop", "", false, determinate: false, "finish reason unknown"),
        // word-count, char-count
        row(.wordCount, nil, "東京 は 日本", true, min: 3, max: 3, "CJK words separated by spaces"),
        row(.wordCount, nil, "", false, min: 1, "empty"),
        row(.wordCount, nil, huge, false, max: 100, "huge"),
        row(.wordCount, nil, html, true, max: 5, "HTML"),
        row(.charCount, nil, "👍🏽👍🏽", true, min: 2, max: 2, "emoji count as characters"),
        row(.charCount, nil, "", true, max: 0, "empty"),
        row(.charCount, nil, huge, false, max: 200_000, "huge"),
        // tool calls
        toolRow(.toolCall, ["name": "lookup_order", "arguments": ["order_id": "LH-1"]], true, "called with the arguments"),
        toolRow(.toolCall, ["name": "lookup_order", "arguments": ["order_id": "LH-2"]], false, "other arguments"),
        toolRow(.toolSequence, ["lookup_order", "issue_refund"], true, "in order"),
        toolRow(.toolSequence, ["issue_refund"], false, "an extra call"),
        toolRow(.toolCallF1, ["lookup_order"], false, score: 2.0 / 3.0, "one of two expected"),
        toolRow(.toolCallF1, ["lookup_order", "issue_refund"], true, score: 1, "both"),
        toolRow(.noToolCall, nil, false, "calls were made"),
    ]

    @Test(arguments: rows)
    func gradesAsExpectedAndTheNotFormInverts(row: Row) {
        let result = RuleGrader.grade(row.spec, value: row.spec.value, input: row.input)
        #expect(result.pass == row.pass, "\(result.reason)")
        #expect((0...1).contains(result.score))
        if let score = row.score { #expect(abs(result.score - score) < 1e-12, "\(result.score)") }
        #expect(!result.reason.isEmpty)
        #expect(result.type == row.spec.kind.rawValue)

        var negatedSpec = row.spec
        negatedSpec.negated = true
        let negated = RuleGrader.grade(negatedSpec, value: row.spec.value, input: row.input)
        #expect(negated.type == "not-" + row.spec.kind.rawValue)
        #expect(negated.metric == "not-" + row.spec.kind.rawValue)
        if row.determinate {
            #expect(negated.pass == !result.pass, "\(negated.reason)")
            #expect(abs(negated.score - (1 - result.score)) < 1e-12)
        } else {
            #expect(!negated.pass, "\(negated.reason)")
            #expect(negated.reason == result.reason)
        }
    }

    @Test func everyRuleTypeIsNegatableAndOnlyGroupsJudgesAndCodeAreNot() {
        let fixed: Set<AssertionKind> = [.assertSet, .llmRubric, .factuality, .modelGradedClosedQA, .selectBest, .codeTests]
        for kind in AssertionKind.allCases {
            #expect(kind.negatable == !fixed.contains(kind), "\(kind)")
        }
        let tested = Set(Self.rows.map(\.spec.kind))
        #expect(tested == Set(AssertionKind.allCases).subtracting(fixed))
    }

    @Test func reasonsSayWhatWasFound() {
        let lev = RuleGrader.grade(AssertionSpec(kind: .levenshtein, value: "sitting", threshold: 2), value: "sitting", input: Self.input("kitten"))
        #expect(lev.reason == "edit distance 3 > threshold 2")
        let latency = RuleGrader.grade(AssertionSpec(kind: .latency, threshold: 60000), value: nil, input: Self.input("", latency: 1234.4))
        #expect(latency.reason == "latency within 60000 ms", "no measured number: passing reasons stay the same from run to run")
        let slow = RuleGrader.grade(AssertionSpec(kind: .latency, threshold: 1000), value: nil, input: Self.input("", latency: 1234.4))
        #expect(slow.reason == "latency 1234 ms > 1000 ms")
        let cost = RuleGrader.grade(AssertionSpec(kind: .cost, threshold: 0.05), value: nil, input: Self.input("", cost: 0.06))
        #expect(cost.reason == "cost $0.06 > $0.05")
        let unknown = RuleGrader.grade(AssertionSpec(kind: .cost, negated: true, threshold: 0.05), value: nil, input: Self.input(""))
        #expect(unknown.reason == "cost unknown")
        #expect(!unknown.pass)
        let finish = RuleGrader.grade(AssertionSpec(kind: .finishReason, value: "stop"), value: "stop", input: Self.input("", finish: "length"))
        #expect(finish.reason == "finish reason is \"length\", expected \"stop\"")
        let rouge = RuleGrader.grade(
            AssertionSpec(kind: .rougeN, value: "happy feed die sky", n: 2, stem: true), value: "happy feed die sky",
            input: Self.input("happiness feeds the dying skies"))
        #expect(rouge.reason.hasPrefix("ROUGE-2 F1 0.571 < threshold 0.75"))
        #expect(rouge.reason.hasSuffix("(stemmed)"))
    }

    @Test func finishReasonsAreNormalised() {
        #expect(RuleGrader.normalizedFinishReason("end_turn") == "stop")
        #expect(RuleGrader.normalizedFinishReason(" STOP ") == "stop")
        #expect(RuleGrader.normalizedFinishReason("function_call") == "tool-calls")
        #expect(RuleGrader.normalizedFinishReason("refusal") == "content-filter")
        #expect(RuleGrader.normalizedFinishReason("pause_turn") == "pause-turn")
    }

    // MARK: Levenshtein on long inputs

    @Test func levenshteinStopsEarlyOnlyWhenTheThresholdIsSettled() {
        let a = String(repeating: "abcdefghij", count: 100)
        let b = String(repeating: "jihgfedcba", count: 100)
        let exact = TextMetrics.levenshtein(a, b)
        #expect(exact.exact)
        let cut = TextMetrics.levenshtein(a, b, limit: 5, cellBudget: 10_000)
        #expect(!cut.exact)
        #expect(cut.distance > 5 && cut.distance <= exact.distance)
        // Near-identical huge strings: prefix and suffix are skipped, the band stays narrow.
        var edited = Self.huge
        edited.insert("X", at: edited.index(edited.startIndex, offsetBy: 100_000))
        let near = TextMetrics.levenshtein(Self.huge, edited)
        #expect(near.distance == 1 && near.exact)
        // Completely different huge strings fail the threshold without an n² table.
        let other = String(repeating: "0123456789", count: 20_700)
        let graded = RuleGrader.grade(AssertionSpec(kind: .levenshtein, value: .string(other), threshold: 10), value: .string(other), input: Self.input(Self.huge))
        #expect(!graded.pass)
        #expect(graded.reason.contains("more than"))
    }

    // MARK: ROUGE and BLEU against rouge-score and sacrebleu

    struct Reference: Sendable, CustomTestStringConvertible {
        let candidate: String
        let reference: String
        /// rouge1, rouge2, rouge3, rougeL F1 without stemming, then with.
        let rouge: [Double]
        /// sacrebleu.sentence_bleu(candidate, [reference]).score
        let bleu: Double
        var testDescription: String { "\(candidate.prefix(40)) / \(reference.prefix(40))" }
    }

    static let pairs: [Reference] = [
        Reference(
            candidate: "The cat sat on the mat.", reference: "The cat is on the mat.",
            rouge: [0.8333333333333334, 0.6, 0.25, 0.8333333333333334, 0.8333333333333334, 0.6, 0.25, 0.8333333333333334],
            bleu: 48.892302243490086),
        Reference(
            candidate: "Refunds are issued within 5 to 7 business days after the return reaches our warehouse.",
            reference: "Refunds go to the original payment method within 5 to 7 business days after the return reaches our warehouse.",
            rouge: [0.7647058823529413, 0.6875000000000001, 0.6666666666666667, 0.7647058823529413, 0.7647058823529413, 0.6875000000000001, 0.6666666666666667, 0.7647058823529413],
            bleu: 62.81035005467397),
        Reference(
            candidate: "The runners were running quickly; they had generously agreed to the relational conditions.",
            reference: "A runner runs quickly and generously agrees to conditional relations.",
            rouge: [0.2608695652173913, 0.0, 0.0, 0.2608695652173913, 0.6956521739130435, 0.28571428571428575, 0.10526315789473685, 0.608695652173913],
            bleu: 3.716499092256817),
        Reference(
            candidate: "Prices rose 3.5% in 2023, to $1,000.50 per unit (U.S. only).",
            reference: "In 2023, prices rose by 3.5% to $1,000.50 per unit in the U.S.",
            rouge: [0.8749999999999999, 0.6000000000000001, 0.28571428571428575, 0.7500000000000001, 0.8749999999999999, 0.6000000000000001, 0.28571428571428575, 0.7500000000000001],
            bleu: 36.327039079325615),
        Reference(
            candidate: "Don't use <b>bold</b> &amp; \"quotes\" - it's 10-15 items.",
            reference: "Do not use bold & quotes; it is 10-15 items.",
            rouge: [0.608695652173913, 0.28571428571428575, 0.10526315789473685, 0.608695652173913, 0.608695652173913, 0.28571428571428575, 0.10526315789473685, 0.608695652173913],
            bleu: 19.69221590285716),
        Reference(
            candidate: "Café crème brûlée: naïve façade, 東京 is the capital.",
            reference: "Cafe creme brulee: naive facade, Tokyo is the capital.",
            rouge: [0.27272727272727276, 0.2, 0.1111111111111111, 0.27272727272727276, 0.27272727272727276, 0.2, 0.1111111111111111, 0.27272727272727276],
            bleu: 23.462350320527996),
        Reference(
            candidate: #"{"category": "billing", "priority": "high", "reply": "We refunded the duplicate charge."}"#,
            reference: #"{"category": "billing", "priority": "urgent", "reply": "We will refund the duplicate charge within 2 business days."}"#,
            rouge: [0.64, 0.43478260869565216, 0.1904761904761905, 0.64, 0.7200000000000001, 0.5217391304347826, 0.2857142857142857, 0.7200000000000001],
            bleu: 64.00842443178499),
        Reference(
            candidate: #"^a.*b$ (x|y)+ [0-9]{3} \d+?"#, reference: #"a.*b (x|y) [0-9]{3} \d+"#,
            rouge: [1, 1, 1, 1, 1, 1, 1, 1],
            bleu: 67.31388340306187),
        Reference(
            candidate: "The line-\nbreak was <skipped> here.\nSecond line.", reference: "The linebreak was here. Second line.",
            rouge: [0.7142857142857143, 0.3333333333333333, 0.2, 0.7142857142857143, 0.7142857142857143, 0.3333333333333333, 0.2, 0.7142857142857143],
            bleu: 100.00000000000004),
        Reference(
            candidate: "happiness feeds the dying skies", reference: "happy feed die sky",
            rouge: [0, 0, 0, 0, 0.888888888888889, 0.5714285714285715, 0, 0.888888888888889],
            bleu: 0),
        Reference(candidate: "", reference: "something", rouge: [0, 0, 0, 0, 0, 0, 0, 0], bleu: 0),
        Reference(candidate: "something", reference: "", rouge: [0, 0, 0, 0, 0, 0, 0, 0], bleu: 0),
        Reference(
            candidate: huge, reference: "The lazy dog sleeps while the quick brown fox jumps.",
            rouge: [0.00038638010142478, 0.00028979907264297, 0.00019320871371299, 0.00038638010142478, 0.00038638010142478, 0.00028979907264297, 0.00019320871371299, 0.00038638010142478],
            bleu: 0.008556755858763873),
    ]

    @Test(arguments: pairs)
    func rougeAndBleuMatchTheReferenceImplementations(pair: Reference) {
        var ours: [Double] = []
        for stem in [false, true] {
            for n in 1...3 { ours.append(TextMetrics.rougeN(candidate: pair.candidate, reference: pair.reference, n: n, stem: stem)) }
            ours.append(TextMetrics.rougeL(candidate: pair.candidate, reference: pair.reference, stem: stem))
        }
        for (a, b) in zip(ours, pair.rouge) { #expect(abs(a - b) < 1e-12, "\(ours) vs \(pair.rouge)") }
        let bleu = TextMetrics.bleu(candidate: pair.candidate, references: [pair.reference])
        #expect(abs(bleu - pair.bleu) < 1e-9, "\(bleu) vs \(pair.bleu)")
    }

    @Test func bleuWithSeveralReferences() {
        let a = TextMetrics.bleu(candidate: "The cat is sitting on the mat.", references: ["The cat sat on the mat.", "A cat is sitting on a mat."])
        #expect(abs(a - 71.86082239261687) < 1e-9)
        let b = TextMetrics.bleu(
            candidate: "It is raining heavily today in Paris", references: ["Today it rains heavily in Paris", "It is raining a lot in Paris today"])
        #expect(abs(b - 33.437015248821105) < 1e-9)
        // A list value is a list of references; the score is BLEU / 100.
        let refs: JSONValue = ["The cat sat on the mat.", "A cat is sitting on a mat."]
        let graded = RuleGrader.grade(AssertionSpec(kind: .bleu, value: refs, threshold: 0.7), value: refs, input: Self.input("The cat is sitting on the mat."))
        #expect(graded.pass)
        #expect(abs(graded.score - 0.7186082239261687) < 1e-11)
    }

    @Test func bleuTokenisationIs13a() {
        #expect(TextMetrics.bleuTokens("Hello, world! It's 3.5 (approx.) 10-15 &amp; <b>") == [
            "Hello", ",", "world", "!", "It's", "3.5", "(", "approx", ".", ")", "10", "-", "15", "&", "<", "b", ">",
        ])
        #expect(TextMetrics.bleuTokens("") == [])
        #expect(TextMetrics.bleuTokens("  \u{3000}\n") == [])
    }

    @Test func rougeGraderUsesNAndStem() {
        let spec = AssertionSpec(kind: .rougeN, value: "happy feed die sky", threshold: 0.5, n: 2, stem: true)
        let graded = RuleGrader.grade(spec, value: spec.value, input: Self.input("happiness feeds the dying skies"))
        #expect(abs(graded.score - 0.5714285714285715) < 1e-12)
        #expect(graded.pass)
        let rougeL = AssertionSpec(kind: .rougeL, value: "happy feed die sky", stem: true)
        #expect(abs(RuleGrader.grade(rougeL, value: rougeL.value, input: Self.input("happiness feeds the dying skies")).score - 0.888888888888889) < 1e-12)
    }

    // MARK: Porter stemmer against nltk (NLTK_EXTENSIONS, as rouge-score uses it)

    static let stems: [String: String] = [
        "generously": "gener", "happiness": "happi", "relational": "relat", "conditional": "condit", "agreed": "agre",
        "feed": "feed", "sky": "sky", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "news": "news",
        "innings": "inning", "proceed": "proceed", "exceed": "exceed", "succeed": "succeed", "caresses": "caress",
        "ponies": "poni", "ties": "tie", "cats": "cat", "plastered": "plaster", "bled": "bled", "motoring": "motor",
        "sing": "sing", "conflated": "conflat", "troubled": "troubl", "sized": "size", "hopping": "hop", "tanned": "tan",
        "falling": "fall", "hissing": "hiss", "fizzed": "fizz", "failing": "fail", "filing": "file", "happy": "happi",
        "cried": "cri", "died": "die", "rational": "ration", "valenci": "valenc", "hesitanci": "hesit",
        "digitizer": "digit", "conformabli": "conform", "radicalli": "radic", "differentli": "differ", "vileli": "vile",
        "analogousli": "analog", "vietnamization": "vietnam", "predication": "predic", "operator": "oper",
        "feudalism": "feudal", "decisiveness": "decis", "hopefulness": "hope", "callousness": "callous",
        "formaliti": "formal", "sensitiviti": "sensit", "sensibiliti": "sensibl", "triplicate": "triplic",
        "formative": "form", "formalize": "formal", "electriciti": "electr", "electrical": "electr", "hopeful": "hope",
        "goodness": "good", "revival": "reviv", "allowance": "allow", "inference": "infer", "airliner": "airlin",
        "gyroscopic": "gyroscop", "adjustable": "adjust", "defensible": "defens", "irritant": "irrit",
        "replacement": "replac", "adjustment": "adjust", "dependent": "depend", "adoption": "adopt",
        "homologou": "homolog", "communism": "commun", "activate": "activ", "angulariti": "angular",
        "homologous": "homolog", "effective": "effect", "bowdlerize": "bowdler", "probate": "probat", "rate": "rate",
        "cease": "ceas", "controll": "control", "roll": "roll", "archaeology": "archaeolog", "analogies": "analog",
        "logically": "logic", "beautifully": "beauti", "syzygy": "syzygi", "yelling": "yell", "employs": "employ",
        "crying": "cri", "Running": "run", "is": "is", "as": "as", "1990s": "1990", "abc123ing": "abc123",
        "generalizations": "gener", "oscillators": "oscil", "corrosion": "corros", "ambulances": "ambul",
    ]

    @Test(arguments: stems.sorted { $0.key < $1.key }.map { [$0.key, $0.value] })
    func porterStemmerMatchesNLTK(pair: [String]) {
        #expect(PorterStemmer.stem(pair[0]) == pair[1])
    }

    @Test func rougeTokensStemOnlyWordsLongerThanThreeCharacters() {
        // "skies" → "sky" (5 letters), "ties" → "tie" and "cats" → "cat" (4); "sky" and "ran" (3) are kept as they are.
        #expect(TextMetrics.rougeTokens("Skies, ties; sky cats ran.", stem: true) == ["sky", "tie", "sky", "cat", "ran"])
        #expect(TextMetrics.rougeTokens("Skies, ties; sky cats ran.") == ["skies", "ties", "sky", "cats", "ran"])
    }

    // MARK: assert-set

    struct FixedJudge: JudgeClient {
        let modelID = "test/full-set-judge"
        let reply: String
        func ask(system: String, user: String) async throws(CallFailure) -> (text: String, cost: Double?) { (reply, 0.002) }
    }

    struct PassingRunner: CodeRunner {
        func runPython(_ program: String) async -> CodeRunResult {
            CodeRunResult(exitCode: 0, timedOut: false, output: "", durationMs: 1)
        }
    }

    static func grade(
        _ assertions: [AssertionSpec], output: String, vars: [String: JSONValue] = [:], threshold: Double? = nil,
        judge: (any JudgeClient)? = nil
    ) async -> AnswerGrader.Outcome {
        let suite = Suite(name: "s", category: "c", prompt: "p", threshold: threshold, assertions: assertions, cases: [])
        let testCase = TestCase(id: "c1", vars: vars)
        var judges: [String: any JudgeClient] = [:]
        if let judge { judges[judge.modelID] = judge }
        let grader = AnswerGrader(
            codeRunner: PassingRunner(), judges: judges, defaultJudge: judge?.modelID)
        return await grader.grade(suite: suite, testCase: testCase, input: GradingInput(output: output, vars: vars))
    }

    static let triage = AssertionSpec(
        kind: .assertSet, weight: 3, metric: "triage", threshold: 0.5,
        children: [
            AssertionSpec(kind: .jsonPath, value: "{{category}}", path: "$.category", weight: 2, metric: "category"),
            AssertionSpec(kind: .jsonPath, value: "{{priority}}", path: "$.priority", weight: 1, metric: "priority"),
        ])

    @Test func assertSetScoresTheWeightedMeanOfItsChildrenAgainstItsThreshold() async {
        let vars: [String: JSONValue] = ["category": "billing", "priority": "urgent"]
        // Category right (weight 2), priority wrong (weight 1): 2/3 ≥ 0.5.
        let one = await Self.grade([Self.triage], output: Self.jsonText, vars: vars)
        let set = one.grades[0]
        #expect(one.grades.count == 1)
        #expect(set.type == "assert-set")
        #expect(set.metric == "triage")
        #expect(set.weight == 3)
        #expect(abs(set.score - 2.0 / 3.0) < 1e-12)
        #expect(set.pass)
        #expect(set.reason.hasPrefix("1 of 2 passed, score 0.667 ≥ threshold 0.50: [pass] category: "))
        #expect(set.reason.contains("[fail] priority: $.priority is \"high\", expected \"urgent\""))
        // Category wrong, priority right: 1/3 < 0.5.
        let other = await Self.grade([Self.triage], output: Self.jsonText, vars: ["category": "returns", "priority": "high"])
        #expect(abs(other.grades[0].score - 1.0 / 3.0) < 1e-12)
        #expect(!other.grades[0].pass)
        #expect(other.passed == false)
    }

    @Test func aSetOfWeightThreeLeavesTheCaseScoreAsTheSplitAssertionsHadIt() async {
        let vars: [String: JSONValue] = ["category": "billing", "priority": "urgent"]
        let schema = AssertionSpec(kind: .isJSON, weight: 1)
        let grouped = await Self.grade([schema, Self.triage], output: Self.jsonText, vars: vars, threshold: 0.8)
        let split = await Self.grade([schema] + Self.triage.children, output: Self.jsonText, vars: vars, threshold: 0.8)
        #expect(abs((grouped.score ?? -1) - (split.score ?? -2)) < 1e-12)
        #expect(abs((grouped.score ?? -1) - 3.0 / 4.0) < 1e-12)
        #expect(grouped.passed == split.passed)
    }

    @Test func withoutAThresholdEveryWeightedChildMustPass() async {
        let set = AssertionSpec(kind: .assertSet, children: [
            AssertionSpec(kind: .icontains, value: "refund"),
            AssertionSpec(kind: .icontains, value: "voucher"),
            AssertionSpec(kind: .icontains, value: "coupon", weight: 0),
        ])
        let failed = await Self.grade([set], output: Self.jsonText)
        #expect(!failed.grades[0].pass)
        #expect(abs(failed.grades[0].score - 0.5) < 1e-12)
        var lenient = set
        lenient.children.remove(at: 1)
        let passed = await Self.grade([lenient], output: Self.jsonText)
        #expect(passed.grades[0].pass, "a failing weight-0 child does not fail the set")
        #expect(passed.grades[0].score == 1)
    }

    @Test func judgeAndCodeChildrenAreGradedWithTheSameMachinery() async {
        let set = AssertionSpec(kind: .assertSet, threshold: 0.7, children: [
            AssertionSpec(kind: .llmRubric, value: "Polite."),
            AssertionSpec(kind: .codeTests),
            AssertionSpec(kind: .assertSet, children: [AssertionSpec(kind: .contains, value: "Refund")]),
        ])
        let vars: [String: JSONValue] = ["prompt": "def f():\n", "test": "def check(c): pass", "entry_point": "f"]
        let judge = FixedJudge(reply: #"{"score": 0.4, "pass": false, "reason": "curt"}"#)
        let outcome = await Self.grade([set], output: Self.jsonText, vars: vars, judge: judge)
        let grade = outcome.grades[0]
        #expect(abs(grade.score - 2.4 / 3.0) < 1e-12)
        #expect(grade.pass)
        #expect(grade.judgeCost == 0.002)
        #expect(outcome.judgeCost == 0.002)
        #expect(grade.reason.contains("[fail] llm-rubric: curt"))
        #expect(grade.reason.contains("[pass] code-tests: all tests passed"))
    }

    @Test func aSetWhoseChildrenAllErroredIsAGraderError() async {
        let set = AssertionSpec(kind: .assertSet, children: [AssertionSpec(kind: .llmRubric, value: "Polite.")])
        let outcome = await Self.grade([set, AssertionSpec(kind: .contains, value: "billing")], output: Self.jsonText)
        #expect(outcome.grades[0].error != nil)
        #expect(outcome.grades[0].reason.hasPrefix("every assertion in the set errored"))
        #expect(outcome.passed == true, "the errored set is left out, as any grader error")
        // One errored child among others is left out of the set's mean.
        let mixed = AssertionSpec(kind: .assertSet, children: [
            AssertionSpec(kind: .llmRubric, value: "Polite."), AssertionSpec(kind: .contains, value: "billing"),
        ])
        let partly = await Self.grade([mixed], output: Self.jsonText)
        #expect(partly.grades[0].error == nil)
        #expect(partly.grades[0].pass)
        #expect(partly.grades[0].reason.hasPrefix("1 of 1 passed (1 errored)"))
    }

    @Test func specsReportWhatIsInsideTheirSets() {
        let set = AssertionSpec(kind: .assertSet, children: [
            AssertionSpec(kind: .contains, value: "x"),
            AssertionSpec(kind: .assertSet, children: [AssertionSpec(kind: .llmRubric, value: "r")]),
        ])
        #expect(set.flattened.map(\.kind) == [.assertSet, .contains, .assertSet, .llmRubric])
        #expect(set.needsJudge)
        #expect(!set.contains(kind: .codeTests))
    }

    // MARK: Loading

    static func load(_ assertions: String, tests: String = "  - q: hi") throws -> Suite {
        try SuiteLoader.parse(text: """
            name: demo
            prompt: "{{q}}"
            tests:
            \(tests)
            assert:
            \(assertions)
            """, file: "inline.yaml")
    }

    @Test func theNewTypesLoad() throws {
        let suite = try Self.load("""
              - {type: levenshtein, value: "Paris", threshold: 2}
              - {type: not-levenshtein, value: "Paris", threshold: 0}
              - {type: rouge-n, value: "{{q}} there", n: 2, stem: true, threshold: 0.4}
              - {type: rouge-l, value: "ref", stem: true}
              - {type: bleu, value: ["ref one", "ref two"], weight: 0}
              - {type: latency, threshold: 60000, weight: 0}
              - {type: cost, threshold: 0.05, weight: 0}
              - {type: not-finish-reason, value: length}
              - {type: not-word-count, max: 3}
              - type: assert-set
                threshold: 0.5
                weight: 3
                metric: triage
                assert:
                  - {type: icontains, value: "{{q}}", weight: 2}
                  - {type: not-regex, value: "^\\\\s*$"}
            """)
        let a = suite.assertions
        #expect(a.map(\.typeName) == [
            "levenshtein", "not-levenshtein", "rouge-n", "rouge-l", "bleu", "latency", "cost", "not-finish-reason",
            "not-word-count", "assert-set",
        ])
        #expect(a[0].threshold == 2)
        #expect(a[2].n == 2 && a[2].stem && a[2].threshold == 0.4)
        #expect(a[3].n == nil && a[3].stem)
        #expect(a[4].stem == false && a[4].weight == 0)
        #expect(a[5].threshold == 60000)
        #expect(a[9].children.map(\.typeName) == ["icontains", "not-regex"])
        #expect(a[9].children[0].weight == 2)
        #expect(a[9].metricName == "triage" && a[9].threshold == 0.5 && a[9].weight == 3)
    }

    struct BadAssertion: Sendable, CustomTestStringConvertible {
        let yaml: String
        var tests = "  - q: hi"
        let field: String
        let message: String
        var testDescription: String { message }
    }

    static let badAssertions: [BadAssertion] = [
        BadAssertion(
            yaml: """
                  - type: assert-set
                    assert:
                      - {type: contains, value: a}
                      - {type: regex, value: "([a-z"}
                """,
            field: "assert[0].assert[1].value", message: "invalid regular expression '([a-z'"),
        BadAssertion(
            yaml: """
                  - type: assert-set
                    assert:
                      - {type: regex, value: "{{pattern}}"}
                """,
            tests: "  - {q: hi, pattern: \"(unclosed\"}",
            field: "assert-set.assert[0].regex", message: "invalid regular expression '(unclosed'"),
        BadAssertion(
            yaml: """
                  - type: assert-set
                    assert:
                      - {type: is-json, value: {type: object, properties: {n: {type: integr}}}}
                """,
            field: "assert[0].assert[0].value", message: "unknown type \"integr\""),
        BadAssertion(
            yaml: "  - {type: levenshtein, value: Paris}", field: "assert[0].threshold",
            message: "'levenshtein' needs a threshold: the largest edit distance that passes"),
        BadAssertion(yaml: "  - {type: latency}", field: "assert[0].threshold", message: "'latency' needs a threshold"),
        BadAssertion(yaml: "  - {type: cost, threshold: -1}", field: "assert[0].threshold", message: "must be zero or more"),
        BadAssertion(yaml: "  - {type: cost, value: 0.05, threshold: 1}", field: "assert[0].value", message: "takes its limit in 'threshold'"),
        BadAssertion(yaml: "  - {type: rouge-n, value: r, threshold: 2}", field: "assert[0].threshold", message: "must be between 0 and 1"),
        BadAssertion(yaml: "  - {type: contains, value: a, treshold: 0.5}", field: "assert[0].treshold", message: "unknown key"),
        BadAssertion(
            yaml: """
                  - type: assert-set
                    assert:
                      - {type: contains, value: a, stemming: true}
                """,
            field: "assert[0].assert[0].stemming", message: "unknown key"),
        BadAssertion(yaml: "  - {type: rouge-l, value: r, n: 2}", field: "assert[0].n", message: "only 'rouge-n' takes 'n'"),
        BadAssertion(yaml: "  - {type: rouge-n, value: r, n: 0}", field: "assert[0].n", message: "a whole number from 1 to 9"),
        BadAssertion(yaml: "  - {type: rouge-n, value: r, n: 1.5}", field: "assert[0].n", message: "a whole number from 1 to 9"),
        BadAssertion(yaml: "  - {type: rouge-n, value: r, stem: yes please}", field: "assert[0].stem", message: "expected true or false"),
        BadAssertion(yaml: "  - {type: bleu, value: r, stem: true}", field: "assert[0].stem", message: "only 'rouge-n' and 'rouge-l' take 'stem'"),
        BadAssertion(yaml: "  - {type: bleu, value: []}", field: "assert[0].value", message: "at least one reference"),
        BadAssertion(yaml: "  - {type: finish-reason}", field: "assert[0].value", message: "'finish-reason' needs a value"),
        BadAssertion(yaml: "  - {type: finish-reason, value: stop, path: $.a}", field: "assert[0].path", message: "takes no path"),
        BadAssertion(yaml: "  - {type: assert-set}", field: "assert[0].assert", message: "needs a list of assertions"),
        BadAssertion(yaml: "  - {type: assert-set, assert: []}", field: "assert[0].assert", message: "a non-empty list"),
        BadAssertion(
            yaml: "  - {type: not-assert-set, assert: [{type: contains, value: a}]}", field: "assert[0].type",
            message: "'not-assert-set' cannot be negated"),
        BadAssertion(yaml: "  - {type: contains, value: a, assert: []}", field: "assert[0].assert", message: "only 'assert-set'"),
        BadAssertion(
            yaml: """
                  - type: assert-set
                    assert:
                      - {type: not-llm-rubric, value: polite}
                """,
            field: "assert[0].assert[0].type", message: "cannot be negated"),
    ]

    @Test(arguments: badAssertions)
    func invalidAssertionsAreLoadErrors(bad: BadAssertion) throws {
        let error = try #require(throws: LoadError.self) { try Self.load(bad.yaml, tests: bad.tests) }
        #expect(error.file == "inline.yaml")
        #expect(error.field?.hasSuffix(bad.field) == true, "\(error)")
        #expect(error.description.contains(bad.message), "\(error)")
    }
}

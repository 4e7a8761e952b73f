import AssayCore
import Foundation
import Testing
import AssayGrading
import AssayTesting

/// A judge that answers each prompt through a closure, so tests can play position bias and broken replies.
struct FunctionJudge: JudgeClient {
    let modelID = "test/judge"
    let answer: @Sendable (String, String) -> String

    func ask(system: String, user: String) async throws(CallFailure) -> (text: String, cost: Double?) {
        (answer(system, user), 0.0002)
    }
}

struct JudgeGraderTests {
    static let suite = Suite(
        name: "s", category: "c", prompt: "{{q}}",
        assertions: [
            AssertionSpec(kind: .factuality, value: "{{ref}}", metric: "facts", scores: ["differButFactual": 0.5]),
            AssertionSpec(kind: .modelGradedClosedQA, value: "Mentions Paris", metric: "qa"),
        ],
        cases: [TestCase(id: "1", vars: ["q": "Capital of France?", "ref": "Paris"])])

    func grade(_ judge: FunctionJudge, output: String) async -> AnswerGrader.Outcome {
        let grader = AnswerGrader(codeRunner: nil, judges: ["test/judge": judge], defaultJudge: "test/judge")
        return await grader.grade(suite: Self.suite, testCase: Self.suite.cases[0], input: GradingInput(output: output, prompt: "Capital of France?"))
    }

    @Test(arguments: [("A", 1.0, true), ("C", 1.0, true), ("D", 0.0, false), ("(E)", 0.5, true)])
    func factualityScoresEachVerdict(choice: String, score: Double, pass: Bool) async {
        let judge = FunctionJudge { system, _ in
            system.contains("check the facts") ? #"{"reason": "r", "choice": "\#(choice)"}"# : #"{"reason": "ok", "verdict": "Y"}"#
        }
        let outcome = await grade(judge, output: "Paris")
        let facts = outcome.grades[0]
        #expect(facts.score == score)
        #expect(facts.pass == pass)
        #expect(facts.judge?.contains(FactualityJudge.prompt.identity) == true)
        #expect(outcome.grades[1].pass)
    }

    @Test func closedQAReadsYesAndNo() {
        #expect(ClosedQAJudge.parse(#"{"reason": "x", "verdict": "N"}"#)?.meets == false)
        #expect(ClosedQAJudge.parse(#"Sure. {"verdict": "yes", "reason": "x"}"#)?.meets == true)
        #expect(ClosedQAJudge.parse("Y") == nil)
        #expect(FactualityJudge.parse(#"{"choice": "F"}"#) == nil)
    }

    @Test func anUnreadableReplyTwiceIsAGraderError() async {
        let judge = FunctionJudge { _, _ in "I think it is fine." }
        let outcome = await grade(judge, output: "Paris")
        #expect(outcome.grades.allSatisfy { $0.error != nil })
        #expect(outcome.passed == nil)
        #expect(abs(outcome.judgeCost - 4 * 0.0002) < 1e-12)
    }

    @Test func pairwiseWinsCountOnlyWhenBothOrdersAgree() async {
        // The judge prefers the answer containing "good"; a biased judge always says "1".
        let fair = FunctionJudge { _, user in
            let first = user.components(separatedBy: "<response_1>")[1].components(separatedBy: "</response_1>")[0]
            return first.contains("good") ? #"{"winner": "1", "reason": "r"}"# : #"{"winner": "2", "reason": "r"}"#
        }
        let outcome = await PairwiseJudge(client: fair).compare(input: "q", criterion: "c", a: "a good answer", b: "a poor answer")
        #expect(outcome.winner == .a)
        let reversed = await PairwiseJudge(client: fair).compare(input: "q", criterion: "c", a: "a poor answer", b: "a good answer")
        #expect(reversed.winner == .b)
        let biased = FunctionJudge { _, _ in #"{"winner": "1", "reason": "first is best"}"# }
        let inconsistent = await PairwiseJudge(client: biased).compare(input: "q", criterion: "c", a: "x", b: "y")
        #expect(inconsistent.winner == .inconsistent)
    }

    @Test func selectBestGradesEveryModelOnTheCase() async {
        let suite = Suite(
            name: "p", category: "p", prompt: "{{q}}", assertions: [AssertionSpec(kind: .selectBest, value: "best", metric: "pref")],
            cases: [TestCase(id: "1", vars: ["q": "q"])])
        let judge = FunctionJudge { _, user in
            let first = user.components(separatedBy: "<response_1>")[1]
            let second = user.components(separatedBy: "<response_2>")[1]
            func rank(_ s: String) -> Int { s.hasPrefix("\ngold") ? 3 : s.hasPrefix("\nsilver") ? 2 : 1 }
            return rank(first) > rank(second) ? #"{"winner": "1"}"# : #"{"winner": "2"}"#
        }
        let samples = [("m1", "gold"), ("m2", "silver"), ("m3", "bronze")].map { model, output in
            Sample(runID: "r", suite: "p", caseID: "1", model: model, status: .graded, output: output, usage: TokenUsage(), cost: 0,
                   grades: [GradeResult.pendingPairwise(type: "select-best", metric: "pref", weight: 1)])
        }
        let result = await PairwiseJudging.judge(suite: suite, samples: samples, prompts: [:], judges: ["test/judge": judge], defaultJudge: "test/judge")
        let byModel = Dictionary(uniqueKeysWithValues: result.samples.map { ($0.model, $0) })
        #expect(byModel["m1"]?.grades[0].score == 1)
        #expect(byModel["m1"]?.passed == true)
        #expect(byModel["m2"]?.grades[0].score == 0.5)
        #expect(byModel["m3"]?.passed == false)
        #expect(result.records.count == 3)
        #expect(result.records.allSatisfy { $0.winner != .inconsistent })
    }
}

struct CalibrationTests {
    @Test func measuresAgreementAndKappaAgainstLabels() {
        func grade(_ score: Double) -> GradeResult { GradeResult(type: "llm-rubric", metric: "tone", score: score, pass: score >= 0.6, reason: "") }
        // Judge scores map to levels 0..4 by score×4; labels 1..5 map to 0..4.
        let pairs: [(grade: GradeResult, label: Int)] = [
            (grade(1.0), 5), (grade(0.75), 4), (grade(0.5), 3), (grade(0.25), 2), (grade(0.0), 1),
            (grade(1.0), 5), (grade(0.0), 1), (grade(0.75), 4),
        ]
        let perfect = JudgeCalibration.measure(suite: "s", metric: "tone", judge: "j", pairs: pairs, kappaFloor: 0.4)
        #expect(perfect.weightedKappa == 1)
        #expect(perfect.agreement == 1)
        #expect(perfect.trusted)
        let inverted = JudgeCalibration.measure(
            suite: "s", metric: "tone", judge: "j", pairs: pairs.map { (grade(1 - $0.grade.score), $0.label) }, kappaFloor: 0.4)
        #expect((inverted.weightedKappa ?? 0) < 0)
        #expect(!inverted.trusted)
    }

    @Test func calibrationItemsMustNameACaseAndAJudgeMetric() throws {
        let folder = try TempFolder()
        let suiteYAML = """
            name: cal
            prompt: "{{q}}"
            tests:
              - {id: c1, q: hi}
            assert:
              - {type: llm-rubric, value: polite, metric: tone}
            """
        let path = try folder.write("suite.yaml", suiteYAML)
        try folder.write("calibration.jsonl", #"{"id": "k1", "case": "c1", "metric": "tone", "output": "Hello!", "label": 5}"#)
        #expect(try SuiteLoader.load(file: path).calibration.count == 1)
        try folder.write("calibration.jsonl", "{\"id\": \"k1\", \"case\": \"c1\", \"metric\": \"tone\", \"output\": \"x\", \"label\": 5}\n{\"id\": \"k2\", \"case\": \"c9\", \"metric\": \"tone\", \"output\": \"x\", \"label\": 5}")
        let missingCase = try #require(throws: LoadError.self) { try SuiteLoader.load(file: path) }
        #expect(missingCase.line == 2)
        #expect(missingCase.field == "case")
        try folder.write("calibration.jsonl", #"{"id": "k1", "case": "c1", "metric": "style", "output": "x", "label": 7}"#)
        let badMetric = try #require(throws: LoadError.self) { try SuiteLoader.load(file: path) }
        #expect(badMetric.description.contains("judge assertions (tone)"))
    }
}

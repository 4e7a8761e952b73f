import AssayCore
import Testing
import AssayGrading
import AssayStatistics

/// A judge that replies from a script, one reply per call.
actor ScriptedJudge: JudgeClient {
    nonisolated let modelID = "test/judge"
    var replies: [String]
    private(set) var calls = 0

    init(_ replies: [String]) {
        self.replies = replies
    }

    func ask(system: String, user: String) async throws(CallFailure) -> (text: String, cost: Double?) {
        calls += 1
        guard !replies.isEmpty else {
            throw CallFailure(error: CallError(kind: .authentication, message: "bad key"), attempts: 1, elapsedMs: 0)
        }
        return (replies.removeFirst(), 0.001)
    }
}

struct RubricJudgeTests {
    let spec = AssertionSpec(kind: .llmRubric, value: "Be polite", metric: "tone")

    @Test func parsesAValidReply() async {
        let judge = ScriptedJudge([#"{"reason": "kind", "score": 0.8, "pass": true}"#])
        let result = await RubricJudge(client: judge).grade(spec, rubric: "Be polite", input: GradingInput(output: "Thanks!"))
        #expect(result.pass)
        #expect(result.score == 0.8)
        #expect(result.metric == "tone")
        #expect(result.judge?.contains(RubricJudge.promptHash) == true)
        #expect(result.judgeCost == 0.001)
    }

    @Test func retriesAnUnparsableReplyThenSucceeds() async {
        let judge = ScriptedJudge(["looks good to me", #"Sure: {"score": 0.2, "reason": "rude"}"#])
        let result = await RubricJudge(client: judge).grade(spec, rubric: "Be polite", input: GradingInput(output: "No."))
        #expect(result.error == nil)
        #expect(!result.pass)
        #expect(result.score == 0.2)
        #expect(await judge.calls == 2)
        #expect(abs((result.judgeCost ?? 0) - 0.002) < 1e-12)
    }

    @Test func twoUnparsableRepliesAreAGraderErrorNotAFailedAnswer() async {
        let judge = ScriptedJudge(["nope", #"{"score": 7}"#])
        let result = await RubricJudge(client: judge).grade(spec, rubric: "Be polite", input: GradingInput(output: "x"))
        #expect(result.error != nil)
        let combined = GradeResult.combine([result], threshold: nil)
        #expect(combined.passed == nil)
    }

    @Test func aFailedJudgeCallIsAGraderError() async {
        let judge = ScriptedJudge([])
        let result = await RubricJudge(client: judge).grade(spec, rubric: "r", input: GradingInput(output: "x"))
        #expect(result.error?.contains("authentication") == true)
        #expect(await judge.calls == 1)
    }
}

struct CodeExtractionTests {
    @Test func takesTheFencedBlockThatDefinesTheEntryPoint() {
        let answer = """
            Here is a helper:
            ```python
            print("not this")
            ```
            And the function:
            ```python
            def add(a, b):
                return a + b
            ```
            """
        #expect(CodeExtraction.code(from: answer, entryPoint: "add") == "def add(a, b):\n    return a + b")
    }

    @Test func aBodyOnlyCompletionIsAppendedToThePrompt() {
        let prompt = "from typing import List\n\ndef total(xs: List[int]) -> int:\n    \"\"\"Sum.\"\"\"\n"
        let program = CodeExtraction.program(prompt: prompt, completion: "    return sum(xs)\n", test: "def check(c):\n    assert c([1]) == 1", entryPoint: "total")
        #expect(program.hasPrefix(prompt))
        #expect(program.hasSuffix("check(total)\n"))
        let whole = CodeExtraction.program(prompt: prompt, completion: "def total(xs):\n    return sum(xs)", test: "", entryPoint: "total")
        #expect(whole.hasPrefix(prompt + "\ndef total(xs):"), "the whole prompt, then the answer's function replacing its stub")
    }
}

struct StatisticsTests {
    @Test func percentilesInterpolateLinearlyAsNumpyDoes() {
        // numpy.percentile([1, 2, 3, 4], [50, 95]) == [2.5, 3.85]
        #expect(Percentile.of([4, 1, 3, 2], 50) == 2.5)
        #expect(abs((Percentile.of([1, 2, 3, 4], 95) ?? 0) - 3.85) < 1e-12)
        #expect(Percentile.of([7], 99) == 7)
        #expect(Percentile.of([], 50) == nil)
    }

    @Test func wilsonIntervalMatchesTheFormula() {
        // 8 of 10: statsmodels proportion_confint(8, 10, method="wilson") = (0.4902, 0.9433)
        let ci = WilsonInterval.interval(successes: 8, total: 10)
        #expect(abs(ci.low - 0.49016) < 1e-4)
        #expect(abs(ci.high - 0.94331) < 1e-4)
        let all = WilsonInterval.interval(successes: 10, total: 10)
        #expect(abs(all.high - 1) < 1e-12)
        #expect(all.low < 1)
    }
}

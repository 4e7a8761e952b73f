public import AssayCore
import Foundation

/// Grades one answer with every assertion of its suite and case, and combines the grades.
public struct AnswerGrader: Sendable {
    public let codeRunner: (any CodeRunner)?
    /// Judge clients by catalog id.
    public let judges: [String: any JudgeClient]
    /// The judge used when neither the assertion nor the suite names one.
    public let defaultJudge: String?

    public init(codeRunner: (any CodeRunner)?, judges: [String: any JudgeClient], defaultJudge: String?) {
        self.codeRunner = codeRunner
        self.judges = judges
        self.defaultJudge = defaultJudge
    }

    public struct Outcome: Sendable {
        public var grades: [GradeResult]
        public var score: Double?
        public var passed: Bool?
        public var judgeCost: Double
    }

    public func grade(suite: Suite, testCase: TestCase, input: GradingInput) async -> Outcome {
        var grades: [GradeResult] = []
        for spec in suite.assertions + testCase.assertions {
            grades.append(await grade(spec, suite: suite, testCase: testCase, input: input))
        }
        let (score, passed) = GradeResult.combine(grades, threshold: testCase.threshold ?? suite.threshold)
        let judgeCost = grades.compactMap(\.judgeCost).reduce(0, +)
        return Outcome(grades: grades, score: score, passed: passed, judgeCost: judgeCost)
    }

    /// Grades one assertion of any type; an `assert-set` grades its assertions with the same machinery.
    public func grade(_ spec: AssertionSpec, suite: Suite, testCase: TestCase, input: GradingInput) async -> GradeResult {
        if spec.kind == .assertSet {
            var children: [GradeResult] = []
            for child in spec.children {
                children.append(await grade(child, suite: suite, testCase: testCase, input: input))
            }
            return AnswerGrader.gradeSet(spec, children: children)
        }
        let value: JSONValue?
        do {
            value = try spec.value.map { v throws(Template.MissingVariable) in try Template.render(v, testCase.vars) }
        } catch {
            return GradeResult(
                type: spec.typeName, metric: spec.metricName, score: 0, pass: false, reason: "\(error)",
                weight: spec.weight, error: "\(error)")
        }
        switch spec.kind {
        case .codeTests:
            return await gradeCode(spec, testCase: testCase, input: input)
        case .llmRubric, .factuality, .modelGradedClosedQA:
            let judgeID = spec.judge ?? suite.judge ?? defaultJudge
            guard let judgeID, let client = judges[judgeID] else {
                let reason = "no judge model available (\(judgeID ?? "none configured"))"
                return GradeResult(
                    type: spec.typeName, metric: spec.metricName, score: 0, pass: false, reason: reason,
                    weight: spec.weight, error: reason)
            }
            let text = value?.templateText ?? ""
            switch spec.kind {
            case .factuality:
                let scores = FactualityJudge.defaultScores.merging(spec.scores) { _, configured in configured }
                return await SingleAnswerJudge(client: client).grade(
                    spec, prompt: FactualityJudge.prompt, vars: ["input": input.prompt, "reference": text, "output": input.output]
                ) { reply in
                    FactualityJudge.parse(reply).map { verdict in
                        (scores[verdict.category] ?? 0, nil, "\(verdict.category): \(verdict.reason)")
                    }
                }
            case .modelGradedClosedQA:
                return await SingleAnswerJudge(client: client).grade(
                    spec, prompt: ClosedQAJudge.prompt, vars: ["input": input.prompt, "criterion": text, "output": input.output]
                ) { reply in
                    ClosedQAJudge.parse(reply).map { verdict in (verdict.meets ? 1 : 0, verdict.meets, verdict.reason) }
                }
            default:
                return await RubricJudge(client: client).grade(spec, rubric: text, input: input)
            }
        case .selectBest:
            // Pairwise: graded once every model has answered the case (see PairwiseJudging); until then
            // the grade is pending and counts neither way.
            return GradeResult.pendingPairwise(type: spec.typeName, metric: spec.metricName, weight: spec.weight)
        default:
            return RuleGrader.grade(spec, value: value, input: input)
        }
    }

    /// An `assert-set`'s grade from its assertions' grades: the weighted mean of their scores (grader
    /// errors left out); it passes when the score reaches the set's threshold, or, without one, when every
    /// weighted assertion passes. When every assertion in it errored, the set is a grader error too.
    public static func gradeSet(_ spec: AssertionSpec, children: [GradeResult]) -> GradeResult {
        let (score, passed) = GradeResult.combine(children, threshold: spec.threshold)
        let judgeCosts = children.compactMap(\.judgeCost)
        let judgeCost = judgeCosts.isEmpty ? nil : judgeCosts.reduce(0, +)
        let summary = children.map { child in
            let mark = child.error != nil ? "error" : child.pass ? "pass" : "fail"
            return "[\(mark)] \(child.metric): \(child.error ?? child.reason)"
        }.joined(separator: "; ")
        guard let score, let passed else {
            let reason = "every assertion in the set errored: \(summary)"
            return GradeResult(
                type: spec.typeName, metric: spec.metricName, score: 0, pass: false, reason: reason, weight: spec.weight,
                error: reason, judgeCost: judgeCost)
        }
        let usable = children.filter { $0.error == nil }
        let passedCount = usable.filter(\.pass).count
        var head = "\(passedCount) of \(usable.count) passed"
        if children.count > usable.count { head += " (\(children.count - usable.count) errored)" }
        head += ", score " + String(format: "%.3f", score)
        if let threshold = spec.threshold {
            head += String(format: " %@ threshold %.2f", passed ? "≥" : "<", threshold)
        }
        return GradeResult(
            type: spec.typeName, metric: spec.metricName, score: score, pass: passed, reason: "\(head): \(summary)",
            weight: spec.weight, judgeCost: judgeCost)
    }

    func gradeCode(_ spec: AssertionSpec, testCase: TestCase, input: GradingInput) async -> GradeResult {
        let entryPoint = testCase.vars["entry_point"]?.templateText ?? ""
        guard let codeRunner else {
            return GradeResult(
                type: spec.typeName, metric: spec.metricName, score: 0, pass: false, reason: "no sandbox available",
                weight: spec.weight, error: "no sandbox available")
        }
        let completion = CodeExtraction.code(from: input.output, entryPoint: entryPoint)
        let program = CodeExtraction.program(
            prompt: testCase.vars["prompt"]?.templateText ?? "", completion: completion,
            test: testCase.vars["test"]?.templateText ?? "", entryPoint: entryPoint)
        let run = await codeRunner.runPython(program)
        let pass = run.succeeded
        var reason: String
        if run.timedOut {
            reason = "tests timed out"
        } else if pass {
            reason = "all tests passed"
        } else {
            let lastLines = run.output.split(separator: "\n").suffix(2).joined(separator: " | ")
            reason = "tests failed (exit \(run.exitCode.map(String.init) ?? "?")): \(lastLines.prefix(200))"
        }
        if !run.notes.isEmpty { reason += " [sandbox: \(run.notes.joined(separator: "; "))]" }
        return GradeResult(type: spec.typeName, metric: spec.metricName, score: pass ? 1 : 0, pass: pass, reason: reason, weight: spec.weight)
    }
}

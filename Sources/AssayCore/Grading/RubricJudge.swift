/// The `llm-rubric` grader: a judge model scores an answer against a rubric and replies in JSON.
public struct RubricJudge: Sendable {
    /// Bumped whenever the prompt's wording changes; stored with every judged score with the hash.
    public static let promptVersion = "llm-rubric/1"

    public static let systemPrompt = """
        You grade answers written by an AI assistant. You are strict, consistent and fair. \
        Judge only against the rubric. Reply with one JSON object and nothing else: \
        {"reason": "<one or two sentences>", "score": <number from 0 to 1>, "pass": <true or false>}
        """

    /// A stable hash of the prompt text (FNV-1a, 64 bits), so that a changed prompt is visible in results.
    public static let promptHash: String = StableHash.hex(StableHash.fnv1a(systemPrompt + userTemplate))

    static let userTemplate = """
        <rubric>
        {{rubric}}
        </rubric>
        <input>
        {{input}}
        </input>
        <output>
        {{output}}
        </output>
        Grade the output against the rubric.
        """

    public static func userPrompt(rubric: String, input: String, output: String) -> String {
        (try? Template(userTemplate).render([
            "rubric": .string(rubric), "input": .string(input), "output": .string(output),
        ])) ?? ""
    }

    /// Parses a judge's reply: the first JSON object in it, with a numeric `score` in [0, 1]
    /// (a score out of 10 or 5 is not guessed at) and an optional boolean `pass`.
    public static func parseReply(_ text: String) -> (score: Double, pass: Bool?, reason: String)? {
        guard let start = text.firstIndex(of: "{"), let end = text.lastIndex(of: "}"), start < end else { return nil }
        guard let json = try? JSONValue.parse(String(text[start...end])), let score = json["score"]?.numberValue,
            (0...1).contains(score)
        else { return nil }
        var pass: Bool?
        if case .bool(let b)? = json["pass"] { pass = b }
        return (score, pass, json["reason"]?.stringValue ?? "")
    }

    let client: any JudgeClient
    let attempts: Int

    public init(client: any JudgeClient, attempts: Int = 2) {
        self.client = client
        self.attempts = attempts
    }

    /// Grades one answer. A reply that cannot be parsed is asked again, then recorded as a grader error.
    public func grade(_ spec: AssertionSpec, rubric: String, input: GradingInput) async -> GradeResult {
        let user = RubricJudge.userPrompt(rubric: rubric, input: input.prompt, output: input.output)
        var cost: Double? = 0
        var lastProblem = ""
        let threshold = spec.threshold ?? 0.5
        for _ in 0..<attempts {
            do {
                let reply = try await client.ask(system: RubricJudge.systemPrompt, user: user)
                cost = cost.flatMap { c in reply.cost.map { c + $0 } }
                if let parsed = RubricJudge.parseReply(reply.text) {
                    let pass = parsed.pass ?? (parsed.score >= threshold)
                    return GradeResult(
                        type: spec.typeName, metric: spec.metricName, score: parsed.score, pass: pass,
                        reason: parsed.reason.isEmpty ? "judge score \(parsed.score)" : parsed.reason,
                        weight: spec.weight, judgeCost: cost, judge: "\(client.modelID) \(RubricJudge.promptVersion)#\(RubricJudge.promptHash)")
                }
                lastProblem = "the judge's reply could not be parsed: \(reply.text.prefix(120))"
            } catch {
                lastProblem = "the judge call failed: \(error.error)"
                if !error.error.kind.isRetryable { break }
            }
        }
        return GradeResult(
            type: spec.typeName, metric: spec.metricName, score: 0, pass: false, reason: lastProblem, weight: spec.weight,
            error: lastProblem, judgeCost: cost, judge: "\(client.modelID) \(RubricJudge.promptVersion)#\(RubricJudge.promptHash)")
    }
}

public import AssayCore

/// The `llm-rubric` grader: a judge model scores an answer against a rubric and replies in JSON.
public struct RubricJudge: Sendable {
    /// Bumped whenever the prompt's wording changes; stored with every judged score with the hash.
    public static let promptVersion = "llm-rubric/1"

    public static let systemPrompt = """
        You grade answers written by an AI assistant. You are strict, consistent and fair. \
        Judge only against the rubric. Reply with one JSON object and nothing else: \
        {"reason": "<one or two sentences>", "score": <number from 0 to 1>, "pass": <true or false>}
        """

    /// The versioned prompt the shared judge machinery sends.
    public static let prompt = JudgePrompt(version: promptVersion, system: systemPrompt, userTemplate: userTemplate)

    /// A stable hash of the prompt text (FNV-1a, 64 bits), so that a changed prompt is visible in results.
    public static let promptHash: String = prompt.hash

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
        prompt.user(["rubric": rubric, "input": input, "output": output])
    }

    /// Parses a judge's reply: the first JSON object in it, with a numeric `score` in [0, 1]
    /// (a score out of 10 or 5 is not guessed at) and an optional boolean `pass`.
    public static func parseReply(_ text: String) -> (score: Double, pass: Bool?, reason: String)? {
        guard let json = JudgeReply.firstObject(in: text), let score = json["score"]?.numberValue, (0...1).contains(score)
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
        await SingleAnswerJudge(client: client, attempts: attempts).grade(
            spec, prompt: RubricJudge.prompt,
            vars: ["rubric": rubric, "input": input.prompt, "output": spec.transcript ? input.transcript ?? input.output : input.output],
            read: RubricJudge.parseReply)
    }
}

import AssayCore

/// Asks a judge about one answer with a versioned prompt, retries a reply that cannot be read once,
/// and records a reply that still cannot be read (or a failed call) as a grader error, never as a
/// failed answer.
struct SingleAnswerJudge: Sendable {
    let client: any JudgeClient
    var attempts = 2

    func grade(
        _ spec: AssertionSpec, prompt: JudgePrompt, vars: [String: String],
        read: (String) -> (score: Double, pass: Bool?, reason: String)?
    ) async -> GradeResult {
        var cost: Double? = 0
        var problem = ""
        let identity = "\(client.modelID) \(prompt.identity)"
        for _ in 0..<attempts {
            do {
                let reply = try await client.ask(system: prompt.system, user: prompt.user(vars))
                cost = cost.flatMap { c in reply.cost.map { c + $0 } }
                if let read = read(reply.text) {
                    let pass = read.pass ?? (read.score >= (spec.threshold ?? 0.5))
                    return GradeResult(
                        type: spec.typeName, metric: spec.metricName, score: read.score, pass: pass,
                        reason: read.reason.isEmpty ? "judge score \(read.score)" : read.reason, weight: spec.weight,
                        judgeCost: cost, judge: identity)
                }
                problem = "the judge's reply could not be parsed: \(reply.text.prefix(120))"
            } catch {
                problem = "the judge call failed: \(error.error)"
                if !error.error.kind.isRetryable { break }
            }
        }
        return GradeResult(
            type: spec.typeName, metric: spec.metricName, score: 0, pass: false, reason: problem, weight: spec.weight,
            error: problem, judgeCost: cost, judge: identity)
    }
}

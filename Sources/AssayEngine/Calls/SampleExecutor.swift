import AssayCore
import Logging
import AssayGrading
import Foundation

/// Runs one planned sample: call the model within the limits, grade the answer, and build the Sample.
struct SampleExecutor: Sendable {
    let runID: String
    let clients: [String: any ModelClient]
    let grader: AnswerGrader
    let seed: UInt64
    let logger: Logger

    /// Nil when the run was stopped before the call finished (the sample is then not run).
    func execute(_ job: PlannedSample) async -> Sample? {
        let suite = job.suite
        let testCase = job.testCase
        let model = job.model
        let user = job.prepared.user
        let system = job.prepared.system
        let request = ChatRequest(
            system: system, user: user, maxTokens: suite.maxTokens, temperature: suite.temperature,
            jsonMode: suite.responseFormat == .json,
            // Each repeat sends its own seed: providers that honour seeds then sample each repeat afresh, reproducibly.
            seed: Int(truncatingIfNeeded: seed &+ UInt64(job.repeatIndex)), stream: true)
        var base = Sample(
            runID: runID, suite: suite.name, caseID: testCase.id, model: model.id, repeatIndex: job.repeatIndex, status: .error)
        guard let client = clients[model.id] else {
            base.errorKind = .invalidRequest
            base.errorMessage = "no client for provider \(model.provider)"
            return base
        }
        let result: Result<ChatResponse, CallFailure>
        var turns: [SampleTurn] = []
        if job.conversational {
            do {
                let exchange = try await exchange(request, suite: suite, testCase: testCase, model: model, client: client)
                turns = exchange.turns
                result = .success(exchange.response)
            } catch {
                // The turns answered before the failure were paid for: the failed sample keeps them and their cost.
                turns = error.turns
                base.turns = error.turns
                if !error.turns.isEmpty {
                    base.cost = error.turns.contains { $0.cost == nil } ? nil : error.turns.compactMap(\.cost).reduce(0, +)
                }
                result = .failure(error.failure)
            }
        } else {
            do {
                result = .success(try await client.complete(request, model: model))
            } catch {
                result = .failure(error)
            }
        }
        switch result {
        case .failure(let failure):
            // A call cancelled (Ctrl-C, after the grace period) is not a failure: the sample is not run.
            if failure.error.kind == .cancelled || Task.isCancelled { return nil }
            base.errorKind = failure.error.kind
            base.errorMessage = failure.error.description
            base.attempts = failure.attempts
            logger.info("call failed", metadata: [
                "case": "\(suite.name)/\(testCase.id)", "model": "\(model.id)", "repeat": "\(job.repeatIndex)",
                "error": "\(failure.error.kind.rawValue)", "attempts": "\(failure.attempts)", "message": "\(String(base.errorMessage?.prefix(200) ?? ""))",
            ])
            return base
        case .success(let response):
            // A cached answer measured nothing: it carries no timings, so latency figures leave it out.
            let timings: CallTimings? = response.cached ? nil : response.timings
            // An exchange costs what its turns cost (each priced on its own usage, as each was billed).
            let cost = turns.isEmpty
                ? response.usage.flatMap { usage in model.price.map { $0.cost(of: usage) } }
                : (turns.contains { $0.cost == nil } ? nil : turns.compactMap(\.cost).reduce(0, +))
            let transcript = turns.isEmpty ? nil : SampleTurn.transcript(history: testCase.history, user: user, turns: turns)
            let input = GradingInput(
                output: response.text, prompt: user, vars: testCase.vars, latencyMs: timings?.totalMs, cost: cost,
                finishReason: response.finishReason, toolCalls: response.toolCalls, transcript: transcript)
            let outcome = await grader.grade(suite: suite, testCase: testCase, input: input)
            // Grading cut short by Ctrl-C is not a grade: the sample counts as not run.
            if Task.isCancelled { return nil }
            logger.debug("sample graded", metadata: [
                "case": "\(suite.name)/\(testCase.id)", "model": "\(model.id)", "repeat": "\(job.repeatIndex)",
                "passed": "\(outcome.passed.map(String.init) ?? "-")", "cached": "\(response.cached)",
                "total_ms": "\(timings.map { String(format: "%.1f", $0.totalMs) } ?? "-")",
            ])
            var sample = Sample(
                runID: runID, suite: suite.name, caseID: testCase.id, model: model.id, repeatIndex: job.repeatIndex,
                status: .graded, output: response.text, toolCalls: response.toolCalls, finishReason: response.finishReason, usage: response.usage,
                cost: cost, judgeCost: outcome.judgeCost, timings: timings, attempts: response.attempts,
                score: outcome.score, passed: outcome.passed, grades: outcome.grades, cached: response.cached)
            sample.turns = turns
            return sample
        }
    }
}

/// One planned (suite, case, model, repeat).
struct PlannedSample: Sendable {
    let suite: Suite
    let testCase: TestCase
    let prepared: PreparedCase
    let model: ModelSpec
    let repeatIndex: Int
    /// Whether a case of the suite may take several turns. Decided once per suite by the plan: `Suite.isConversational`
    /// looks through every case, and asking it for every sample made a run quadratic in its cases.
    let conversational: Bool

    init(suite: Suite, testCase: TestCase, prepared: PreparedCase, model: ModelSpec, repeatIndex: Int, conversational: Bool) {
        self.suite = suite
        self.testCase = testCase
        self.prepared = prepared
        self.model = model
        self.repeatIndex = repeatIndex
        self.conversational = conversational
    }
}

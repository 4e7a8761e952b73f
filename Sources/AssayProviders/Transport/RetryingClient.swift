public import AssayCore
public import Logging
public import Foundation

/// A `ModelClient` around a single-attempt transport: each attempt passes the call gates; rate-limit
/// responses halve the provider's limit; retries follow the policy (Retry-After first); authentication
/// and quota failures are never retried and make later calls to the same model fail at once.
/// Time waiting for the first slot is `queuedMs`; time on failed attempts and backoff is `retryMs`.
public struct RetryingClient: ModelClient {
    let transport: any ModelTransport
    let gate: CallGate
    let retry: RetryPolicy
    let refusals: RefusedModels
    let logger: Logger
    /// Applied to the text of every failure this client throws or logs.
    let redact: Redactor

    public init(
        transport: any ModelTransport, gate: CallGate, retry: RetryPolicy = RetryPolicy(), refusals: RefusedModels,
        logger: Logger = Logger(label: "assay"), redact: Redactor = .none
    ) {
        self.transport = transport
        self.gate = gate
        self.retry = retry
        self.refusals = refusals
        self.logger = logger
        self.redact = redact
    }

    public func complete(_ request: ChatRequest, model: ModelSpec) async throws(CallFailure) -> ChatResponse {
        let clock = ContinuousClock()
        let start = clock.now
        var attempt = 0
        var queuedMs = 0.0
        var firstAttemptStart: ContinuousClock.Instant?
        while true {
            if let refused = await refusals.refusal(for: model.id) {
                throw CallFailure(
                    error: CallError(kind: refused.kind, message: "not sent: an earlier call to this model was refused (\(refused.message))", status: refused.status),
                    attempts: attempt, elapsedMs: (clock.now - start).milliseconds)
            }
            if Task.isCancelled {
                throw CallFailure(error: CallError(kind: .cancelled, message: "run stopped"), attempts: attempt, elapsedMs: (clock.now - start).milliseconds)
            }
            let ticket = await gate.enter(model: model.id)
            let attemptStart = clock.now
            if firstAttemptStart == nil {
                firstAttemptStart = attemptStart
                queuedMs = (attemptStart - start).milliseconds
            }
            attempt += 1
            do {
                var response = try await transport.attempt(request, model: model)
                await ticket.leave(.success)
                response.attempts = attempt
                response.timings.queuedMs += queuedMs
                response.timings.retryMs = (attemptStart - (firstAttemptStart ?? attemptStart)).milliseconds
                return response
            } catch {
                // Every call, a model's or a judge's, fails through here: its error text leaves without the
                // credentials a provider may echo, for the samples, grades, logs and `assay check` after it.
                let error = redacted(error)
                await ticket.leave(error.kind == .rateLimited || error.kind == .overloaded ? .rateLimited : .other)
                if error.kind == .authentication || error.kind == .quotaExhausted {
                    await refusals.refuse(model.id, error)
                }
                if Task.isCancelled || error.kind == .cancelled {
                    throw CallFailure(error: CallError(kind: .cancelled, message: "run stopped"), attempts: attempt, elapsedMs: (clock.now - start).milliseconds)
                }
                let elapsed = (clock.now - start).milliseconds / 1000
                guard let wait = retry.delay(after: error, attempt: attempt, elapsed: elapsed, jitter: Double.random(in: 0..<1)) else {
                    throw CallFailure(error: error, attempts: attempt, elapsedMs: (clock.now - start).milliseconds)
                }
                logger.debug("retrying", metadata: [
                    "model": "\(model.id)", "attempt": "\(attempt)", "error": "\(error.kind.rawValue)",
                    "status": "\(error.status.map(String.init) ?? "-")", "wait_s": "\(String(format: "%.2f", wait))",
                    "message": "\(String(error.message.prefix(200)))",
                ])
                do {
                    try await Task.sleep(for: .milliseconds(Int(wait * 1000)))
                } catch {
                    throw CallFailure(error: CallError(kind: .cancelled, message: "run stopped"), attempts: attempt, elapsedMs: (clock.now - start).milliseconds)
                }
            }
        }
    }
}

extension RetryingClient {
    func redacted(_ error: CallError) -> CallError {
        var error = error
        error.message = redact(error.message)
        return error
    }
}

/// Models whose provider refused a call for good (bad key, no quota): later calls fail fast, with the reason.
public actor RefusedModels {
    private var refused: [String: CallError] = [:]

    public init() {}

    func refuse(_ model: String, _ error: CallError) {
        if refused[model] == nil { refused[model] = error }
    }

    public func refusal(for model: String) -> CallError? { refused[model] }

    public var all: [String: CallError] { refused }
}

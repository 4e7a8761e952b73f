/// Sends chat requests to one model. One implementation per wire format.
public protocol ModelClient: Sendable {
    /// Sends the request, retrying transient failures.
    /// - Throws: `CallFailure` when the call failed for good; it carries the attempts and the time spent.
    func complete(_ request: ChatRequest, model: ModelSpec) async throws(CallFailure) -> ChatResponse
}

/// A call that failed after its retries.
public struct CallFailure: Error, Sendable {
    public var error: CallError
    public var attempts: Int
    /// Time spent on the failed attempts and backoff, in milliseconds.
    public var elapsedMs: Double

    public init(error: CallError, attempts: Int, elapsedMs: Double) {
        self.error = error
        self.attempts = attempts
        self.elapsedMs = elapsedMs
    }
}

public import AssayCore
import Synchronization

/// A model client that answers from a script instead of the network, and counts its calls: for in-process
/// tests of the engine's stages (the wire formats and the HTTP path are tested against real servers).
public final class ScriptedModelClient: ModelClient {
    private let answer: @Sendable (ChatRequest, ModelSpec) throws(CallFailure) -> ChatResponse
    private let count = Mutex(0)

    /// - Parameter answer: what the model says to a request, or the failure it ends in.
    public init(_ answer: @escaping @Sendable (ChatRequest, ModelSpec) throws(CallFailure) -> ChatResponse) {
        self.answer = answer
    }

    /// A model that answers every request with `text`.
    public convenience init(text: String) {
        self.init { _, _ in
            ChatResponse(
                text: text, finishReason: "stop", usage: TokenUsage(inputTokens: 10, outputTokens: 2),
                timings: CallTimings(headersMs: 5, firstEventMs: 6, ttftMs: 6, totalMs: 9))
        }
    }

    /// How many calls reached the model.
    public var calls: Int { count.withLock { $0 } }

    public func complete(_ request: ChatRequest, model: ModelSpec) async throws(CallFailure) -> ChatResponse {
        count.withLock { $0 += 1 }
        return try answer(request, model)
    }
}

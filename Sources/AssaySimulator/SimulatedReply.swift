/// What the fleet decided to send for one request, independent of the wire.
public enum SimulatedReply: Sendable, Hashable {
    case failure(status: Int, type: String, message: String, retryAfterMs: Int?)
    case answer(SimulatedAnswer)
}

/// A simulated answer and its timing.
public struct SimulatedAnswer: Sendable, Hashable {
    /// The answer split into the tokens that are streamed one by one.
    public var tokens: [String]
    public var finishReason: String
    public var inputTokens: Int
    /// Delay before the first token, in milliseconds (already time-scaled).
    public var ttftMs: Double
    /// Delay between tokens, in milliseconds (already time-scaled).
    public var interTokenMs: Double
    /// When set, the connection is dropped after this many tokens.
    public var cutAfter: Int?
    /// When set, a malformed chunk is sent after this many tokens.
    public var malformedAfter: Int? = nil

    public var text: String { tokens.joined() }
}

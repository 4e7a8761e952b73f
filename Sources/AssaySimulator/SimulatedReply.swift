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
    /// The functions the answer calls (after its text, if any).
    public var toolCalls: [SimulatedToolCall] = []

    public var text: String { tokens.joined() }
    /// Output tokens: the text's and the calls' (names and arguments, as a provider counts them).
    public var outputTokens: Int { tokens.count + toolCalls.map(\.tokens).reduce(0, +) }
}

/// A function call in a simulated answer.
public struct SimulatedToolCall: Sendable, Hashable {
    /// A neutral id; each wire adds its provider's prefix (`call_`, `toolu_`).
    public var id: String
    public var name: String
    /// The arguments as compact JSON text.
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    var tokens: Int { SimulatedFleet.tokenize(name + " " + arguments).count }

    /// The arguments in pieces of a few characters, as providers stream them.
    var argumentPieces: [String] {
        var pieces: [String] = []
        var rest = Substring(arguments)
        while !rest.isEmpty {
            pieces.append(String(rest.prefix(8)))
            rest = rest.dropFirst(8)
        }
        return pieces
    }
}

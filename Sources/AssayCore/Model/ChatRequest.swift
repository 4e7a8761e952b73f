/// A provider-neutral chat request; each client maps it to its wire format.
public struct ChatRequest: Sendable, Hashable {
    public var system: String?
    public var user: String
    public var maxTokens: Int
    public var temperature: Double?
    public var jsonMode: Bool
    public var stop: [String]
    public var seed: Int?
    public var stream: Bool

    public init(
        system: String? = nil, user: String, maxTokens: Int = 512, temperature: Double? = 0, jsonMode: Bool = false,
        stop: [String] = [], seed: Int? = nil, stream: Bool = true
    ) {
        self.system = system
        self.user = user
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.jsonMode = jsonMode
        self.stop = stop
        self.seed = seed
        self.stream = stream
    }
}

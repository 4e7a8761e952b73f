/// A model in the catalog: which wire format it speaks, where, with which key and at what price.
public struct ModelSpec: Sendable, Hashable {
    /// Catalog id, e.g. `openai/gpt-5.4-mini` or `sim/atlas-large`.
    public var id: String
    /// The wire format (`openai` for OpenAI and every OpenAI-compatible endpoint).
    public var provider: String
    /// The provider's own model name, sent in requests.
    public var model: String
    public var baseURL: String?
    /// The environment variable that holds the API key; nil for keyless endpoints.
    public var apiKeyEnv: String?
    public var price: Price?
    /// Most calls in flight to this model at once.
    public var maxConcurrency: Int
    /// Whether the model accepts `temperature` (some reasoning models reject it).
    public var supportsTemperature: Bool
    /// The provider API version to send, where the format has one (Anthropic's `anthropic-version`).
    public var apiVersion: String?
    /// For simulated models: fault chances per attempt that override the built-in profile
    /// (rate_limit, server_error, overloaded, stream_cut, malformed, stall).
    public var simulatedFaults: [String: Double]

    public init(
        id: String, provider: String, model: String, baseURL: String? = nil, apiKeyEnv: String? = nil,
        price: Price? = nil, maxConcurrency: Int = 8, supportsTemperature: Bool = true, apiVersion: String? = nil,
        simulatedFaults: [String: Double] = [:]
    ) {
        self.id = id
        self.provider = provider
        self.model = model
        self.baseURL = baseURL
        self.apiKeyEnv = apiKeyEnv
        self.price = price
        self.maxConcurrency = maxConcurrency
        self.supportsTemperature = supportsTemperature
        self.apiVersion = apiVersion
        self.simulatedFaults = simulatedFaults
    }

    /// Simulated models live under `sim/` and are served by the built-in fleet.
    public var isSimulated: Bool { id.hasPrefix("sim/") }
}

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
    /// An OpenAI reasoning model (o-series, GPT-5 family): its token limit is `max_completion_tokens` on any
    /// host, Azure OpenAI included, and its limit covers the reasoning too.
    public var reasoning: Bool
    /// The role the system prompt is sent in: `system`, `developer` (OpenAI reasoning models), or `user` (for
    /// models that take neither: the system prompt then leads the user message).
    public var systemRole: String
    /// OpenAI's `reasoning_effort`, sent when set.
    public var reasoningEffort: String?
    /// The provider API version to send, where the format has one (Anthropic's `anthropic-version`).
    public var apiVersion: String?
    /// For simulated models: fault chances per attempt that override the built-in profile
    /// (rate_limit, server_error, overloaded, stream_cut, malformed, stall).
    public var simulatedFaults: [String: Double]
    /// For simulated models: a change of behaviour from a date on (history and drift alerts on the fleet).
    public var simulatedDrift: SimulatedDrift? = nil

    public init(
        id: String, provider: String, model: String, baseURL: String? = nil, apiKeyEnv: String? = nil,
        price: Price? = nil, maxConcurrency: Int = 8, supportsTemperature: Bool = true, apiVersion: String? = nil,
        simulatedFaults: [String: Double] = [:], reasoning: Bool = false, systemRole: String = "system",
        reasoningEffort: String? = nil
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
        self.reasoning = reasoning
        self.systemRole = systemRole
        self.reasoningEffort = reasoningEffort
    }

    /// The roles `systemRole` may name.
    public static let systemRoles = ["system", "developer", "user"]

    /// Whether an OpenAI model name is one of its reasoning models: `o1`, `o3`, `o4-mini`… and the `gpt-5`
    /// family (a `vendor/` prefix, as routers write it, is ignored). `gpt-5…-chat` models are not.
    public static func namesOpenAIReasoningModel(_ name: String) -> Bool {
        let base = (name.split(separator: "/").last.map(String.init) ?? name).lowercased()
        if base.contains("-chat") { return false }
        if base.hasPrefix("gpt-5") { return true }
        guard base.first == "o", let digit = base.dropFirst().first else { return false }
        return digit.isNumber
    }

    /// Simulated models live under `sim/` and are served by the built-in fleet.
    public var isSimulated: Bool { id.hasPrefix("sim/") }
}

public import AssayCore

/// How one simulated model behaves: its quality, its latency distribution, its speed and its faults.
public struct SimulatedModelProfile: Sendable, Hashable {
    /// The model name it answers to (the catalog's `model` field).
    public var name: String
    /// Share of cases it answers correctly, in [0, 1]; the rest get the case's flawed answer.
    public var quality: Double
    /// Per task category, a quality that replaces `quality` (real models are stronger at some tasks).
    public var categoryQuality: [String: Double] = [:]
    /// Per task category, a preamble rate that replaces `preambleRate`.
    public var categoryPreambleRate: [String: Double] = [:]
    /// Median time to first token, in milliseconds.
    public var ttftMedianMs: Double
    /// Spread of the log-normal TTFT distribution.
    public var ttftSigma: Double
    /// Chance of a slow tail call, and how much slower it is.
    public var tailProbability: Double
    public var tailFactor: Double
    /// Output speed, tokens per second.
    public var tokensPerSecond: Double
    /// Chance that an attempt is answered with 429 and a Retry-After.
    public var rateLimitRate: Double
    /// Chance that an attempt is answered with a 500.
    public var serverErrorRate: Double
    /// Chance that a stream is cut off mid-way.
    public var streamCutRate: Double
    /// Chance of chatty text around a JSON answer (which breaks strict JSON parsing).
    public var preambleRate: Double
    /// Chance of a 529 "overloaded" answer (Anthropic's status; other formats get it as a 503-like overload).
    public var overloadedRate: Double = 0
    /// Chance of a malformed chunk in the middle of a stream.
    public var malformedRate: Double = 0
    /// Chance that the first token comes only after `stallMs`, past any reasonable deadline.
    public var stallRate: Double = 0
    public var stallMs: Double = 300_000
    /// Whether it is the judge model.
    public var isJudge: Bool
    /// Wraps every answer in HTML and script payloads, to prove that reports show them as text.
    public var adversarial: Bool

    public init(
        name: String, quality: Double, categoryQuality: [String: Double] = [:], ttftMedianMs: Double, ttftSigma: Double = 0.3,
        tailProbability: Double = 0.03, tailFactor: Double = 4, tokensPerSecond: Double, rateLimitRate: Double = 0,
        serverErrorRate: Double = 0, streamCutRate: Double = 0, overloadedRate: Double = 0, preambleRate: Double = 0,
        categoryPreambleRate: [String: Double] = [:], isJudge: Bool = false, adversarial: Bool = false
    ) {
        self.name = name
        self.quality = quality
        self.categoryQuality = categoryQuality
        self.categoryPreambleRate = categoryPreambleRate
        self.ttftMedianMs = ttftMedianMs
        self.ttftSigma = ttftSigma
        self.tailProbability = tailProbability
        self.tailFactor = tailFactor
        self.tokensPerSecond = tokensPerSecond
        self.rateLimitRate = rateLimitRate
        self.serverErrorRate = serverErrorRate
        self.streamCutRate = streamCutRate
        self.preambleRate = preambleRate
        self.overloadedRate = overloadedRate
        self.isJudge = isJudge
        self.adversarial = adversarial
    }

    /// Applies a catalog entry's `faults:` overrides (rate_limit, server_error, overloaded, stream_cut,
    /// malformed, stall: chances per attempt).
    public func withFaults(_ faults: [String: Double]) -> SimulatedModelProfile {
        var p = self
        for (name, value) in faults {
            switch name {
            case "rate_limit": p.rateLimitRate = value
            case "server_error": p.serverErrorRate = value
            case "overloaded": p.overloadedRate = value
            case "stream_cut": p.streamCutRate = value
            case "malformed": p.malformedRate = value
            case "stall": p.stallRate = value
            default: break
            }
        }
        return p
    }

    /// The profile changed by a drift: quality shifted (within [0, 1]), delays scaled, server errors added.
    public func withDrift(_ drift: SimulatedDrift) -> SimulatedModelProfile {
        var p = self
        p.quality = min(1, max(0, quality + drift.quality))
        p.categoryQuality = categoryQuality.mapValues { min(1, max(0, $0 + drift.quality)) }
        p.ttftMedianMs = ttftMedianMs * drift.latency
        p.tokensPerSecond = tokensPerSecond / drift.latency
        p.serverErrorRate = min(1, serverErrorRate + drift.errors)
        return p
    }

    /// The quality and preamble rate on a case of `category`.
    public func quality(in category: String) -> Double { categoryQuality[category] ?? quality }
    public func preambleRate(in category: String) -> Double { categoryPreambleRate[category] ?? preambleRate }

    public static let faultNames: Set<String> = ["rate_limit", "server_error", "overloaded", "stream_cut", "malformed", "stall"]

    /// The built-in fleet. The catalog's `sim/` entries name these models.
    ///
    /// On routine support tickets the two strongest models both get every case right, as frontier models
    /// do on easy tasks: the case a router exists for, where the cheaper one can be shown as good.
    public static let builtIn: [SimulatedModelProfile] = [
        SimulatedModelProfile(
            name: "atlas-large", quality: 0.93, categoryQuality: ["customer-support": 1], ttftMedianMs: 420,
            ttftSigma: 0.35, tailProbability: 0.04, tailFactor: 3.5, tokensPerSecond: 70, rateLimitRate: 0.02,
            serverErrorRate: 0.01),
        SimulatedModelProfile(
            name: "orion-medium", quality: 0.84, categoryQuality: ["customer-support": 1], ttftMedianMs: 260,
            ttftSigma: 0.5, tailProbability: 0.06, tailFactor: 5, tokensPerSecond: 110, rateLimitRate: 0.02,
            serverErrorRate: 0.03, streamCutRate: 0.01, preambleRate: 0.03, categoryPreambleRate: ["customer-support": 0]),
        SimulatedModelProfile(
            name: "swift-mini", quality: 0.72, ttftMedianMs: 140, ttftSigma: 0.25, tailProbability: 0.02,
            tailFactor: 3, tokensPerSecond: 190, rateLimitRate: 0.04, serverErrorRate: 0.01, preambleRate: 0.06),
        SimulatedModelProfile(
            name: "pico-nano", quality: 0.5, ttftMedianMs: 90, ttftSigma: 0.3, tailProbability: 0.05,
            tailFactor: 6, tokensPerSecond: 260, rateLimitRate: 0.25, serverErrorRate: 0.1, streamCutRate: 0.03,
            preambleRate: 0.12),
        SimulatedModelProfile(
            name: "lumen-hf", quality: 0.78, ttftMedianMs: 200, ttftSigma: 0.4, tailProbability: 0.05,
            tailFactor: 4, tokensPerSecond: 150, rateLimitRate: 0.03, serverErrorRate: 0.02, overloadedRate: 0.01,
            preambleRate: 0.04),
        SimulatedModelProfile(
            name: "tiny-local", quality: 0.6, ttftMedianMs: 60, ttftSigma: 0.2, tailProbability: 0.02, tailFactor: 3,
            tokensPerSecond: 90, serverErrorRate: 0.01, preambleRate: 0.08),
        // Not in the default catalog: the report tests run it to prove that payloads stay text.
        SimulatedModelProfile(
            name: "mallory-xss", quality: 0.8, ttftMedianMs: 50, ttftSigma: 0.1, tailProbability: 0, tokensPerSecond: 500,
            adversarial: true),
        SimulatedModelProfile(
            name: "judge-1", quality: 1, ttftMedianMs: 150, ttftSigma: 0.2, tailProbability: 0.01, tailFactor: 2,
            tokensPerSecond: 220, rateLimitRate: 0.01, isJudge: true),
    ]
}

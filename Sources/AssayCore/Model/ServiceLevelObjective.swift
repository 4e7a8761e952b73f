import Foundation

/// Serving targets a call must meet to count toward goodput (`--slo ttft_ms=…,tpot_ms=…,e2e_ms=…`): the share
/// of calls that were answered within every set bound, as vLLM's benchmark and NVIDIA's AIPerf count goodput.
public struct ServiceLevelObjective: Sendable, Hashable, Codable {
    /// Time to first token, ms.
    public var ttftMs: Double?
    /// Time per output token after the first, ms.
    public var tpotMs: Double?
    /// End-to-end latency, ms.
    public var e2eMs: Double?

    public init(ttftMs: Double? = nil, tpotMs: Double? = nil, e2eMs: Double? = nil) {
        self.ttftMs = ttftMs
        self.tpotMs = tpotMs
        self.e2eMs = e2eMs
    }

    enum CodingKeys: String, CodingKey {
        case ttftMs = "ttft_ms", tpotMs = "tpot_ms", e2eMs = "e2e_ms"
    }

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    public static let boundNames = ["ttft_ms", "tpot_ms", "e2e_ms"]

    /// Reads "ttft_ms=500,tpot_ms=50,e2e_ms=8000" (any of the three, at least one).
    public init(parsing text: String) throws {
        self.init()
        var seen: Set<String> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty else {
                throw ParseError(message: "--slo: \"\(part)\" is not NAME=MILLISECONDS (names: \(Self.boundNames.joined(separator: ", ")))")
            }
            let name = pair[0]
            guard Self.boundNames.contains(name) else {
                throw ParseError(message: "--slo: unknown bound \"\(name)\" (known: \(Self.boundNames.joined(separator: ", ")))")
            }
            guard let value = Double(pair[1]), value.isFinite, value > 0 else {
                throw ParseError(message: "--slo: \(name) must be a positive number of milliseconds, not \"\(pair[1])\"")
            }
            guard seen.insert(name).inserted else { throw ParseError(message: "--slo: \(name) is given twice") }
            switch name {
            case "ttft_ms": ttftMs = value
            case "tpot_ms": tpotMs = value
            default: e2eMs = value
            }
        }
    }

    /// "ttft_ms=500,e2e_ms=8000": the form `--slo` reads.
    public var text: String {
        [("ttft_ms", ttftMs), ("tpot_ms", tpotMs), ("e2e_ms", e2eMs)].compactMap { name, value in
            value.map { "\(name)=\(JSONValue.format(number: $0))" }
        }.joined(separator: ",")
    }

    /// Whether an answered call met every bound. A call without a measured first token (no content token, or
    /// not streamed) misses a TTFT bound; a call of one output token has no time per output token and meets a
    /// TPOT bound (as vLLM counts it); a call whose output tokens are unknown cannot show a TPOT and misses it.
    /// The bounds apply to the attempt that answered: time queued and spent on failed attempts is not in them,
    /// as it is not in the latency figures.
    public func isMet(by timings: CallTimings, outputTokens: Int?) -> Bool {
        if let ttftMs {
            guard let ttft = timings.ttftMs, ttft <= ttftMs else { return false }
        }
        if let tpotMs {
            guard let outputTokens else { return false }
            if let tpot = timings.timePerOutputTokenMs(outputTokens: outputTokens), tpot > tpotMs { return false }
        }
        if let e2eMs, timings.totalMs > e2eMs { return false }
        return true
    }
}

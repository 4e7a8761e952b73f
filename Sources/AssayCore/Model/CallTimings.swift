/// Timings of one answered call, in milliseconds from the moment the request was sent, its last byte written
/// (measured with a monotonic clock). Queueing, connecting and retry waits are kept apart from latency.
public struct CallTimings: Sendable, Hashable, Codable {
    /// Time to the response headers.
    public var headersMs: Double?
    /// Time to the first streamed event of any kind.
    public var firstEventMs: Double?
    /// Time to the first non-empty content token: this is TTFT.
    public var ttftMs: Double?
    /// Time to the last byte: end-to-end latency.
    public var totalMs: Double
    /// Time spent waiting before the request was sent: for a concurrency slot before the first attempt, then
    /// for a connection (one from the pool, or a new one: TCP and TLS) before the answered attempt.
    public var queuedMs: Double
    /// Time spent in failed attempts and backoff before the successful one.
    public var retryMs: Double
    /// For an exchange of several calls (a tool suite's turns): the time its calls spent writing, after each
    /// one's first token, summed; nil for one call, whose writing time is `totalMs − ttftMs`. The exchange's
    /// `totalMs` also holds the later turns' waits for their first token, which are not writing time.
    public var generationMs: Double?
    /// Streamed calls: the inter-chunk latencies, as vLLM's benchmark records its ITL: for each streamed event
    /// that carries output after the first, the time since the one before (events that arrive in the same
    /// read are 0 apart). A chunk may hold several tokens, so these are per chunk, not per token. For an
    /// exchange, every turn's gaps (never the wait between turns). Nil for a call that was not streamed.
    public var chunkGapsMs: [Float]?

    public init(
        headersMs: Double? = nil, firstEventMs: Double? = nil, ttftMs: Double? = nil, totalMs: Double,
        queuedMs: Double = 0, retryMs: Double = 0, generationMs: Double? = nil, chunkGapsMs: [Float]? = nil
    ) {
        self.headersMs = headersMs
        self.firstEventMs = firstEventMs
        self.ttftMs = ttftMs
        self.totalMs = totalMs
        self.queuedMs = queuedMs
        self.retryMs = retryMs
        self.generationMs = generationMs
        self.chunkGapsMs = chunkGapsMs
    }

    /// `chunkGapsMs` as stored: 32-bit little-endian floats.
    public static func packGaps(_ gaps: [Float]?) -> [UInt8]? {
        guard let gaps, !gaps.isEmpty else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(gaps.count * 4)
        for gap in gaps { withUnsafeBytes(of: gap.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        return bytes
    }

    public static func unpackGaps(_ bytes: [UInt8]?) -> [Float]? {
        guard let bytes, !bytes.isEmpty, bytes.count % 4 == 0 else { return nil }
        return stride(from: 0, to: bytes.count, by: 4).map { i in
            Float(bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
        }
    }

    /// The time spent writing after the first token.
    var writingMs: Double? {
        if let generationMs { return generationMs }
        return ttftMs.map { totalMs - $0 }
    }

    /// Time per output token after the first: (E2E − TTFT) / (N − 1).
    public func timePerOutputTokenMs(outputTokens: Int) -> Double? {
        guard let writing = writingMs, outputTokens > 1 else { return nil }
        return writing / Double(outputTokens - 1)
    }

    /// Output speed excluding TTFT: (N − 1) / (t_last − t_first_content), tokens per second (for an exchange, the
    /// writing time of its calls).
    public func outputTokensPerSecond(outputTokens: Int) -> Double? {
        guard let writing = writingMs, outputTokens > 1, writing > 0 else { return nil }
        return Double(outputTokens - 1) / (writing / 1000)
    }
}

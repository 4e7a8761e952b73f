import AssayCore
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Reads one attempt's answer where its bytes arrive: on the connection's event loop, the stream is decoded
/// as each part comes in, the first event, the first content token and every inter-chunk gap are timed
/// there, and the events are kept until the end. The calling task is resumed once, with the whole answer,
/// instead of once per chunk (each resume is a hop between the event loop and the task pool, about one
/// context switch per streamed chunk).
///
/// Confined to the event loop of its `HTTPClient.Task`: AsyncHTTPClient calls a delegate on that loop only,
/// one call at a time, which is what makes the mutable state below safe.
final class AnswerReader: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = ChatResponse

    let format: any WireFormat
    let streamed: Bool
    let clock = ContinuousClock()
    let t0: ContinuousClock.Instant

    private var status = 0
    /// When the whole request had been written: the origin of the call's timings. What came before it (a free
    /// connection from the pool, or a new one: TCP and TLS) is waiting, not the provider's latency, as a
    /// server's own time to first byte starts once it has the request.
    private var sentMs: Double?
    private var headers: [(name: String, value: String)] = []
    private var headersMs: Double?
    private var firstEventMs: Double?
    private var ttftMs: Double?
    private var lastOutputMs: Double?
    private var endMs: Double?
    private var gaps: [Float] = []
    private var events: [WireStreamEvent] = []
    private var decoder: any WireStreamDecoder
    private var body: ByteBuffer?
    /// A decoding failure: the rest of the body is ignored and the attempt fails with it at the end.
    private var failure: CallError?
    private var ended = false

    init(format: any WireFormat, streamed: Bool, startedAt t0: ContinuousClock.Instant) {
        self.format = format
        self.streamed = streamed
        self.t0 = t0
        self.decoder = format.makeStreamDecoder()
    }

    private var elapsedMs: Double { (clock.now - t0).milliseconds }

    /// Whether the response head came: a transport error after it cut a stream; before it, the connection failed.
    private(set) var receivedHead = false

    func didSendRequest(task: HTTPClient.Task<ChatResponse>) {
        if sentMs == nil { sentMs = elapsedMs }
    }

    func didReceiveHead(task: HTTPClient.Task<ChatResponse>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        receivedHead = true
        headersMs = elapsedMs
        status = Int(head.status.code)
        headers = head.headers.map { (name: $0.name, value: $0.value) }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<ChatResponse>, _ part: ByteBuffer) -> EventLoopFuture<Void> {
        guard failure == nil, !ended else { return task.eventLoop.makeSucceededVoidFuture() }
        if !(200..<300).contains(status) || !streamed {
            let limit = (200..<300).contains(status) ? WireClient.maxBody : WireClient.maxErrorBody
            var part = part
            if body == nil { body = part } else if body!.readableBytes < limit { body!.writeBuffer(&part) }
            if (200..<300).contains(status), body!.readableBytes > limit {
                failure = CallError(kind: .malformedResponse, message: "the answer is larger than \(limit) bytes")
            }
            return task.eventLoop.makeSucceededVoidFuture()
        }
        do {
            take(try decoder.feed(Array(part.readableBytesView)))
        } catch {
            failure = error
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    private func take(_ new: [WireStreamEvent]) {
        guard !new.isEmpty else { return }
        let now = elapsedMs
        if firstEventMs == nil { firstEventMs = now }
        if ttftMs == nil, new.contains(where: \.isOutput) { ttftMs = now }
        // Inter-chunk latency: one gap per output event after the first; events read together are 0 apart.
        for event in new where event.isOutput {
            if let last = lastOutputMs { gaps.append(Float(now - last)) }
            lastOutputMs = now
        }
        if new.contains(.done) {
            ended = true
            endMs = now
        }
        events += new
    }

    func didFinishRequest(task: HTTPClient.Task<ChatResponse>) throws -> ChatResponse {
        let totalMs = endMs ?? elapsedMs
        let bodyText = body.map { String(buffer: $0) } ?? ""
        guard (200..<300).contains(status) else {
            var error = format.classifyError(status: status, body: bodyText, headers: headers)
            if let hint = WireErrorClassifier.catalogHint(status: status, body: bodyText) { error.message += " (\(hint))" }
            throw error
        }
        if let failure { throw failure }
        // A server may answer before it has read the whole request: the origin is then no later than its answer.
        let origin = min(sentMs ?? 0, headersMs ?? .infinity)
        func since(_ ms: Double?) -> Double? { ms.map { max(0, $0 - origin) } }
        if !streamed {
            let decoded = try format.decodeResponse(bodyText)
            return ChatResponse(
                text: decoded.text, toolCalls: decoded.toolCalls, finishReason: decoded.finishReason, usage: decoded.usage?.tokenUsage,
                timings: CallTimings(headersMs: since(headersMs), totalMs: max(0, totalMs - origin), queuedMs: origin))
        }
        take(try decoder.finish())
        let folded = WireResponse(events: events)
        // A stream that ends before its end signal (or, for formats without one, before a finish reason) was cut.
        guard ended || folded.finishReason != nil else {
            throw CallError(kind: .streamCut, message: "the stream ended before its finish")
        }
        return ChatResponse(
            text: folded.text, toolCalls: folded.toolCalls, finishReason: folded.finishReason, usage: folded.usage?.tokenUsage,
            timings: CallTimings(
                headersMs: since(headersMs), firstEventMs: since(firstEventMs), ttftMs: since(ttftMs),
                totalMs: max(0, (endMs ?? totalMs) - origin), queuedMs: origin, chunkGapsMs: gaps))
    }
}

public import AssayCore
public import AsyncHTTPClient
public import NIOCore
public import NIOHTTP1
public import Foundation

/// One attempt of a chat call in any wire format, over AsyncHTTPClient, streamed or not, timed with a
/// monotonic clock from just before the request is written: headers, first event, first content token
/// (TTFT) and last byte.
public struct WireClient: ModelTransport {
    let http: HTTPClient
    let format: any WireFormat
    let apiKey: String?
    /// Deadline of one attempt, from sending the request to the last byte.
    let attemptTimeout: Duration

    /// Error bodies are read up to this size; whole (non-streamed) bodies up to `maxBody`.
    static let maxErrorBody = 64 * 1024
    static let maxBody = 16 * 1024 * 1024

    public init(http: HTTPClient, format: any WireFormat, apiKey: String?, attemptTimeout: Duration = .seconds(120)) {
        self.http = http
        self.format = format
        self.apiKey = apiKey
        self.attemptTimeout = attemptTimeout
    }

    public func attempt(_ request: ChatRequest, model: ModelSpec) async throws(CallError) -> ChatResponse {
        do {
            // AsyncHTTPClient's deadline covers the request until the response head; the body (a stream that
            // stalls after its headers) is bounded here: a timer on the event loop cancels the call at the
            // same deadline. (A racing `Task.sleep` would leave a dispatch timer and a task behind for every
            // call until its full timeout passed: 100,000 fast calls would hold about 80 MB.)
            let timeout = attemptTimeout
            let call = Task { try await send(request, model: model) }
            let timedOut = TimeoutFlag()
            let timer = http.eventLoopGroup.any().scheduleTask(in: .nanoseconds(Int64(timeout.milliseconds * 1_000_000))) {
                timedOut.set()
                call.cancel()
            }
            defer { timer.cancel() }
            do {
                return try await withTaskCancellationHandler { try await call.value } onCancel: { call.cancel() }
            } catch {
                if timedOut.isSet { throw CallError(kind: .timeout, message: "no complete answer within \(timeout)") }
                throw error
            }
        } catch let error as CallError {
            throw error
        } catch is CancellationError {
            throw CallError(kind: .cancelled, message: "run stopped")
        } catch let error as HTTPClientError {
            throw WireClient.classify(error, midStream: false)
        } catch {
            throw CallError(kind: .connection, message: "\(error)")
        }
    }

    func send(_ request: ChatRequest, model: ModelSpec) async throws -> ChatResponse {
        let wire = format.request(for: request, model: model, apiKey: apiKey)
        var outgoing = HTTPClientRequest(url: wire.url)
        outgoing.method = HTTPMethod(rawValue: wire.method)
        for (name, value) in wire.headers { outgoing.headers.add(name: name, value: value) }
        outgoing.body = .bytes(ByteBuffer(string: wire.bodyText))

        let clock = ContinuousClock()
        let t0 = clock.now
        let deadline = NIODeadline.now() + .nanoseconds(Int64(attemptTimeout.milliseconds * 1_000_000))
        let response = try await http.execute(outgoing, deadline: deadline)
        let headersMs = (clock.now - t0).milliseconds
        guard (200..<300).contains(Int(response.status.code)) else {
            let collected = try? await response.body.collect(upTo: WireClient.maxErrorBody)
            let body = collected.map { String(buffer: $0) } ?? ""
            let status = Int(response.status.code)
            var error = format.classifyError(
                status: status, body: body, headers: response.headers.map { (name: $0.name, value: $0.value) })
            if let hint = WireErrorClassifier.catalogHint(status: status, body: body) {
                error.message += " (\(hint))"
            }
            throw error
        }
        if !request.stream {
            let buffer: ByteBuffer
            do {
                buffer = try await response.body.collect(upTo: WireClient.maxBody)
            } catch let error as HTTPClientError {
                throw WireClient.classify(error, midStream: true)
            }
            let totalMs = (clock.now - t0).milliseconds
            let decoded = try format.decodeResponse(String(buffer: buffer))
            return ChatResponse(
                text: decoded.text, toolCalls: decoded.toolCalls, finishReason: decoded.finishReason,
                usage: decoded.usage?.tokenUsage,
                timings: CallTimings(headersMs: headersMs, totalMs: totalMs))
        }

        var decoder = format.makeStreamDecoder()
        var events: [WireStreamEvent] = []
        var firstEventMs: Double?
        var ttftMs: Double?
        var lastOutputMs: Double?
        var gaps: [Float] = []
        var ended = false
        func take(_ new: [WireStreamEvent]) {
            guard !new.isEmpty else { return }
            let now = (clock.now - t0).milliseconds
            if firstEventMs == nil { firstEventMs = now }
            if ttftMs == nil, new.contains(where: \.isOutput) { ttftMs = now }
            // Inter-chunk latency: one gap per output event after the first; events read together are 0 apart.
            for event in new where event.isOutput {
                if let last = lastOutputMs { gaps.append(Float(now - last)) }
                lastOutputMs = now
            }
            if new.contains(.done) { ended = true }
            events += new
        }
        do {
            for try await chunk in response.body {
                take(try decoder.feed(Array(chunk.readableBytesView)))
                if ended { break }
            }
            take(try decoder.finish())
        } catch let error as CallError {
            throw error
        } catch let error as HTTPClientError {
            throw WireClient.classify(error, midStream: true)
        } catch {
            throw CallError(kind: Task.isCancelled ? .cancelled : .streamCut, message: "the stream broke off: \(error)")
        }
        let totalMs = (clock.now - t0).milliseconds
        let folded = WireResponse(events: events)
        // A stream that ends before its end signal (or, for formats without one, before a finish reason) was cut.
        guard ended || folded.finishReason != nil else {
            throw CallError(kind: .streamCut, message: "the stream ended before its finish")
        }
        return ChatResponse(
            text: folded.text, toolCalls: folded.toolCalls, finishReason: folded.finishReason, usage: folded.usage?.tokenUsage,
            timings: CallTimings(headersMs: headersMs, firstEventMs: firstEventMs, ttftMs: ttftMs, totalMs: totalMs, chunkGapsMs: gaps))
    }

    static func classify(_ error: HTTPClientError, midStream: Bool) -> CallError {
        switch error {
        case .deadlineExceeded, .readTimeout, .connectTimeout:
            return CallError(kind: .timeout, message: "no answer before the deadline")
        case .remoteConnectionClosed:
            return CallError(kind: midStream ? .streamCut : .connection, message: "the server closed the connection")
        case .cancelled:
            return CallError(kind: .cancelled, message: "run stopped")
        default:
            return CallError(kind: midStream ? .streamCut : .connection, message: "\(error)")
        }
    }
}

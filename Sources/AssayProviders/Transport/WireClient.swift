public import AssayCore
public import AsyncHTTPClient
public import NIOCore
public import NIOHTTP1
public import Foundation

/// One attempt of a chat call in any wire format, over AsyncHTTPClient, streamed or not, timed with a
/// monotonic clock from when the request has been written (`AnswerReader`): headers, first event, first
/// content token (TTFT) and last byte; the wait for a connection before it counts as queued.
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
        let wire = format.request(for: request, model: model, apiKey: apiKey)
        let outgoing: HTTPClient.Request
        do {
            var headers = HTTPHeaders()
            for (name, value) in wire.headers { headers.add(name: name, value: value) }
            outgoing = try HTTPClient.Request(url: wire.url, method: HTTPMethod(rawValue: wire.method), headers: headers, body: .string(wire.bodyText))
        } catch {
            throw CallError(kind: .invalidRequest, message: "cannot make a request to \(wire.url): \(error)")
        }
        let timeout = attemptTimeout
        let clock = ContinuousClock()
        let t0 = clock.now
        let reader = AnswerReader(format: format, streamed: request.stream, startedAt: t0)
        // AsyncHTTPClient's deadline for a delegate's request covers the whole attempt, body included (a stream
        // that stalls after its headers). The answer is read on the event loop (`AnswerReader`); this task waits
        // once, for the whole answer.
        let task = http.execute(
            request: outgoing, delegate: reader, deadline: NIODeadline.now() + .nanoseconds(Int64(timeout.milliseconds * 1_000_000)))
        do {
            return try await withTaskCancellationHandler { try await task.futureResult.get() } onCancel: { task.cancel() }
        } catch let error as CallError {
            throw error
        } catch {
            if let error = error as? HTTPClientError, error == .deadlineExceeded {
                throw CallError(kind: .timeout, message: "no complete answer within \(timeout)")
            }
            if Task.isCancelled { throw CallError(kind: .cancelled, message: "run stopped") }
            if let error = error as? HTTPClientError { throw WireClient.classify(error, midStream: reader.receivedHead) }
            throw CallError(kind: reader.receivedHead ? .streamCut : .connection, message: "\(error)")
        }
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

import AssayCore
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// OpenAI Chat Completions, and every endpoint compatible with it (vLLM, llama.cpp server,
/// OpenRouter, Together, Groq and the simulated fleet), streamed over SSE.
public struct OpenAIChatClient: ModelClient {
    let http: HTTPClient
    let apiKey: String?
    let retry: RetryPolicy
    /// Deadline for one attempt, from sending the request to the last byte.
    let attemptTimeout: Duration
    /// Error bodies are read up to this size.
    static let maxErrorBody = 64 * 1024
    /// Non-streamed bodies are read up to this size.
    static let maxBody = 16 * 1024 * 1024

    public init(http: HTTPClient, apiKey: String?, retry: RetryPolicy = RetryPolicy(), attemptTimeout: Duration = .seconds(120)) {
        self.http = http
        self.apiKey = apiKey
        self.retry = retry
        self.attemptTimeout = attemptTimeout
    }

    public static let defaultBaseURL = "https://api.openai.com/v1"

    public func complete(_ request: ChatRequest, model: ModelSpec) async throws(CallFailure) -> ChatResponse {
        let clock = ContinuousClock()
        let start = clock.now
        var attempt = 0
        while true {
            attempt += 1
            let attemptStart = clock.now
            do {
                var response = try await send(request, model: model)
                response.attempts = attempt
                response.timings.retryMs = (attemptStart - start).milliseconds
                return response
            } catch let error as CallError {
                if Task.isCancelled {
                    throw CallFailure(error: CallError(kind: .cancelled, message: "run stopped"), attempts: attempt,
                                      elapsedMs: (clock.now - start).milliseconds)
                }
                let elapsed = (clock.now - start).milliseconds / 1000
                guard let wait = retry.delay(after: error, attempt: attempt, elapsed: elapsed, jitter: Double.random(in: 0..<1)) else {
                    throw CallFailure(error: error, attempts: attempt, elapsedMs: (clock.now - start).milliseconds)
                }
                do {
                    try await Task.sleep(for: .milliseconds(Int(wait * 1000)))
                } catch {
                    throw CallFailure(error: CallError(kind: .cancelled, message: "run stopped"), attempts: attempt,
                                      elapsedMs: (clock.now - start).milliseconds)
                }
            } catch {
                throw CallFailure(error: CallError(kind: .connection, message: "\(error)"), attempts: attempt,
                                  elapsedMs: (clock.now - start).milliseconds)
            }
        }
    }

    /// The JSON body for a request, as OpenAI's API defines it.
    public static func body(for request: ChatRequest, model: ModelSpec) -> JSONValue {
        var messages: [JSONValue] = []
        if let system = request.system { messages.append(.object(["role": .string("system"), "content": .string(system)])) }
        messages.append(.object(["role": .string("user"), "content": .string(request.user)]))
        var body: [String: JSONValue] = ["model": .string(model.model), "messages": .array(messages)]
        // OpenAI deprecated max_tokens; compatible servers mostly know only max_tokens.
        let isOpenAI = (model.baseURL ?? defaultBaseURL).contains("api.openai.com")
        body[isOpenAI ? "max_completion_tokens" : "max_tokens"] = .number(Double(request.maxTokens))
        if let t = request.temperature, model.supportsTemperature { body["temperature"] = .number(t) }
        if !request.stop.isEmpty { body["stop"] = .array(request.stop.map(JSONValue.string)) }
        if let seed = request.seed { body["seed"] = .number(Double(seed)) }
        if request.jsonMode { body["response_format"] = .object(["type": .string("json_object")]) }
        if request.stream {
            body["stream"] = .bool(true)
            body["stream_options"] = .object(["include_usage": .bool(true)])
        }
        return .object(body)
    }

    func send(_ request: ChatRequest, model: ModelSpec) async throws -> ChatResponse {
        let base = (model.baseURL ?? OpenAIChatClient.defaultBaseURL).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        var http = HTTPClientRequest(url: base + "/chat/completions")
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.headers.add(name: "Accept", value: request.stream ? "text/event-stream" : "application/json")
        if let apiKey { http.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        http.body = .bytes(ByteBuffer(string: OpenAIChatClient.body(for: request, model: model).compactJSON))

        let clock = ContinuousClock()
        let t0 = clock.now
        let deadline = NIODeadline.now() + .nanoseconds(Int64(attemptTimeout.milliseconds * 1_000_000))
        let response: HTTPClientResponse
        do {
            response = try await self.http.execute(http, deadline: deadline)
        } catch let error as HTTPClientError {
            throw OpenAIChatClient.classify(error)
        } catch is CancellationError {
            throw CallError(kind: .cancelled, message: "run stopped")
        } catch {
            throw CallError(kind: .connection, message: "\(error)")
        }
        let headersMs = (clock.now - t0).milliseconds
        guard response.status == .ok else {
            let body = try? await response.body.collect(upTo: OpenAIChatClient.maxErrorBody)
            throw HTTPErrorClassifier.classify(
                status: Int(response.status.code), body: body.map { String(buffer: $0) } ?? "", headers: response.headers)
        }
        if !request.stream {
            let buffer: ByteBuffer
            do {
                buffer = try await response.body.collect(upTo: OpenAIChatClient.maxBody)
            } catch let error as HTTPClientError {
                throw OpenAIChatClient.classify(error, midStream: true)
            } catch {
                throw CallError(kind: .streamCut, message: "the body ended early: \(error)")
            }
            let totalMs = (clock.now - t0).milliseconds
            var parsed = try OpenAIResponseDecoder.decodeCompletion(String(buffer: buffer))
            parsed.timings = CallTimings(headersMs: headersMs, firstEventMs: nil, ttftMs: nil, totalMs: totalMs)
            return parsed
        }
        var decoder = SSEDecoder()
        var state = OpenAIStreamState()
        var firstEventMs: Double?
        var ttftMs: Double?
        do {
            streaming: for try await chunk in response.body {
                let events = decoder.feed(chunk.readableBytesView)
                for event in events {
                    if firstEventMs == nil { firstEventMs = (clock.now - t0).milliseconds }
                    let hadContent = state.hasContent
                    if try state.consume(event) == .done { break streaming }
                    if !hadContent && state.hasContent { ttftMs = (clock.now - t0).milliseconds }
                }
            }
            for event in decoder.finish() { _ = try state.consume(event) }
        } catch let error as CallError {
            throw error
        } catch let error as HTTPClientError {
            throw OpenAIChatClient.classify(error, midStream: true)
        } catch {
            throw CallError(kind: Task.isCancelled ? .cancelled : .streamCut, message: "the stream broke off: \(error)")
        }
        let totalMs = (clock.now - t0).milliseconds
        guard state.sawDone || state.finishReason != nil else {
            throw CallError(kind: .streamCut, message: "the stream ended before a finish reason or [DONE]")
        }
        return ChatResponse(
            text: state.text, finishReason: state.finishReason, usage: state.usage,
            timings: CallTimings(headersMs: headersMs, firstEventMs: firstEventMs, ttftMs: ttftMs, totalMs: totalMs))
    }

    static func classify(_ error: HTTPClientError, midStream: Bool = false) -> CallError {
        switch error {
        case .deadlineExceeded, .readTimeout, .connectTimeout:
            return CallError(kind: .timeout, message: "no answer before the deadline")
        case .remoteConnectionClosed:
            return CallError(kind: midStream ? .streamCut : .connection, message: "the server closed the connection")
        default:
            return CallError(kind: midStream ? .streamCut : .connection, message: "\(error)")
        }
    }
}

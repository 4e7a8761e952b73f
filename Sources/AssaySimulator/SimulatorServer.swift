import AssayCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// The simulated fleet on a loopback HTTP port, speaking the OpenAI Chat Completions wire format
/// (plain and SSE-streamed) at `/v1/chat/completions`, and listing its models at `/v1/models`.
public enum SimulatorServer {
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    /// Serves the fleet on `host:port` (0 picks a free port), calls `body` with the bound port,
    /// and stops serving when `body` returns.
    public static func withRunning<T: Sendable>(
        fleet: SimulatedFleet, host: String = "127.0.0.1", port: Int = 0,
        _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        let server = try await bind(host: host, port: port)
        let boundPort = server.channel.localAddress?.port ?? port
        let counter = AttemptCounter()
        // Serving runs in its own task, outside the caller's cancellation: when a run is stopped with
        // Ctrl-C, connections already accepted must still be handled and closed, not dropped.
        let serving = Task { try await serve(server, fleet: fleet, counter: counter) }
        let result: Result<T, any Error>
        do {
            result = .success(try await body(boundPort))
        } catch {
            result = .failure(error)
        }
        try? await server.channel.close()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = await serving.result }
            group.addTask {
                // Connections still open after this long are cut.
                try? await Task.sleep(for: .seconds(10))
                serving.cancel()
            }
            await group.next()
            group.cancelAll()
        }
        return try result.get()
    }

    /// Serves until the task is cancelled; `ready` is called with the bound port.
    public static func run(fleet: SimulatedFleet, host: String = "127.0.0.1", port: Int, ready: @Sendable (Int) -> Void) async throws {
        let server = try await bind(host: host, port: port)
        ready(server.channel.localAddress?.port ?? port)
        try await withTaskCancellationHandler {
            try await serve(server, fleet: fleet, counter: AttemptCounter())
        } onCancel: {
            server.channel.close(promise: nil)
        }
    }

    static func bind(host: String, port: Int) async throws -> NIOAsyncChannel<Connection, Never> {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(ChannelOptions.backlog, value: 512)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
    }

    static func serve(_ server: NIOAsyncChannel<Connection, Never>, fleet: SimulatedFleet, counter: AttemptCounter) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask {
                        try? await handle(connection, fleet: fleet, counter: counter)
                    }
                }
            }
        }
    }

    static func handle(_ connection: Connection, fleet: SimulatedFleet, counter: AttemptCounter) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let h):
                    head = h
                    body.clear()
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                case .end:
                    guard let h = head else { continue }
                    try await respond(to: h, body: String(buffer: body), outbound: outbound, fleet: fleet, counter: counter)
                    head = nil
                }
            }
        }
    }

    static func respond(
        to head: HTTPRequestHead, body: String, outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
        fleet: SimulatedFleet, counter: AttemptCounter
    ) async throws {
        let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
        switch (head.method, path) {
        case (.GET, "/v1/models"):
            let models = fleet.profiles.keys.sorted().map { JSONValue.object(["id": .string($0), "object": .string("model"), "owned_by": .string("assay-simulator")]) }
            try await sendJSON(.object(["object": .string("list"), "data": .array(models)]), status: .ok, outbound: outbound)
        case (.POST, "/v1/chat/completions"):
            try await chatCompletions(body: body, outbound: outbound, fleet: fleet, counter: counter)
        default:
            try await sendError(status: .notFound, type: "invalid_request_error", message: "Unknown path \(head.method) \(path)", outbound: outbound)
        }
    }

    static func chatCompletions(
        body: String, outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, fleet: SimulatedFleet,
        counter: AttemptCounter
    ) async throws {
        guard let request = try? JSONValue.parse(body), let model = request["model"]?.stringValue,
            let messages = request["messages"]?.arrayValue
        else {
            try await sendError(status: .badRequest, type: "invalid_request_error", message: "Expected a JSON body with model and messages", outbound: outbound)
            return
        }
        let system = messages.first { $0["role"]?.stringValue == "system" || $0["role"]?.stringValue == "developer" }?["content"]?.stringValue
        let user = messages.last { $0["role"]?.stringValue == "user" }?["content"]?.stringValue ?? ""
        let maxTokens = Int(request["max_completion_tokens"]?.numberValue ?? request["max_tokens"]?.numberValue ?? 4096)
        let jsonMode = request["response_format"]?["type"]?.stringValue == "json_object"
        let stream = request["stream"] == .bool(true)
        let includeUsage = request["stream_options"]?["include_usage"] == .bool(true)
        let attempt = await counter.next(StableHash.fnv1a(body))
        let started = ContinuousClock.now

        let requestSeed = request["seed"]?.numberValue.map { Int($0) }
        switch fleet.reply(
            model: model, system: system, user: user, maxTokens: maxTokens, jsonMode: jsonMode, requestSeed: requestSeed,
            attempt: attempt)
        {
        case .failure(let status, let type, let message, let retryAfterMs):
            var headers = HTTPHeaders()
            if let ms = retryAfterMs {
                headers.add(name: "retry-after-ms", value: String(ms))
                headers.add(name: "retry-after", value: String(Int((Double(ms) / 1000).rounded(.up))))
            }
            try await sendError(status: HTTPResponseStatus(statusCode: status), type: type, message: message, headers: headers, outbound: outbound)
        case .answer(let answer):
            let id = "chatcmpl-sim\(StableHash.hex(StableHash.of(body, String(attempt))).prefix(12))"
            let usage = JSONValue.object([
                "prompt_tokens": .number(Double(answer.inputTokens)),
                "completion_tokens": .number(Double(answer.tokens.count)),
                "total_tokens": .number(Double(answer.inputTokens + answer.tokens.count)),
                "prompt_tokens_details": .object(["cached_tokens": .number(0)]),
                "completion_tokens_details": .object(["reasoning_tokens": .number(0)]),
            ])
            if !stream {
                try await sleep(until: started, plusMs: answer.ttftMs + answer.interTokenMs * Double(max(0, answer.tokens.count - 1)))
                let completion = JSONValue.object([
                    "id": .string(id), "object": .string("chat.completion"), "created": .number(1_767_225_600),
                    "model": .string(model),
                    "choices": .array([.object([
                        "index": .number(0),
                        "message": .object(["role": .string("assistant"), "content": .string(answer.text), "refusal": .null]),
                        "logprobs": .null, "finish_reason": .string(answer.finishReason),
                    ])]),
                    "usage": usage,
                ])
                try await sendJSON(completion, status: .ok, outbound: outbound)
                return
            }
            try await streamAnswer(answer, id: id, model: model, usage: includeUsage ? usage : nil, started: started, outbound: outbound)
        }
    }

    static func streamAnswer(
        _ answer: SimulatedAnswer, id: String, model: String, usage: JSONValue?, started: ContinuousClock.Instant,
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "text/event-stream; charset=utf-8")
        headers.add(name: "cache-control", value: "no-cache")
        headers.add(name: "x-request-id", value: id)
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
        func chunk(delta: JSONValue, finish: String?) -> String {
            let object = JSONValue.object([
                "id": .string(id), "object": .string("chat.completion.chunk"), "created": .number(1_767_225_600),
                "model": .string(model),
                "choices": .array([.object(["index": .number(0), "delta": delta, "finish_reason": finish.map(JSONValue.string) ?? .null])]),
                "usage": .null,
            ])
            return "data: \(object.compactJSON)\n\n"
        }
        let immediate = answer.ttftMs == 0 && answer.interTokenMs == 0
        var pending = chunk(delta: .object(["role": .string("assistant"), "content": .string("")]), finish: nil)
        if !immediate {
            try await outbound.write(.body(.byteBuffer(ByteBuffer(string: pending))))
            pending = ""
        }
        for (i, token) in answer.tokens.enumerated() {
            if let cut = answer.cutAfter, i == cut {
                if !pending.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(string: pending)))) }
                throw StreamCut()
            }
            pending += chunk(delta: .object(["content": .string(token)]), finish: nil)
            if !immediate {
                try await sleep(until: started, plusMs: answer.ttftMs + answer.interTokenMs * Double(i))
                try await outbound.write(.body(.byteBuffer(ByteBuffer(string: pending))))
                pending = ""
            }
        }
        pending += chunk(delta: .object([:]), finish: answer.finishReason)
        if let usage {
            let object = JSONValue.object([
                "id": .string(id), "object": .string("chat.completion.chunk"), "created": .number(1_767_225_600),
                "model": .string(model), "choices": .array([]), "usage": usage,
            ])
            pending += "data: \(object.compactJSON)\n\n"
        }
        pending += "data: [DONE]\n\n"
        try await outbound.write(.body(.byteBuffer(ByteBuffer(string: pending))))
        try await outbound.write(.end(nil))
    }

    struct StreamCut: Error {}

    static func sleep(until start: ContinuousClock.Instant, plusMs ms: Double) async throws {
        guard ms > 0 else { return }
        try await Task.sleep(until: start + .microseconds(Int64(ms * 1000)), clock: .continuous)
    }

    static func sendJSON(
        _ value: JSONValue, status: HTTPResponseStatus, headers extra: HTTPHeaders = HTTPHeaders(),
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        let body = ByteBuffer(string: value.compactJSON)
        var headers = extra
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(body.readableBytes))
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
        try await outbound.write(.body(.byteBuffer(body)))
        try await outbound.write(.end(nil))
    }

    static func sendError(
        status: HTTPResponseStatus, type: String, message: String, headers: HTTPHeaders = HTTPHeaders(),
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        let error = JSONValue.object([
            "error": .object(["message": .string(message), "type": .string(type), "param": .null, "code": .string(type)])
        ])
        try await sendJSON(error, status: status, headers: headers, outbound: outbound)
    }
}

/// Counts how often each exact request was seen, so that a retried request gets a fresh draw.
actor AttemptCounter {
    var seen: [UInt64: Int] = [:]

    func next(_ key: UInt64) -> Int {
        let n = seen[key, default: 0]
        seen[key] = n + 1
        return n
    }
}

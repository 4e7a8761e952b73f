import AssayCore
import NIOCore
import NIOHTTP1
import NIOPosix
import AssayStatistics

/// The simulated fleet on one loopback HTTP port, speaking every provider's wire format at that
/// provider's own paths (OpenAI and Hugging Face `/v1/chat/completions`, Anthropic `/v1/messages`,
/// Gemini `/v1beta/models/{model}:generateContent` and `:streamGenerateContent?alt=sse`, Cohere
/// `/v2/chat`, Ollama `/api/chat`), so that an official SDK pointed at it works.
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
        let parts = head.uri.split(separator: "?", maxSplits: 1)
        let path = parts.first.map(String.init) ?? head.uri
        let query = parts.count > 1 ? String(parts[1]) : ""
        if head.method == .GET && (path == "/v1/models" || path == "/api/tags") {
            let models = fleet.profiles.keys.sorted().map { JSONValue.object(["id": .string($0), "object": .string("model"), "owned_by": .string("assay-simulator")]) }
            try await sendJSON(JSONValue.object(["object": .string("list"), "data": .array(models)]).compactJSON, status: .ok, outbound: outbound)
            return
        }
        guard let wire = SimulatedWires.wire(method: head.method.rawValue, path: path) else {
            let error = JSONValue.object(["error": .object(["message": .string("Unknown path \(head.method) \(path)"), "type": .string("invalid_request_error")])])
            try await sendJSON(error.compactJSON, status: .notFound, outbound: outbound)
            return
        }
        let headers = head.headers.map { (name: $0.name, value: $0.value) }
        // Any key is accepted, except one that says it is invalid: that is how tests reach the
        // authentication path (401, never retried, later calls fail fast).
        let credentialHeaders = ["authorization", "x-api-key", "x-goog-api-key"]
        if let rejected = headers.first(where: { credentialHeaders.contains($0.name.lowercased()) && $0.value.contains("invalid-key") }) {
            // The key is echoed, as some providers do, so that tests can see the client keep it out of
            // everything it writes.
            let key = rejected.value.hasPrefix("Bearer ") ? String(rejected.value.dropFirst(7)) : rejected.value
            try await sendJSON(
                wire.errorBody(status: 401, type: "authentication_error", message: "Invalid API key provided: \(key) (simulated)."),
                status: .unauthorized, outbound: outbound)
            return
        }
        switch wire.parse(method: head.method.rawValue, path: path, query: query, headers: headers, body: body) {
        case .failure(let error):
            try await sendJSON(wire.errorBody(status: error.status, type: error.type, message: error.message), status: HTTPResponseStatus(statusCode: error.status), outbound: outbound)
        case .success(let request):
            try await answer(request, wire: wire, body: body, path: path, outbound: outbound, fleet: fleet, counter: counter)
        }
    }

    static func answer(
        _ request: SimulatedRequest, wire: any SimulatedWire, body: String, path: String,
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, fleet: SimulatedFleet, counter: AttemptCounter
    ) async throws {
        let attempt = await counter.next(StableHash.of(wire.name, path, body))
        let started = ContinuousClock.now
        switch fleet.reply(
            model: request.model, system: request.system, user: request.user, maxTokens: request.maxTokens,
            jsonMode: request.jsonMode, requestSeed: request.seed, attempt: attempt, tools: request.tools, toolTurns: request.toolTurns)
        {
        case .failure(let status, let type, let message, let retryAfterMs):
            var headers = HTTPHeaders()
            if let ms = retryAfterMs {
                headers.add(name: "retry-after-ms", value: String(ms))
                headers.add(name: "retry-after", value: String(Int((Double(ms) / 1000).rounded(.up))))
            }
            try await sendJSON(wire.errorBody(status: status, type: type, message: message), status: HTTPResponseStatus(statusCode: status), headers: headers, outbound: outbound)
        case .answer(let answer):
            let id = "sim\(StableHash.hex(StableHash.of(body, String(attempt))).prefix(16))"
            if !request.stream {
                try await sleep(until: started, plusMs: answer.ttftMs + answer.interTokenMs * Double(max(0, answer.tokens.count - 1)))
                try await sendJSON(wire.completeBody(answer, request: request, id: id), status: .ok, outbound: outbound)
                return
            }
            try await stream(answer, request: request, wire: wire, id: id, started: started, outbound: outbound)
        }
    }

    static func stream(
        _ answer: SimulatedAnswer, request: SimulatedRequest, wire: any SimulatedWire, id: String, started: ContinuousClock.Instant,
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: wire.streamContentType)
        headers.add(name: "cache-control", value: "no-cache")
        headers.add(name: "x-request-id", value: id)
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
        let immediate = answer.ttftMs == 0 && answer.interTokenMs == 0
        var pending = wire.streamStart(answer, request: request, id: id)
        func flush() async throws {
            if !pending.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(string: pending)))) }
            pending = ""
        }
        if !immediate { try await flush() }
        for (i, token) in answer.tokens.enumerated() {
            if let cut = answer.cutAfter, i == cut {
                try await flush()
                throw StreamCut()
            }
            if let bad = answer.malformedAfter, i == bad {
                pending += wire.streamContentType.contains("ndjson") ? "{\"message\": {\"content\": \n" : "data: {\"choices\": [{\"delta\": \n\n"
            }
            pending += wire.streamToken(token, index: i, request: request, id: id)
            if !immediate {
                try await sleep(until: started, plusMs: answer.ttftMs + answer.interTokenMs * Double(i))
                try await flush()
            }
        }
        // Tool calls come after the text, and take their time to first token like text does: a call-only
        // answer is not faster than a written one.
        let calls = wire.streamToolCalls(answer, request: request, id: id)
        if !calls.isEmpty, !immediate {
            try await flush()
            try await sleep(until: started, plusMs: answer.ttftMs + answer.interTokenMs * Double(answer.tokens.count))
        }
        pending += calls
        pending += wire.streamEnd(answer, request: request, id: id)
        try await flush()
        try await outbound.write(.end(nil))
    }

    struct StreamCut: Error {}

    static func sleep(until start: ContinuousClock.Instant, plusMs ms: Double) async throws {
        guard ms > 0 else { return }
        try await Task.sleep(until: start + .microseconds(Int64(ms * 1000)), clock: .continuous)
    }

    static func sendJSON(
        _ body: String, status: HTTPResponseStatus, headers extra: HTTPHeaders = HTTPHeaders(),
        outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        let buffer = ByteBuffer(string: body)
        var headers = extra
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(buffer.readableBytes))
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
        try await outbound.write(.body(.byteBuffer(buffer)))
        try await outbound.write(.end(nil))
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

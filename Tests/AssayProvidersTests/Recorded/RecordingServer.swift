import NIOCore
import NIOHTTP1
import NIOPosix

/// A loopback HTTP server that answers with recordings. A request's path starts `/r/{recording}/{cuts}/`, and the
/// rest (the provider's own path) is ignored: the recording is sent with its status and headers, its body in the
/// pieces of the cut plan, each flushed on its own, as a server that streams would send them.
enum RecordingServer {
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    /// Ways of cutting a body.
    enum Cuts: String, CaseIterable, Sendable {
        /// In one piece.
        case whole
        /// At the awkward places `RecordingCuts.awkward` finds.
        case awkward
    }

    static func withRunning<T: Sendable>(_ recordings: [Recording], _ body: @Sendable (Int) async throws -> T) async throws -> T {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? 0
        let serving = Task {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { try? await handle(connection, recordings) }
                    }
                }
            }
        }
        let result: Result<T, any Error>
        do {
            result = .success(try await body(port))
        } catch {
            result = .failure(error)
        }
        try? await server.channel.close()
        serving.cancel()
        _ = await serving.result
        return try result.get()
    }

    static func handle(_ connection: Connection, _ recordings: [Recording]) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var uri: String?
            for try await part in inbound {
                switch part {
                case .head(let head): uri = head.uri
                case .body: continue
                case .end:
                    guard let path = uri else { continue }
                    let segments = path.split(separator: "/")
                    guard segments.count >= 3, segments[0] == "r", let index = Int(segments[1]), recordings.indices.contains(index),
                        let cuts = Cuts(rawValue: String(segments[2]))
                    else {
                        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .notFound)))
                        try await outbound.write(.end(nil))
                        continue
                    }
                    let recording = recordings[index]
                    var headers = HTTPHeaders()
                    for (name, value) in recording.headers where !["content-length", "transfer-encoding", "content-encoding"].contains(name.lowercased()) {
                        headers.add(name: name, value: value)
                    }
                    let bytes = Array(recording.body.utf8)
                    headers.replaceOrAdd(name: "content-length", value: String(bytes.count))
                    try await outbound.write(.head(HTTPResponseHead(
                        version: .http1_1, status: HTTPResponseStatus(statusCode: recording.status), headers: headers)))
                    let pieces = cuts == .whole ? [bytes] : RecordingCuts.pieces(bytes, at: RecordingCuts.awkward(bytes))
                    for piece in pieces where !piece.isEmpty {
                        // Each write is flushed by the async writer, so each piece leaves as its own segment.
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: piece))))
                    }
                    try await outbound.write(.end(nil))
                    uri = nil
                }
            }
        }
    }
}

/// Where to cut a recorded body so that a client's buffering is tested where it breaks: inside multi-byte
/// characters, between the two line ends that close an event (and inside a CRLF), and at a stride of odd size.
enum RecordingCuts {
    static func awkward(_ bytes: [UInt8]) -> [Int] {
        var cuts = Set<Int>()
        for i in bytes.indices.dropFirst() {
            let byte = bytes[i]
            let previous = bytes[i - 1]
            if byte & 0xC0 == 0x80 { cuts.insert(i) }  // a UTF-8 continuation byte: the cut splits a character
            if previous == 0x0A && (byte == 0x0A || byte == 0x0D) { cuts.insert(i) }  // between an event's line ends
            if previous == 0x0D && byte == 0x0A { cuts.insert(i) }  // inside a CRLF
            if i % 61 == 0 { cuts.insert(i) }
        }
        return cuts.sorted()
    }

    static func pieces(_ bytes: [UInt8], at cuts: [Int]) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var start = 0
        for cut in cuts where cut > start && cut < bytes.count {
            pieces.append(Array(bytes[start..<cut]))
            start = cut
        }
        pieces.append(Array(bytes[start...]))
        return pieces
    }
}

import AssayCore
import AssayProviders
import AsyncHTTPClient
import Foundation
import Testing

/// Real provider traffic, replayed (Recordings/README.md): what the clients read must be what the recording holds.
/// The simulator's wire formats were written from the same reading of the docs as the clients, so only traffic
/// the providers really sent can show where that reading is wrong.
@Suite struct RecordedTrafficTests {
    /// At least five recordings per provider, each naming where it came from.
    @Test func everyProviderHasItsRecordingsWithTheirSources() {
        for wire in WireFormats.all.map(\.name) {
            let recordings = Recording.all.filter { $0.wire == wire }
            #expect(recordings.count >= 5, "\(wire) has \(recordings.count) recordings")
            #expect(recordings.contains { $0.streamed && $0.expectedError == nil }, "\(wire): no streamed answer")
            #expect(recordings.contains { $0.expectedError != nil }, "\(wire): no error")
        }
        for recording in Recording.all {
            #expect(recording.source.contains("/") && !recording.body.isEmpty, "\(recording.testDescription): no source or body")
            #expect(recording.expect["text"] != nil || recording.expectedError != nil, "\(recording.testDescription): expects nothing")
        }
    }

    /// The decoders, fed the body whole, one byte at a time, at every awkward place at once, and split in two at
    /// each awkward place: every way gives the same events, and they hold what the recording holds.
    @Test(arguments: Recording.all)
    func decodedAsRecorded(_ recording: Recording) throws {
        let format = try #require(WireFormats.format(named: recording.wire))
        if recording.status >= 300 {
            let error = format.classifyError(status: recording.status, body: recording.body, headers: recording.headers)
            #expect(error.kind == recording.expectedError, "\(error)")
            return
        }
        guard recording.streamed else {
            do {
                let response = try format.decodeResponse(recording.body)
                Self.check(response, against: recording)
            } catch {
                #expect(error.kind == recording.expectedError, "\(error)")
            }
            return
        }
        let bytes = Array(recording.body.utf8)
        let awkward = RecordingCuts.awkward(bytes)
        let whole = Self.decode(format, [bytes])
        var cuttings: [(String, [[UInt8]])] = [("byte by byte", bytes.map { [$0] }), ("at every awkward place", RecordingCuts.pieces(bytes, at: awkward))]
        // Split in two at up to 400 of the awkward places, spread over the body.
        let stride = max(1, awkward.count / 400)
        for cut in Swift.stride(from: 0, to: awkward.count, by: stride).map({ awkward[$0] }) {
            cuttings.append(("cut at byte \(cut)", [Array(bytes[..<cut]), Array(bytes[cut...])]))
        }
        for (how, pieces) in cuttings {
            switch (whole, Self.decode(format, pieces)) {
            case (.success(let a), .success(let b)): #expect(a == b, "\(how) changed the events")
            case (.failure(let a), .failure(let b)): #expect(a.kind == b.kind, "\(how) changed the error")
            default: Issue.record("\(how) changed the outcome")
            }
        }
        switch whole {
        case .success(let events):
            #expect(recording.expectedError == nil, "the stream decoded, but the recording holds an error")
            #expect(events.contains(.done) || events.contains { if case .finish = $0 { true } else { false } }, "the stream did not end")
            Self.check(WireResponse(events: events), against: recording)
        case .failure(let error):
            #expect(error.kind == recording.expectedError, "\(error)")
        }
    }

    /// The whole client over HTTP on loopback, the body sent whole and cut at the awkward places.
    @Test(arguments: Recording.all)
    func readOverHTTPAsRecorded(_ recording: Recording) async throws {
        let format = try #require(WireFormats.format(named: recording.wire))
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        var failure: (any Error)?
        do {
            try await Self.replay(recording, format: format, http: http)
        } catch {
            failure = error
        }
        try await http.shutdown()
        if let failure { throw failure }
    }

    static func replay(_ recording: Recording, format: any WireFormat, http: HTTPClient) async throws {
        try await RecordingServer.withRunning([recording]) { port in
            for cuts in RecordingServer.Cuts.allCases {
                let base = "http://127.0.0.1:\(port)/r/0/\(cuts.rawValue)" + Self.basePath(recording.wire)
                let model = ModelSpec(id: "recorded", provider: recording.wire, model: recording.model, baseURL: base)
                let client = WireClient(http: http, format: format, apiKey: "recorded-key", attemptTimeout: .seconds(30))
                let request = ChatRequest(system: "Be brief.", user: "Hello", maxTokens: 64, stream: recording.streamed)
                do {
                    let response = try await client.attempt(request, model: model)
                    #expect(recording.expectedError == nil, "\(cuts): answered, but the recording holds an error")
                    check(
                        text: response.text, toolCalls: response.toolCalls, finish: response.finishReason,
                        usage: response.usage.map(Self.fields), reasoning: nil, against: recording)
                } catch {
                    #expect((error as? CallError)?.kind == recording.expectedError, "\(cuts): \(error)")
                }
            }
        }
    }

    // MARK: - Support

    /// The base URL path each format is configured with, as a catalog would write it.
    static func basePath(_ wire: String) -> String {
        switch wire {
        case "openai", "huggingface": return "/v1"
        case "gemini": return "/v1beta"
        default: return ""
        }
    }

    static func decode(_ format: any WireFormat, _ pieces: [[UInt8]]) -> Result<[WireStreamEvent], CallError> {
        var decoder = format.makeStreamDecoder()
        var events: [WireStreamEvent] = []
        do throws(CallError) {
            for piece in pieces { events += try decoder.feed(piece) }
            events += try decoder.finish()
            return .success(events)
        } catch {
            return .failure(error)
        }
    }

    static func check(_ response: WireResponse, against recording: Recording) {
        check(
            text: response.text, toolCalls: response.toolCalls, finish: response.finishReason,
            usage: response.usage.map(fields), reasoning: response.reasoning, against: recording)
    }

    static func fields(_ u: WireUsage) -> [String: Int] {
        var out = [
            "input": u.inputTokens, "output": u.outputTokens, "cached_input": u.cachedInputTokens,
            "cache_write": u.cacheWriteTokens, "reasoning": u.reasoningTokens,
        ]
        out["billed_input"] = u.billedInputTokens
        out["billed_output"] = u.billedOutputTokens
        return out
    }

    static func fields(_ u: TokenUsage) -> [String: Int] {
        var out = [
            "input": u.inputTokens, "output": u.outputTokens, "cached_input": u.cachedInputTokens,
            "cache_write": u.cacheWriteTokens, "reasoning": u.reasoningTokens,
        ]
        out["billed_input"] = u.billedInputTokens
        out["billed_output"] = u.billedOutputTokens
        return out
    }

    /// Compares what was read with the recording's `expect`; `reasoning` nil is not checked (the client's
    /// `ChatResponse` does not carry it).
    static func check(
        text: String, toolCalls: [ToolCall], finish: String?, usage: [String: Int]?, reasoning: String?,
        against recording: Recording
    ) {
        let expect = recording.expect
        let what = recording.testDescription
        #expect(recording.expectedError == nil, "\(what): read an answer, but the recording holds an error")
        if let expected = expect["text"]?.stringValue { #expect(text == expected, "\(what): text") }
        if let reasoning, let expected = expect["reasoning"]?.stringValue { #expect(reasoning == expected, "\(what): reasoning") }
        if let expected = expect["finish"] { #expect(finish == expected.stringValue, "\(what): finish reason") }
        if let expected = expect["usage"] {
            if expected == .null {
                #expect(usage == nil, "\(what): the recording has no usage")
            } else if let usage {
                for (key, value) in expected.objectValue ?? [:] {
                    #expect(usage[key] == value.numberValue.map { Int($0) }, "\(what): usage \(key)")
                }
            } else {
                Issue.record("\(what): no usage read")
            }
        }
        let expectedCalls = expect["tool_calls"]?.arrayValue ?? []
        #expect(toolCalls.count == expectedCalls.count, "\(what): \(toolCalls.count) tool calls, expected \(expectedCalls.count)")
        for (call, expected) in zip(toolCalls, expectedCalls) {
            #expect(call.name == expected["name"]?.stringValue, "\(what): tool name")
            if let id = expected["id"] { #expect(call.id == id.stringValue, "\(what): tool call id") }
            switch expected["arguments"] {
            case .string(let raw)?: #expect(call.arguments == raw, "\(what): \(call.name) arguments")
            case let object?: #expect(call.parsedArguments == object, "\(what): \(call.name) arguments \(call.arguments)")
            case nil: break
            }
        }
    }
}

import AssayCore
@testable import AssayProviders
import Testing

/// The fast path for Chat Completions chunks must give the events of the full parse for every chunk it takes,
/// and leave every other chunk (other shapes, errors, broken JSON) to it.
@Suite struct OpenAIChunkScannerTests {
    /// The full parse's events, or its error.
    static func parsed(_ data: String) -> Result<[WireStreamEvent], CallError> {
        var handler = OpenAIStreamHandler()
        do throws(CallError) {
            return .success(try handler.handleParsed(SSEEvent(event: nil, data: data)))
        } catch {
            return .failure(error)
        }
    }

    static func fast(_ data: String) -> [WireStreamEvent]? {
        OpenAIChunkScanner.scan(data).map {
            WireStreamEvent.assemble(content: $0.content, finish: OpenAIWire.finishReason($0.finishReason))
        }
    }

    /// Where the fast path answers, its events are the full parse's; a chunk the full parse refuses is never taken.
    static func expectAgreement(_ data: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let fast = fast(data) else { return }
        switch parsed(data) {
        case .success(let events):
            #expect(fast == events, "\(data)", sourceLocation: sourceLocation)
        case .failure(let error):
            Issue.record("the fast path took a chunk the full parse refuses (\(error)): \(data)", sourceLocation: sourceLocation)
        }
    }

    static let typical = [
        #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hello, \"w\u00f6rld\" \ud83d\ude00\n"},"logprobs":null,"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-1","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}"#,
        #"{"id":"chatcmpl-1","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"length"},{"index":1,"delta":{"content":"y"}}]}"#,
        #" { "choices" : [ { "delta" : { "content" : "spaced", "refusal" : null } , "finish_reason" : "content_filter" } ] } "#,
        #"{"choices":[]}"#,
        #"{"choices":null}"#,
        #"{}"#,
    ]

    @Test func typicalChunksTakeTheFastPathWithTheFullParsesEvents() throws {
        for data in Self.typical {
            #expect(Self.fast(data) != nil, "\(data)")
            Self.expectAgreement(data)
        }
        #expect(Self.fast(Self.typical[1]) == [.content("Hello, \"w\u{f6}rld\" \u{1F600}\n")])
        #expect(Self.fast(Self.typical[4]) == [.content("spaced"), .finish("content-filter")])
    }

    /// Whatever the full parse reads beyond text and finish (usage, reasoning, tool calls, errors, Mistral's
    /// list of parts, a repeated member) goes to it.
    @Test func otherShapesGoToTheFullParse() {
        let others = [
            #"{"choices":[{"delta":{"content":"a"}}],"usage":{"prompt_tokens":3,"completion_tokens":1}}"#,
            #"{"choices":[{"delta":{"content":"a"}}],"x_groq":{"usage":{"prompt_tokens":3}}}"#,
            #"{"choices":[{"delta":{"reasoning_content":"think"}}]}"#,
            #"{"choices":[{"delta":{"reasoning":"think"}}]}"#,
            #"{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"c","function":{"name":"f","arguments":""}}]}}]}"#,
            #"{"choices":[{"delta":{"content":[{"type":"text","text":"a"}]}}]}"#,
            #"{"error":{"message":"boom","type":"server_error"}}"#,
            #"{"error":"TGI says no","error_type":"overloaded"}"#,
            #"{"choices":[{"delta":{"content":"a","content":"b"}}]}"#,
            #"{"choices":[{"delta":{"content":"a"}}],"choices":[{"delta":{"content":"b"}}]}"#,
            #"{"choices":[{"delta":{"content":"a"},"delta":{"content":"b"}}]}"#,
            #"{"choices":[{"delta":null}]}"#,
            #"{"choices":[null]}"#,
            #"{"choices":[{"delta":{"content":"a"},"finish_reason":7}]}"#,
            #"{"ch\u006fices":[{"delta":{"content":"a"}}]}"#,
            #"[1,2]"#,
        ]
        for data in others {
            #expect(Self.fast(data) == nil, "\(data)")
        }
    }

    /// Every prefix of the typical chunks, and each with one byte changed to each of the bytes JSON gives
    /// meaning to: the fast path either agrees with the full parse or leaves the chunk to it.
    @Test func brokenAndAlteredChunksNeverDisagree() {
        let specials = Array(#"{}[]":,\ nul0-e"#.utf8) + [0x01, 0xC3]
        for data in Self.typical {
            let bytes = Array(data.utf8)
            for end in 0...bytes.count {
                Self.expectAgreement(String(decoding: bytes[..<end], as: UTF8.self))
            }
            for position in bytes.indices {
                for special in specials where special != bytes[position] {
                    var altered = bytes
                    altered[position] = special
                    Self.expectAgreement(String(decoding: altered, as: UTF8.self))
                }
            }
        }
    }

    /// The recorded OpenAI-format streams (OpenAI, Groq, DashScope, Baseten, Hugging Face): each chunk agrees, and
    /// every chunk of the plain text stream that carries no usage object takes the fast path.
    @Test func recordedChunksAgree() throws {
        for recording in Recording.all where ["openai", "huggingface"].contains(recording.wire) && recording.streamed && recording.status < 300 {
            var sse = SSEDecoder()
            for event in sse.feed(Array(recording.body.utf8)) + sse.finish() where !event.isDoneSentinel && !event.isBlank {
                Self.expectAgreement(event.data)
            }
        }
        let text = try #require(Recording.all.first { $0.name == "stream-text-gpt-4o-mini" })
        var sse = SSEDecoder()
        let chunks = (sse.feed(Array(text.body.utf8)) + sse.finish()).filter { !$0.isDoneSentinel && !$0.data.contains("\"usage\":{") }
        #expect(chunks.count > 20)
        for chunk in chunks { #expect(Self.fast(chunk.data) != nil, "\(chunk.data)") }
    }
}

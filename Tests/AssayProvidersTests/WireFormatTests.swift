import AssayCore
import AssayProviders
import Foundation
import Testing

/// Helpers shared by the wire-format tests.
enum WireTestSupport {
    /// The error a throwing call threw, or nil.
    static func callError<T>(_ body: () throws -> T) -> CallError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? CallError
        }
    }

    /// Decodes a stream fed in the given pieces.
    static func decode(_ format: any WireFormat, pieces: [[UInt8]]) throws(CallError) -> [WireStreamEvent] {
        var decoder = format.makeStreamDecoder()
        var events: [WireStreamEvent] = []
        for piece in pieces { events += try decoder.feed(piece) }
        events += try decoder.finish()
        return events
    }

    /// Decodes a whole stream body, after checking that every way of cutting it gives the same events (or the same
    /// error kind): fed whole, one byte at a time, and split in two at every byte boundary.
    /// With `splits`, the body is split in two at that many places spread over it rather than at every byte.
    static func decodeStream(_ format: any WireFormat, _ text: String, splits: Int? = nil) throws(CallError) -> [WireStreamEvent] {
        let bytes = Array(text.utf8)
        let whole = Result { () throws(CallError) in try decode(format, pieces: [bytes]) }
        var cuttings: [[[UInt8]]] = [bytes.map { [$0] }]
        let step = splits.map { max(1, bytes.count / max(1, $0)) } ?? 1
        for i in stride(from: 0, through: bytes.count, by: step) { cuttings.append([Array(bytes[..<i]), Array(bytes[i...])]) }
        for pieces in cuttings {
            let result = Result { () throws(CallError) in try decode(format, pieces: pieces) }
            switch (whole, result) {
            case (.success(let a), .success(let b)):
                #expect(a == b, "\(format.name): a cut at \(pieces.first?.count ?? 0) bytes changed the events")
            case (.failure(let a), .failure(let b)):
                #expect(a.kind == b.kind, "\(format.name): a cut at \(pieces.first?.count ?? 0) bytes changed the error")
            default:
                Issue.record("\(format.name): a cut at \(pieces.first?.count ?? 0) bytes changed the outcome")
            }
        }
        return try whole.get()
    }

    static func sse(_ events: [String]) -> String {
        events.map { "data: \($0)\n\n" }.joined()
    }

    static let retryHeaders: [(name: String, value: String)] = [("Retry-After-Ms", "1500")]
}

// MARK: - Shared

struct WireSharedTests {
    @Test func registryKnowsTheSixFormats() {
        for name in ["openai", "anthropic", "gemini", "cohere", "huggingface", "ollama"] {
            #expect(WireFormats.format(named: name)?.name == name)
        }
        #expect(WireFormats.format(named: "nope") == nil)
        #expect(WireFormats.all.map(\.name) == ["openai", "anthropic", "gemini", "cohere", "huggingface", "ollama"])
    }

    /// Every request names Assay and its version, as the providers' SDKs name themselves.
    @Test func everyFormatSendsAUserAgent() {
        for wire in WireFormats.all {
            let model = ModelSpec(id: "x", provider: wire.name, model: "m")
            let request = wire.request(for: ChatRequest(user: "hi", maxTokens: 8, stream: true), model: model, apiKey: "k")
            #expect(request.header("user-agent") == "assay/\(AssayVersion.current)", "\(wire.name)")
        }
    }

    /// A Groq stream as recorded (the last chunks of a `gemma2-9b-it` tool-call stream kept in the Vercel AI
    /// SDK's tests, vercel/ai packages/openai-compatible): the usage is only in `x_groq.usage`.
    @Test func groqUsageInXGroqIsRead() throws {
        let stream = WireTestSupport.sse([
            #"{"id":"chatcmpl-e7f8e220-656c-4455-a132-dacfc1370798","object":"chat.completion.chunk","created":1729171479,"model":"gemma2-9b-it","system_fingerprint":"fp_10c08bf97d","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}],"x_groq":{"id":"req_01jadadp0femyae9kav1gpkhe8","usage":{"queue_time":0.061348671,"prompt_tokens":18,"prompt_time":0.000211569,"completion_tokens":439,"completion_time":0.798181818,"total_tokens":457,"total_time":0.798393387}}}"#,
            "[DONE]",
        ])
        let events = try WireTestSupport.decodeStream(OpenAIWire(), stream)
        #expect(events.contains(.usage(WireUsage(inputTokens: 18, outputTokens: 439))), "\(events)")
        #expect(events.contains(.finish("tool-calls")))
        // A response with both keeps the standard one.
        let both = #"{"choices":[{"message":{"content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":13,"completion_tokens":7},"x_groq":{"id":"req_1","usage":{"prompt_tokens":99,"completion_tokens":99}}}"#
        #expect(try OpenAIWire().decodeResponse(both).usage == WireUsage(inputTokens: 13, outputTokens: 7))
    }

    /// Mistral's reasoning models send `content` as a list of typed parts. The streamed chunk is a live
    /// `magistral-medium-latest` chunk quoted in a public Mistral proxy adapter; the whole response a
    /// `magistral-medium-2509` body kept in a public client's tests.
    @Test func listFormContentKeepsTextAndTakesThinkingAsReasoning() throws {
        let stream = WireTestSupport.sse([
            #"{"id":"426a1c8c62704d959621a94c1ff0cffb","object":"chat.completion.chunk","created":1759752086,"model":"magistral-medium-latest","choices":[{"index":0,"delta":{"content":[{"type":"thinking","thinking":[{"type":"text","text":" by 2 is"}]}]},"finish_reason":null}]}"#,
            #"{"id":"426a1c8c62704d959621a94c1ff0cffb","object":"chat.completion.chunk","created":1759752086,"model":"magistral-medium-latest","choices":[{"index":0,"delta":{"content":[{"type":"text","text":"Answer: 4"}]},"finish_reason":"stop"}]}"#,
            "[DONE]",
        ])
        let events = try WireTestSupport.decodeStream(OpenAIWire(), stream)
        #expect(events.contains(.reasoning(" by 2 is")), "\(events)")
        #expect(events.contains(.content("Answer: 4")), "\(events)")
        #expect(!events.contains(.content(" by 2 is")))
        let body = #"{"id":"cmpl-test","created":1700000000,"model":"magistral-medium-2509","usage":{"prompt_tokens":11,"total_tokens":48,"completion_tokens":37},"object":"chat.completion","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","tool_calls":null,"content":[{"type":"thinking","thinking":[{"type":"text","text":"The user wants exactly READY."}],"closed":true},{"type":"text","text":"READY"}]}}]}"#
        let response = try OpenAIWire().decodeResponse(body)
        #expect(response.text == "READY")
        #expect(response.reasoning == "The user wants exactly READY.")
        #expect(response.usage == WireUsage(inputTokens: 11, outputTokens: 37))
    }

    /// Cohere's errors name their type in `error_type` and describe it in prose; the body is one seen live
    /// (cohere.command-a-03-2025, quoted in a public lab report). Classified by the type: not retried.
    @Test func cohereErrorTypeDecidesTheKind() throws {
        let body = #"{"error_type":"INVALID_TOOL_GENERATION","message":"your request resulted in an invalid tool generation. Try updating the messages or tool definitions"}"#
        let error = WireTestSupport.callError { try WireTestSupport.decodeStream(CohereWire(), WireTestSupport.sse([body])) }
        #expect(error?.kind == .invalidRequest, "\(String(describing: error))")
        #expect(error?.message.contains("INVALID_TOOL_GENERATION") == true)
        let transient = #"{"error_type":"NO_VALID_RESPONSE_GENERATED","message":"m"}"#
        #expect(WireTestSupport.callError { try WireTestSupport.decodeStream(CohereWire(), WireTestSupport.sse([transient])) }?.kind == .serverError)
    }

    /// Hugging Face provider bases carry their own version (`…/novita/v3/openai`): used as the OpenAI SDK
    /// uses a base URL. A bare TGI endpoint still gets `/v1`.
    @Test(arguments: [
        ("https://router.huggingface.co/novita/v3/openai", "https://router.huggingface.co/novita/v3/openai/chat/completions"),
        ("https://router.huggingface.co/v1/", "https://router.huggingface.co/v1/chat/completions"),
        ("https://xyz.endpoints.huggingface.cloud", "https://xyz.endpoints.huggingface.cloud/v1/chat/completions"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/v1/chat/completions"),
        ("http://127.0.0.1:8080/tgi/vision", "http://127.0.0.1:8080/tgi/vision/v1/chat/completions"),
    ])
    func huggingFaceBaseURLsAreUsedAsTheOpenAISDKUsesThem(base: String, url: String) {
        let model = ModelSpec(id: "hf", provider: "huggingface", model: "m", baseURL: base)
        #expect(HuggingFaceWire().request(for: ChatRequest(user: "hi"), model: model, apiKey: "k").url == url)
    }

    @Test func retryAfterReadsMillisecondsSecondsAndDates() throws {
        #expect(WireErrorClassifier.retryAfter([("retry-after-ms", "250"), ("retry-after", "9")]) == 0.25)
        #expect(WireErrorClassifier.retryAfter([("Retry-After", "3")]) == 3)
        #expect(WireErrorClassifier.retryAfter([("x-other", "3")]) == nil)
        let now = try #require(ISO8601DateFormatter().date(from: "2015-10-21T07:28:00Z"))
        #expect(WireErrorClassifier.retryAfter([("retry-after", "Wed, 21 Oct 2015 07:28:30 GMT")], now: now) == 30)
    }

    @Test func tokenUsagePricesBilledUnitsWhenPresent() {
        let anthropic = WireUsage(
            inputTokens: 117, outputTokens: 4, cachedInputTokens: 100, cacheWriteTokens: 3, reasoningTokens: 2)
        #expect(anthropic.tokenUsage == TokenUsage(
            inputTokens: 117, outputTokens: 4, cachedInputTokens: 100, reasoningTokens: 2, cacheWriteTokens: 3))
        let cohere = WireUsage(inputTokens: 71, outputTokens: 1, billedInputTokens: 5, billedOutputTokens: 1)
        #expect(cohere.tokenUsage == TokenUsage(inputTokens: 71, outputTokens: 1, billedInputTokens: 5, billedOutputTokens: 1))
        #expect(Price(input: 1_000_000, output: 2_000_000).cost(of: cohere.tokenUsage) == 5 + 2, "billed units are what is priced")
    }

    /// Cohere's usage with cached tokens, as a live command-a call reported it (issue 13: tokens.input_tokens 2935,
    /// billed_units.input_tokens 2406, cached_tokens 2928). The cached tokens count within the raw prompt, which
    /// includes Cohere's template; the billed units leave the template out and have no cache rate. Priced before as
    /// 2406 cache reads (the cached count clamped to the billed input), all input went at the cache rate.
    @Test func cohereCachedTokensDoNotDiscountTheBilledUnits() {
        let usage = WireUsage(
            inputTokens: 2935, outputTokens: 52, cachedInputTokens: 2928, billedInputTokens: 2406, billedOutputTokens: 50
        ).tokenUsage
        #expect(usage.inputTokens == 2935 && usage.cachedInputTokens == 2928, "the raw counts are kept as reported")
        #expect(usage.billedInputTokens == 2406 && usage.billedOutputTokens == 50)
        let price = Price(input: 2.5, output: 10, cachedInput: 0.25)
        let expected = (2406 * 2.5 + 50 * 10) / 1_000_000
        #expect(abs(price.cost(of: usage) - expected) < 1e-15, "billed input at the input rate, billed output at the output rate")
    }

    @Test func eventsFoldIntoAResponse() {
        let usage = WireUsage(inputTokens: 3, outputTokens: 2)
        let response = WireResponse(events: [
            .started, .reasoning("hm"), .content("Hel"), .content("lo"), .finish("stop"), .usage(WireUsage()), .usage(usage),
            .done,
        ])
        #expect(response == WireResponse(text: "Hello", finishReason: "stop", usage: usage, reasoning: "hm"))
    }

    @Test func lineSplitterHandlesEveryLineEnd() {
        var splitter = NDJSONLineSplitter()
        var lines = splitter.feed(Array("a\nb\r\nc\rd".utf8))
        lines += splitter.finish()
        #expect(lines.map { String(decoding: $0, as: UTF8.self) } == ["a", "b", "c", "d"])
    }
}

// MARK: - OpenAI (§1)

struct OpenAIWireFormatTests {
    let wire = OpenAIWire()
    let model = ModelSpec(id: "openai/gpt-5.4-mini", provider: "openai", model: "gpt-5.4-mini", apiKeyEnv: "OPENAI_API_KEY")

    @Test func requestMatchesTheReference() {
        let chat = ChatRequest(
            system: "You are terse.", user: "Name a prime.", maxTokens: 64, temperature: 0, jsonMode: true, stop: ["\n\n"],
            seed: 42)
        let request = wire.request(for: chat, model: model, apiKey: "sk-test")
        #expect(request.method == "POST")
        #expect(request.url == "https://api.openai.com/v1/chat/completions")
        #expect(request.header("authorization") == "Bearer sk-test")
        #expect(request.header("content-type") == "application/json")
        let body = request.body
        #expect(body["model"] == "gpt-5.4-mini")
        #expect(body["messages"] == [["role": "system", "content": "You are terse."], ["role": "user", "content": "Name a prime."]])
        #expect(body["max_completion_tokens"] == 64)
        #expect(body["max_tokens"] == nil)
        #expect(body["temperature"] == 0)
        #expect(body["stop"] == ["\n\n"])
        #expect(body["seed"] == 42)
        #expect(body["response_format"] == ["type": "json_object"])
        #expect(body["stream"] == true)
        #expect(body["stream_options"] == ["include_usage": true])
    }

    @Test func compatibleServersGetMaxTokensAndNoTemperatureWhenUnsupported() {
        var compatible = model
        compatible.baseURL = "http://127.0.0.1:8000/v1/"
        compatible.supportsTemperature = false
        let request = wire.request(for: ChatRequest(user: "hi", maxTokens: 10, temperature: 0.7, stream: false), model: compatible, apiKey: nil)
        #expect(request.url == "http://127.0.0.1:8000/v1/chat/completions")
        #expect(request.header("authorization") == nil)
        #expect(request.body["max_tokens"] == 10)
        #expect(request.body["temperature"] == nil)
        #expect(request.body["stream"] == nil)
        #expect(request.body["stream_options"] == nil)
        #expect(request.body["response_format"] == nil)
        #expect(request.body["seed"] == nil)
        #expect(request.body["stop"] == nil)
        #expect(request.body["messages"]?.arrayValue?.count == 1)
    }

    static let completion = #"""
        {"id":"chatcmpl-abc","object":"chat.completion","created":1767225600,"model":"gpt-5.4-mini-2026-xx-xx",
         "choices":[{"index":0,"message":{"role":"assistant","content":"7","refusal":null},"logprobs":null,"finish_reason":"REASON"}],
         "usage":{"prompt_tokens":21,"completion_tokens":12,"total_tokens":33,
                  "prompt_tokens_details":{"cached_tokens":8,"cache_write_tokens":4,"audio_tokens":0},
                  "completion_tokens_details":{"reasoning_tokens":10,"audio_tokens":0}},
         "service_tier":"default","system_fingerprint":"fp_x"}
        """#

    @Test(arguments: [
        ("stop", "stop"), ("length", "length"), ("content_filter", "content-filter"), ("tool_calls", "tool-calls"),
        ("function_call", "tool-calls"), ("something_new", "something_new"),
    ])
    func decodesACompletion(raw: String, normalised: String) throws {
        let response = try wire.decodeResponse(Self.completion.replacingOccurrences(of: "REASON", with: raw))
        #expect(response.text == "7")
        #expect(response.finishReason == normalised)
        #expect(response.usage == WireUsage(
            inputTokens: 21, outputTokens: 12, cachedInputTokens: 8, cacheWriteTokens: 4, reasoningTokens: 10))
    }

    @Test func errorsInA200BodyAndMalformedBodiesThrow() {
        let error = WireTestSupport.callError {
            try wire.decodeResponse(#"{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}"#)
        }
        #expect(error?.kind == .rateLimited)
        #expect(WireTestSupport.callError { try wire.decodeResponse("{not json") }?.kind == .malformedResponse)
        #expect(WireTestSupport.callError { try wire.decodeResponse(#"{"choices":[]}"#) }?.kind == .malformedResponse)
    }

    static let stream = WireTestSupport.sse([
        #"{"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1767225600,"model":"gpt-5.4-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null,"obfuscation":"x1"}"#,
        #"{"id":"chatcmpl-abc","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Sev"},"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-abc","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"en ✓"},"finish_reason":null}],"usage":null}"#,
        #"{"id":"chatcmpl-abc","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"length"}],"usage":null}"#,
        #"{"id":"chatcmpl-abc","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":21,"completion_tokens":2,"total_tokens":23,"prompt_tokens_details":{"cached_tokens":5},"completion_tokens_details":{"reasoning_tokens":1}}}"#,
        "[DONE]",
    ])

    @Test func decodesAStreamCutAnywhere() throws {
        let events = try WireTestSupport.decodeStream(wire, Self.stream)
        let usage = WireUsage(inputTokens: 21, outputTokens: 2, cachedInputTokens: 5, reasoningTokens: 1)
        #expect(events == [.started, .content("Sev"), .content("en ✓"), .finish("length"), .started, .usage(usage), .done])
    }

    @Test func eventsAfterDoneAreIgnored() throws {
        let events = try WireTestSupport.decodeStream(wire, Self.stream + "data: {not json}\n\n")
        #expect(events.last == .done)
    }

    @Test(arguments: [
        (#"{"error":{"message":"overloaded","type":"server_error"}}"#, ErrorKind.serverError),
        (#"{"error":{"message":"slow","type":"requests","code":"rate_limit_exceeded"}}"#, .rateLimited),
        (#"{"error":{"message":"no credit","type":"insufficient_quota"}}"#, .quotaExhausted),
        (#"{"choices":[{"delta":{"content":"x"}}"#, .malformedResponse),
    ])
    func errorEventsInsideAStreamThrow(chunk: String, kind: ErrorKind) {
        let text = WireTestSupport.sse([#"{"choices":[{"index":0,"delta":{"content":"a"}}]}"#, chunk, "[DONE]"])
        #expect(WireTestSupport.callError { try WireTestSupport.decodeStream(wire, text) }?.kind == kind)
    }

    @Test(arguments: [
        (429, #"{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}"#, ErrorKind.rateLimited),
        (429, #"{"error":{"message":"no credit","type":"insufficient_quota","code":"insufficient_quota"}}"#, .quotaExhausted),
        (429, #"{"error":{"message":"no credit","type":"requests","code":"credit_balance_exhausted"}}"#, .quotaExhausted),
        (401, #"{"error":{"message":"bad key","type":"invalid_request_error"}}"#, .authentication),
        (403, #"{"error":{"message":"region","type":"invalid_request_error"}}"#, .authentication),
        (400, #"{"error":{"message":"temperature unsupported","param":"temperature"}}"#, .invalidRequest),
        (404, #"{"error":{"message":"no such model"}}"#, .invalidRequest),
        (422, "", .invalidRequest),
        (408, "", .timeout),
        (500, #"{"error":{"message":"boom","type":"server_error"}}"#, .serverError),
        (503, "<html>bad gateway</html>", .serverError),
        (529, "", .overloaded),
    ])
    func classifiesHTTPErrors(status: Int, body: String, kind: ErrorKind) {
        let error = wire.classifyError(status: status, body: body, headers: WireTestSupport.retryHeaders)
        #expect(error.kind == kind)
        #expect(error.status == status)
        #expect(error.retryAfter == 1.5)
        #expect(!error.message.isEmpty)
    }
}

// MARK: - Anthropic (§2)

struct AnthropicWireFormatTests {
    let wire = AnthropicWire()
    let model = ModelSpec(id: "anthropic/claude-sonnet-4-6", provider: "anthropic", model: "claude-sonnet-4-6")
    let chat = ChatRequest(
        system: "You are terse.", user: "Name a prime.", maxTokens: 64, temperature: 0, stop: ["\n\n"], seed: 42)

    @Test func requestMatchesTheReference() {
        let request = wire.request(for: chat, model: model, apiKey: "sk-ant")
        #expect(request.url == "https://api.anthropic.com/v1/messages")
        #expect(request.header("x-api-key") == "sk-ant")
        #expect(request.header("anthropic-version") == "2023-06-01")
        #expect(request.header("authorization") == nil)
        let body = request.body
        #expect(body["model"] == "claude-sonnet-4-6")
        #expect(body["max_tokens"] == 64)
        #expect(body["system"] == "You are terse.")
        #expect(body["messages"] == [["role": "user", "content": "Name a prime."]])
        #expect(body["stop_sequences"] == ["\n\n"])
        #expect(body["temperature"] == 0)
        #expect(body["seed"] == nil)
        #expect(body["stream"] == true)
        #expect(body["response_format"] == nil)
    }

    @Test func versionIsConfigurablePerModelAndTheNewVersionUsesBearerWithoutSampling() {
        #expect(AnthropicWire.defaultVersion == "2023-06-01")
        let wire = AnthropicWire(versionOverrides: ["anthropic/claude-sonnet-4-6": "2026-10-21"])
        #expect(wire.version == "2023-06-01")
        let request = wire.request(for: chat, model: model, apiKey: "sk-ant")
        #expect(request.header("anthropic-version") == "2026-10-21")
        #expect(request.header("authorization") == "Bearer sk-ant")
        #expect(request.header("x-api-key") == nil)
        #expect(request.body["temperature"] == nil)
        var other = model
        other.id = "anthropic/other"
        other.model = "claude-haiku-4-5"
        #expect(wire.request(for: chat, model: other, apiKey: "k").header("anthropic-version") == "2023-06-01")
        let byName = AnthropicWire(version: "2023-06-01", versionOverrides: ["claude-haiku-4-5": "2026-10-21"])
        #expect(byName.version(for: other) == "2026-10-21")
    }

    @Test func temperatureIsOmittedWhenUnsupportedAndJSONModeIsAnInstruction() {
        var noTemperature = model
        noTemperature.supportsTemperature = false
        var json = chat
        json.jsonMode = true
        json.stream = false
        let request = wire.request(for: json, model: noTemperature, apiKey: nil)
        #expect(request.body["temperature"] == nil)
        #expect(request.body["stream"] == nil)
        #expect(request.header("x-api-key") == nil)
        #expect(request.body["system"] == .string("You are terse.\n\n" + AnthropicWire.jsonInstruction))
        json.system = nil
        #expect(wire.request(for: json, model: model, apiKey: nil).body["system"] == .string(AnthropicWire.jsonInstruction))
    }

    static let message = #"""
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-6",
         "content":[{"type":"thinking","thinking":"Small primes...","signature":"x"},{"type":"text","text":"7"},{"type":"text","text":" is prime."}],
         "stop_reason":"REASON","stop_sequence":null,
         "usage":{"input_tokens":14,"output_tokens":40,"cache_creation_input_tokens":3,"cache_read_input_tokens":100,
                  "cache_creation":{"ephemeral_5m_input_tokens":3,"ephemeral_1h_input_tokens":0},
                  "output_tokens_details":{"thinking_tokens":30},"service_tier":"standard"}}
        """#

    @Test(arguments: [
        ("end_turn", "stop"), ("stop_sequence", "stop"), ("max_tokens", "length"), ("tool_use", "tool-calls"),
        ("refusal", "content-filter"), ("model_context_window_exceeded", "length"), ("pause_turn", "pause_turn"),
    ])
    func decodesAMessageWithCacheAndThinkingUsage(raw: String, normalised: String) throws {
        let response = try wire.decodeResponse(Self.message.replacingOccurrences(of: "REASON", with: raw))
        #expect(response.text == "7 is prime.")
        #expect(response.reasoning == "Small primes...")
        #expect(response.finishReason == normalised)
        // input_tokens excludes the cache: the total prompt is 14 + 100 + 3.
        #expect(response.usage == WireUsage(
            inputTokens: 117, outputTokens: 40, cachedInputTokens: 100, cacheWriteTokens: 3, reasoningTokens: 30))
    }

    @Test func errorsInA200BodyThrow() {
        let body = #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}"#
        #expect(WireTestSupport.callError { try wire.decodeResponse(body) }?.kind == .overloaded)
        #expect(WireTestSupport.callError { try wire.decodeResponse("[") }?.kind == .malformedResponse)
    }

    static func named(_ events: [(String, String)]) -> String {
        events.map { "event: \($0.0)\ndata: \($0.1)\n\n" }.joined()
    }

    static let stream = named([
        ("message_start", #"{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":14,"output_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":100}}}"#),
        ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Hmm."}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"abc"}}"#),
        ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
        ("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#),
        ("ping", #"{"type":"ping"}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"7 — "}}"#),
        ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"prime"}}"#),
        ("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
        ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":4,"output_tokens_details":{"thinking_tokens":2}}}"#),
        ("message_stop", #"{"type":"message_stop"}"#),
    ])

    @Test func decodesAStreamCutAnywhereAndMergesUsage() throws {
        let events = try WireTestSupport.decodeStream(wire, Self.stream)
        let start = WireUsage(inputTokens: 114, outputTokens: 1, cachedInputTokens: 100)
        let end = WireUsage(inputTokens: 114, outputTokens: 4, cachedInputTokens: 100, reasoningTokens: 2)
        #expect(events == [
            .started, .usage(start), .started, .reasoning("Hmm."), .started, .started, .started, .started,
            .content("7 — "), .content("prime"), .started, .finish("length"), .usage(end), .done,
        ])
        #expect(WireResponse(events: events) == WireResponse(text: "7 — prime", finishReason: "length", usage: end, reasoning: "Hmm."))
    }

    @Test func cumulativeDeltaInputOverridesTheStart() throws {
        let text = Self.named([
            ("message_start", #"{"type":"message_start","message":{"usage":{"input_tokens":0,"output_tokens":1}}}"#),
            ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"input_tokens":20,"output_tokens":3,"cache_creation_input_tokens":5}}"#),
            ("message_stop", #"{"type":"message_stop"}"#),
        ])
        let response = WireResponse(events: try WireTestSupport.decodeStream(wire, text))
        #expect(response.usage == WireUsage(inputTokens: 25, outputTokens: 3, cacheWriteTokens: 5))
        #expect(response.finishReason == "stop")
    }

    @Test(arguments: [
        ("overloaded_error", ErrorKind.overloaded), ("rate_limit_error", .rateLimited), ("api_error", .serverError),
        ("billing_error", .quotaExhausted), ("timeout_error", .timeout),
    ])
    func errorEventsInsideA200StreamThrow(type: String, kind: ErrorKind) {
        let text = Self.named([
            ("message_start", #"{"type":"message_start","message":{"usage":{"input_tokens":3,"output_tokens":1}}}"#),
            ("error", #"{"type":"error","error":{"type":"\#(type)","message":"Overloaded"}}"#),
        ])
        #expect(WireTestSupport.callError { try WireTestSupport.decodeStream(wire, text) }?.kind == kind)
    }

    @Test(arguments: [
        (529, #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#, ErrorKind.overloaded),
        (529, "", .overloaded),
        (429, #"{"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}}"#, .rateLimited),
        (429, #"{"type":"error","error":{"type":"rate_limit_error","message":"You have reached your specified API usage limits","details":{"error_code":"enforced_spend_limit_reached"}}}"#, .quotaExhausted),
        (400, #"{"type":"error","error":{"type":"billing_error","message":"credit balance too low"}}"#, .quotaExhausted),
        (400, #"{"type":"error","error":{"type":"invalid_request_error","message":"temperature is deprecated for this model"}}"#, .invalidRequest),
        (401, #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#, .authentication),
        (403, #"{"type":"error","error":{"type":"permission_error","message":"no"}}"#, .authentication),
        (404, #"{"type":"error","error":{"type":"not_found_error","message":"model: x"}}"#, .invalidRequest),
        (413, #"{"type":"error","error":{"type":"request_too_large","message":"too big"}}"#, .invalidRequest),
        (500, #"{"type":"error","error":{"type":"api_error","message":"Internal server error"}}"#, .serverError),
        (504, "", .timeout),
        (408, "", .timeout),
    ])
    func classifiesHTTPErrors(status: Int, body: String, kind: ErrorKind) {
        let error = wire.classifyError(status: status, body: body, headers: [("retry-after", "7")])
        #expect(error.kind == kind)
        #expect(error.status == status)
        #expect(error.retryAfter == 7)
    }
}

// MARK: - Gemini (§3)

struct GeminiWireFormatTests {
    let wire = GeminiWire()
    let model = ModelSpec(id: "gemini/gemini-3.5-flash", provider: "gemini", model: "gemini-3.5-flash")

    @Test func requestMatchesTheReference() {
        let chat = ChatRequest(
            system: "You are terse.", user: "Name a prime.", maxTokens: 64, temperature: 0, jsonMode: true, stop: ["\n\n"],
            seed: 42, stream: false)
        let request = wire.request(for: chat, model: model, apiKey: "g-key")
        #expect(request.url == "https://generativelanguage.googleapis.com/v1beta/models/gemini-3.5-flash:generateContent")
        #expect(request.header("x-goog-api-key") == "g-key")
        #expect(request.header("authorization") == nil)
        #expect(!request.url.contains("key="))
        let body = request.body
        #expect(body["contents"] == [["role": "user", "parts": [["text": "Name a prime."]]]])
        #expect(body["systemInstruction"] == ["role": "user", "parts": [["text": "You are terse."]]])
        #expect(body["generationConfig"] == [
            "temperature": 0, "maxOutputTokens": 64, "stopSequences": ["\n\n"], "seed": 42,
            "responseMimeType": "application/json",
        ])
        #expect(body["model"] == nil)
        #expect(body["stream"] == nil)
    }

    @Test func streamingUsesAltSSEAndBaseURLsGetAVersion() {
        var local = model
        local.baseURL = "http://127.0.0.1:8080/"
        local.supportsTemperature = false
        let request = wire.request(for: ChatRequest(user: "U", maxTokens: 5, temperature: 0.5), model: local, apiKey: nil)
        #expect(request.url == "http://127.0.0.1:8080/v1beta/models/gemini-3.5-flash:streamGenerateContent?alt=sse")
        #expect(request.header("x-goog-api-key") == nil)
        #expect(request.body["generationConfig"] == ["maxOutputTokens": 5])
        #expect(request.body["systemInstruction"] == nil)
        local.baseURL = "https://generativelanguage.googleapis.com/v1"
        local.model = "models/gemini-x"
        #expect(wire.request(for: ChatRequest(user: "U", stream: false), model: local, apiKey: nil).url
            == "https://generativelanguage.googleapis.com/v1/models/gemini-x:generateContent")
    }

    static let response = #"""
        {"candidates":[{"content":{"role":"model","parts":[{"text":"Let me think","thought":true},{"text":"7"}]},"finishReason":"REASON","index":0}],
         "usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":1,"thoughtsTokenCount":40,"cachedContentTokenCount":4,
                          "totalTokenCount":50,"promptTokensDetails":[{"modality":"TEXT","tokenCount":9}]},
         "modelVersion":"gemini-3.5-flash","responseId":"r1"}
        """#

    @Test(arguments: [
        ("STOP", "stop"), ("MAX_TOKENS", "length"), ("SAFETY", "content-filter"), ("RECITATION", "content-filter"),
        ("PROHIBITED_CONTENT", "content-filter"), ("OTHER", "OTHER"), ("MALFORMED_FUNCTION_CALL", "MALFORMED_FUNCTION_CALL"),
    ])
    func decodesAResponseWithThoughtsAndCache(raw: String, normalised: String) throws {
        let response = try wire.decodeResponse(Self.response.replacingOccurrences(of: "REASON", with: raw))
        #expect(response.text == "7")
        #expect(response.reasoning == "Let me think")
        #expect(response.finishReason == normalised)
        // Thoughts are billed as output: 1 + 40.
        #expect(response.usage == WireUsage(inputTokens: 9, outputTokens: 41, cachedInputTokens: 4, reasoningTokens: 40))
    }

    @Test func aBlockedPromptAndErrorsInA200Body() throws {
        let blocked = try wire.decodeResponse(#"{"promptFeedback":{"blockReason":"SAFETY"},"usageMetadata":{"promptTokenCount":5,"totalTokenCount":5}}"#)
        #expect(blocked == WireResponse(text: "", finishReason: "content-filter", usage: WireUsage(inputTokens: 5)))
        let error = WireTestSupport.callError {
            try wire.decodeResponse(#"{"error":{"code":429,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED"}}"#)
        }
        #expect(error?.kind == .rateLimited)
        #expect(error?.status == 429)
        #expect(WireTestSupport.callError { try wire.decodeResponse(#"{"candidates":[]}"#) }?.kind == .malformedResponse)
    }

    static let stream =
        #"data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Sev"}]},"index":0}],"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"modelVersion":"gemini-3.5-flash","responseId":"r1"}"#
        + "\r\n\r\n"
        + #"data: {"candidates":[{"content":{"role":"model","parts":[{"text":"en"}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":2,"thoughtsTokenCount":40,"totalTokenCount":51},"modelVersion":"gemini-3.5-flash","responseId":"r1"}"#
        + "\r\n\r\n"

    @Test func decodesAStreamCutAnywhereWithoutAnEndMarker() throws {
        let events = try WireTestSupport.decodeStream(wire, Self.stream)
        let final = WireUsage(inputTokens: 9, outputTokens: 42, reasoningTokens: 40)
        #expect(events == [
            .content("Sev"), .usage(WireUsage(inputTokens: 9)), .content("en"), .finish("stop"), .usage(final),
        ])
        #expect(!events.contains(.done))
    }

    @Test func anErrorObjectSpreadOverLinesInsideTheStreamThrows() {
        let text = #"data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Sev"}]},"index":0}]}"# + "\r\n\r\n"
            + "{\n  \"error\": {\n    \"code\": 503,\n    \"message\": \"The model is overloaded. {Try} later.\",\n"
            + "    \"status\": \"UNAVAILABLE\"\n  }\n}\n"
        let error = WireTestSupport.callError { try WireTestSupport.decodeStream(wire, text) }
        #expect(error?.kind == .overloaded)
        let prefixed = #"data: {"error":{"code":429,"message":"Quota","status":"RESOURCE_EXHAUSTED"}}"# + "\r\n\r\n"
        #expect(WireTestSupport.callError { try WireTestSupport.decodeStream(wire, prefixed) }?.kind == .rateLimited)
        let truncated = "{\n  \"error\": {\n"
        #expect(WireTestSupport.callError { try WireTestSupport.decodeStream(wire, truncated) }?.kind == .malformedResponse)
    }

    @Test(arguments: [
        (400, #"{"error":{"code":400,"message":"Invalid JSON payload","status":"INVALID_ARGUMENT"}}"#, ErrorKind.invalidRequest),
        (400, #"{"error":{"code":400,"message":"API key not valid.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}"#, .authentication),
        (400, #"{"error":{"code":400,"message":"User location is not supported","status":"FAILED_PRECONDITION"}}"#, .invalidRequest),
        (403, #"{"error":{"code":403,"message":"denied","status":"PERMISSION_DENIED"}}"#, .authentication),
        (404, #"{"error":{"code":404,"message":"models/x is not found","status":"NOT_FOUND"}}"#, .invalidRequest),
        (429, #"{"error":{"code":429,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED"}}"#, .rateLimited),
        (429, #"{"error":{"code":429,"message":"quota","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]}]}}"#, .quotaExhausted),
        (500, #"{"error":{"code":500,"message":"internal","status":"INTERNAL"}}"#, .serverError),
        (503, #"{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}"#, .overloaded),
        (504, #"{"error":{"code":504,"message":"deadline","status":"DEADLINE_EXCEEDED"}}"#, .timeout),
        (502, "<html>bad gateway</html>", .serverError),
        (503, "", .overloaded),
    ])
    func classifiesHTTPErrors(status: Int, body: String, kind: ErrorKind) {
        let error = wire.classifyError(status: status, body: body, headers: WireTestSupport.retryHeaders)
        #expect(error.kind == kind)
        #expect(error.status == status)
        #expect(error.retryAfter == 1.5)
    }

    @Test func retryInfoGivesTheWaitWhenThereIsNoHeader() {
        let body = #"{"error":{"code":429,"message":"q","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"13s"}]}}"#
        #expect(wire.classifyError(status: 429, body: body, headers: []).retryAfter == 13)
        #expect(wire.classifyError(status: 429, body: body, headers: [("retry-after", "2")]).retryAfter == 2)
    }
}

// MARK: - Cohere (§4)

struct CohereWireFormatTests {
    let wire = CohereWire()
    let model = ModelSpec(id: "cohere/command-a", provider: "cohere", model: "command-a-03-2025")

    @Test func requestMatchesTheReference() {
        let chat = ChatRequest(
            system: "You are terse.", user: "Name a prime.", maxTokens: 64, temperature: 0, jsonMode: true, stop: ["\n\n"],
            seed: 42, stream: false)
        let request = wire.request(for: chat, model: model, apiKey: "co-key")
        #expect(request.url == "https://api.cohere.com/v2/chat")
        #expect(request.header("authorization") == "Bearer co-key")
        let body = request.body
        #expect(body["model"] == "command-a-03-2025")
        #expect(body["messages"] == [["role": "system", "content": "You are terse."], ["role": "user", "content": "Name a prime."]])
        #expect(body["max_tokens"] == 64)
        #expect(body["temperature"] == 0)
        #expect(body["stop_sequences"] == ["\n\n"])
        #expect(body["seed"] == 42)
        #expect(body["stream"] == false)
        #expect(body["response_format"] == ["type": "json_object"])
    }

    @Test func streamingAndNoTemperature() {
        var cold = model
        cold.supportsTemperature = false
        cold.baseURL = "http://127.0.0.1:9/"
        let request = wire.request(for: ChatRequest(user: "U"), model: cold, apiKey: nil)
        #expect(request.url == "http://127.0.0.1:9/v2/chat")
        #expect(request.body["stream"] == true)
        #expect(request.body["temperature"] == nil)
        #expect(request.body["response_format"] == nil)
        #expect(request.header("authorization") == nil)
    }

    static let response = #"""
        {"id":"c14c80c3-18eb-4519-9460-6c92edd8cfb4","finish_reason":"REASON",
         "message":{"role":"assistant","content":[{"type":"text","text":"7"}]},
         "usage":{"billed_units":{"input_tokens":5,"output_tokens":1},"tokens":{"input_tokens":71.0,"output_tokens":1.0},"cached_tokens":64}}
        """#

    @Test(arguments: [
        ("COMPLETE", "stop"), ("STOP_SEQUENCE", "stop"), ("MAX_TOKENS", "length"), ("TOOL_CALL", "tool-calls"),
        ("ERROR", "ERROR"), ("TIMEOUT", "TIMEOUT"),
    ])
    func decodesAResponseWithBilledUnits(raw: String, normalised: String) throws {
        let response = try wire.decodeResponse(Self.response.replacingOccurrences(of: "REASON", with: raw))
        #expect(response.text == "7")
        #expect(response.finishReason == normalised)
        let usage = WireUsage(inputTokens: 71, outputTokens: 1, cachedInputTokens: 64, billedInputTokens: 5, billedOutputTokens: 1)
        #expect(response.usage == usage)
        #expect(usage.tokenUsage == TokenUsage(
            inputTokens: 71, outputTokens: 1, cachedInputTokens: 64, billedInputTokens: 5, billedOutputTokens: 1))
    }

    @Test func errorsInA200BodyThrow() {
        #expect(WireTestSupport.callError { try wire.decodeResponse(#"{"id":"e","message":"invalid request: bad"}"#) }?.kind == .invalidRequest)
        #expect(WireTestSupport.callError { try wire.decodeResponse("nope") }?.kind == .malformedResponse)
    }

    static let stream = [
        #"{"type":"message-start","id":"c14c80c3","delta":{"message":{"role":"assistant","content":[],"tool_plan":"","tool_calls":[],"citations":[]}}}"#,
        #"{"type":"content-start","index":0,"delta":{"message":{"content":{"type":"text","text":""}}}}"#,
        #"{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"7"}}}}"#,
        #"{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":" — prime"}}}}"#,
        #"{"type":"content-end","index":0}"#,
        #"{"type":"message-end","delta":{"finish_reason":"MAX_TOKENS","usage":{"billed_units":{"input_tokens":5,"output_tokens":2},"tokens":{"input_tokens":71,"output_tokens":2},"cached_tokens":0}}}"#,
    ].map { "event: \(($0.split(separator: "\"")[3]))\ndata: \($0)\n\n" }.joined()

    @Test func decodesAStreamCutAnywhere() throws {
        let events = try WireTestSupport.decodeStream(wire, Self.stream)
        let usage = WireUsage(inputTokens: 71, outputTokens: 2, billedInputTokens: 5, billedOutputTokens: 2)
        #expect(events == [.started, .started, .content("7"), .content(" — prime"), .started, .finish("length"), .usage(usage), .done])
        // A [DONE] after message-end is tolerated.
        #expect(try WireTestSupport.decodeStream(wire, Self.stream + "data: [DONE]\n\n") == events)
    }

    @Test func anErrorAtTheEndOfA200StreamThrows() {
        let text = WireTestSupport.sse([
            #"{"type":"message-start","id":"x"}"#,
            #"{"type":"message-end","delta":{"finish_reason":"ERROR","error":"internal server error"}}"#,
        ])
        #expect(WireTestSupport.callError { try WireTestSupport.decodeStream(wire, text) }?.kind == .serverError)
        let bad = WireTestSupport.sse([#"{"type":"content-delta""#])
        #expect(WireTestSupport.callError { try WireTestSupport.decodeStream(wire, bad) }?.kind == .malformedResponse)
    }

    @Test(arguments: [
        (429, #"{"message":"You are past the per minute request limit, please wait and try again later."}"#, ErrorKind.rateLimited),
        (429, #"{"message":"You are using a Trial key, which is limited to 1000 API calls / month."}"#, .quotaExhausted),
        (401, #"{"message":"invalid api token"}"#, .authentication),
        (498, #"{"message":"invalid token"}"#, .authentication),
        (400, #"{"message":"invalid request"}"#, .invalidRequest),
        (404, "", .invalidRequest),
        (422, "", .invalidRequest),
        (499, "", .connection),
        (500, #"{"message":"internal"}"#, .serverError),
        (503, "", .serverError),
        (504, "", .timeout),
    ])
    func classifiesHTTPErrors(status: Int, body: String, kind: ErrorKind) {
        let error = wire.classifyError(status: status, body: body, headers: WireTestSupport.retryHeaders)
        #expect(error.kind == kind)
        #expect(error.status == status)
        #expect(error.retryAfter == 1.5)
    }
}

// MARK: - Hugging Face (§5)

struct HuggingFaceWireFormatTests {
    let wire = HuggingFaceWire()
    let model = ModelSpec(id: "hf/llama", provider: "huggingface", model: "meta-llama/Llama-3.3-70B-Instruct")

    @Test func requestIsOpenAIShapedWithMaxTokens() {
        let chat = ChatRequest(system: "S", user: "U", maxTokens: 5, temperature: 0, seed: 1, stream: false)
        let request = wire.request(for: chat, model: model, apiKey: "hf_test")
        #expect(request.url == "https://router.huggingface.co/v1/chat/completions")
        #expect(request.header("authorization") == "Bearer hf_test")
        #expect(request.body == [
            "model": "meta-llama/Llama-3.3-70B-Instruct",
            "messages": [["role": "system", "content": "S"], ["role": "user", "content": "U"]],
            "max_tokens": 5, "temperature": 0, "seed": 1, "stream": false,
        ])
        var tgi = model
        tgi.baseURL = "https://abc.endpoints.huggingface.cloud"
        let streamed = wire.request(for: ChatRequest(user: "U"), model: tgi, apiKey: nil)
        #expect(streamed.url == "https://abc.endpoints.huggingface.cloud/v1/chat/completions")
        #expect(streamed.body["stream"] == true)
        #expect(streamed.body["stream_options"] == ["include_usage": true])
        #expect(streamed.body["max_completion_tokens"] == nil)
    }

    @Test func decodesOpenAIShapesAndTGIErrors() throws {
        let body = #"{"choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"length"}],"usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8}}"#
        #expect(try wire.decodeResponse(body) == WireResponse(text: "hi", finishReason: "length", usage: WireUsage(inputTokens: 3, outputTokens: 5)))
        let stream = WireTestSupport.sse([
            #"{"choices":[{"index":0,"delta":{"role":"assistant","content":"a"},"finish_reason":null}]}"#,
            #"{"error":"Input validation error: max_tokens too large","error_type":"validation"}"#,
        ])
        #expect(WireTestSupport.callError { try WireTestSupport.decodeStream(wire, stream) }?.kind == .invalidRequest)
        let overloaded = WireTestSupport.sse([#"{"error":"Model is overloaded","error_type":"overloaded"}"#])
        #expect(WireTestSupport.callError { try WireTestSupport.decodeStream(wire, overloaded) }?.kind == .overloaded)
    }

    @Test(arguments: [
        (429, #"{"error":"Model is overloaded","error_type":"overloaded"}"#, ErrorKind.overloaded),
        (429, #"{"error":{"message":"rate limited","type":"rate_limit"}}"#, .rateLimited),
        (401, #"{"error":"Invalid credentials in Authorization header"}"#, .authentication),
        (422, #"{"error":"Input validation error","error_type":"validation"}"#, .invalidRequest),
        (503, #"{"error":"Model is currently loading","estimated_time":20.0}"#, .serverError),
    ])
    func classifiesHTTPErrors(status: Int, body: String, kind: ErrorKind) {
        let error = wire.classifyError(status: status, body: body, headers: [])
        #expect(error.kind == kind)
        #expect(error.retryAfter == nil)
        #expect(!error.message.hasPrefix("{"))
    }
}

// MARK: - Ollama (§6)

struct OllamaWireFormatTests {
    let wire = OllamaWire()
    let model = ModelSpec(id: "ollama/llama3.2", provider: "ollama", model: "llama3.2")

    @Test func requestMatchesTheReference() {
        let chat = ChatRequest(
            system: "You are terse.", user: "Name a prime.", maxTokens: 64, temperature: 0, jsonMode: true, stop: ["\n\n"],
            seed: 42, stream: false)
        let request = wire.request(for: chat, model: model, apiKey: nil)
        #expect(request.url == "http://localhost:11434/api/chat")
        #expect(request.header("authorization") == nil)
        #expect(request.body == [
            "model": "llama3.2",
            "messages": [["role": "system", "content": "You are terse."], ["role": "user", "content": "Name a prime."]],
            "stream": false, "format": "json",
            "options": ["temperature": 0, "num_predict": 64, "stop": ["\n\n"], "seed": 42],
        ])
    }

    @Test func streamIsExplicitAndTheCloudKeyIsABearer() {
        var cold = model
        cold.supportsTemperature = false
        cold.baseURL = "http://127.0.0.1:8080"
        let request = wire.request(for: ChatRequest(user: "U", maxTokens: 5), model: cold, apiKey: "oll")
        #expect(request.url == "http://127.0.0.1:8080/api/chat")
        #expect(request.header("authorization") == "Bearer oll")
        #expect(request.body["stream"] == true)
        #expect(request.body["options"] == ["num_predict": 5])
        #expect(request.body["format"] == nil)
    }

    static let response = #"""
        {"model":"llama3.2","created_at":"2024-12-06T00:46:58.265747Z","message":{"role":"assistant","content":"7","thinking":"hm"},
         "done":true,"done_reason":"REASON","total_duration":2254970291,"load_duration":574751416,"prompt_eval_count":34,
         "prompt_eval_duration":1502000000,"eval_count":12,"eval_duration":175000000}
        """#

    @Test(arguments: [("stop", "stop"), ("length", "length"), ("unload", "unload")])
    func decodesAResponseWithCountsAndDurations(raw: String, normalised: String) throws {
        let response = try wire.decodeResponse(Self.response.replacingOccurrences(of: "REASON", with: raw))
        #expect(response.text == "7")
        #expect(response.reasoning == "hm")
        #expect(response.finishReason == normalised)
        let timings = WireServerTimings(totalMs: 2254.970291, loadMs: 574.751416, promptEvalMs: 1502, evalMs: 175)
        #expect(response.usage == WireUsage(inputTokens: 34, outputTokens: 12, serverTimings: timings))
    }

    @Test func errorsInA200BodyThrow() {
        #expect(WireTestSupport.callError { try wire.decodeResponse(#"{"error":"model 'x' not found"}"#) }?.kind == .serverError)
        #expect(WireTestSupport.callError { try wire.decodeResponse("{") }?.kind == .malformedResponse)
    }

    static let stream = [
        #"{"model":"llama3.2","created_at":"2023-08-04T08:52:19.385406455-07:00","message":{"role":"assistant","content":"","thinking":"Hm"},"done":false}"#,
        #"{"model":"llama3.2","created_at":"2023-08-04T08:52:19.385406455-07:00","message":{"role":"assistant","content":"Sev"},"done":false}"#,
        #"{"model":"llama3.2","created_at":"2023-08-04T08:52:19.405406455-07:00","message":{"role":"assistant","content":"en ✓"},"done":false}"#,
        #"{"model":"llama3.2","created_at":"2023-08-04T19:22:45.499127Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"length","total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,"prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000}"#,
    ].joined(separator: "\n") + "\n"

    @Test func decodesAStreamCutAnywhere() throws {
        let events = try WireTestSupport.decodeStream(wire, Self.stream)
        let timings = WireServerTimings(totalMs: 4883.583458, loadMs: 1.334875, promptEvalMs: 342.546, evalMs: 4535.599)
        let usage = WireUsage(inputTokens: 26, outputTokens: 282, serverTimings: timings)
        #expect(events == [.reasoning("Hm"), .content("Sev"), .content("en ✓"), .finish("length"), .usage(usage), .done])
        // Without a final line break, the last line is read at the end of the body.
        #expect(try WireTestSupport.decodeStream(wire, String(Self.stream.dropLast())) == events)
    }

    @Test func anErrorLineInsideTheStreamThrows() {
        let text = #"{"model":"llama3.2","message":{"role":"assistant","content":"a"},"done":false}"# + "\n"
            + #"{"error":"an error was encountered while running the model"}"# + "\n"
        #expect(WireTestSupport.callError { try WireTestSupport.decodeStream(wire, text) }?.kind == .serverError)
        #expect(WireTestSupport.callError { try WireTestSupport.decodeStream(wire, "{\"done\":\n") }?.kind == .malformedResponse)
    }

    @Test(arguments: [
        (404, #"{"error":"model \"llama9\" not found, try pulling it first"}"#, ErrorKind.invalidRequest),
        (400, #"{"error":"invalid options"}"#, .invalidRequest),
        (500, #"{"error":"llama runner process has terminated"}"#, .serverError),
        (503, #"{"error":"server busy, please try again.  maximum pending requests exceeded"}"#, .overloaded),
    ])
    func classifiesHTTPErrors(status: Int, body: String, kind: ErrorKind) {
        let error = wire.classifyError(status: status, body: body, headers: [])
        #expect(error.kind == kind)
        #expect(error.status == status)
        #expect(error.retryAfter == nil)
        #expect(!error.message.hasPrefix("{"))
    }
}

// MARK: - Reasoning models and the catalog's request switches

struct ReasoningRequestTests {
    let chat = ChatRequest(system: "Judge strictly.", user: "Grade this.", maxTokens: 4000, temperature: 0, jsonMode: true, stream: false)

    /// On any host (here an Azure OpenAI deployment), a reasoning model gets max_completion_tokens, no temperature,
    /// and its system prompt as a developer message.
    @Test func aReasoningModelIsAskedInItsOwnTerms() throws {
        let model = ModelSpec(
            id: "azure/judge", provider: "openai", model: "my-judge", baseURL: "https://acme.openai.azure.com/openai/v1",
            supportsTemperature: false, reasoning: true, systemRole: "developer", reasoningEffort: "low")
        let body = OpenAIWire().request(for: chat, model: model, apiKey: "k").body
        #expect(body["max_completion_tokens"] == .number(4000))
        #expect(body["max_tokens"] == nil)
        #expect(body["temperature"] == nil)
        #expect(body["reasoning_effort"] == "low")
        #expect(body["response_format"]?["type"] == "json_object")
        let messages = try #require(body["messages"]?.arrayValue)
        #expect(messages.map { $0["role"]?.stringValue } == ["developer", "user"])
    }

    /// A model that takes neither a system nor a developer message gets the system prompt at the head of the user's.
    @Test func theUserRoleFoldsTheSystemPromptIntoTheUserMessage() throws {
        let model = ModelSpec(id: "m", provider: "huggingface", model: "m", systemRole: "user")
        let messages = try #require(HuggingFaceWire().request(for: chat, model: model, apiKey: "k").body["messages"]?.arrayValue)
        #expect(messages.count == 1)
        #expect(messages.first?["role"] == "user")
        #expect(messages.first?["content"] == "Judge strictly.\n\nGrade this.")
    }

    /// The refusals reasoning models give, as OpenAI words them (quoted in several public reports of the 400), name
    /// the switch that fixes them; a refusal of a parameter the catalog does not control (the recorded `stop`) names none.
    @Test func aRefusedParameterNamesTheCatalogSwitch() throws {
        let temperature = #"{"error":{"message":"Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.","type":"invalid_request_error","param":"temperature","code":"unsupported_value"}}"#
        #expect(WireErrorClassifier.catalogHint(status: 400, body: temperature)?.contains("`temperature: false`") == true)
        let maxTokens = #"{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}"#
        #expect(WireErrorClassifier.catalogHint(status: 400, body: maxTokens)?.contains("`reasoning: true`") == true)
        let role = #"{"error":{"message":"Unsupported value: 'messages[0].role' does not support 'system' with this model.","type":"invalid_request_error","param":"messages[0].role","code":"unsupported_value"}}"#
        #expect(WireErrorClassifier.catalogHint(status: 400, body: role)?.contains("`system_role: developer`") == true)
        let anthropic = #"{"type":"error","error":{"type":"invalid_request_error","message":"`temperature` is deprecated for this model."}}"#
        #expect(WireErrorClassifier.catalogHint(status: 400, body: anthropic)?.contains("`temperature: false`") == true)
        let stop = try #require(Recording.all.first { $0.name == "error-400-unsupported-parameter-stop" })
        #expect(WireErrorClassifier.catalogHint(status: stop.status, body: stop.body) == nil)
        #expect(WireErrorClassifier.catalogHint(status: 500, body: temperature) == nil, "only a refused request")
    }
}

/// Tool calls where no recording was found: Ollama streams its calls whole in a line before the last (as its API
/// documentation shows), and an OpenAI-compatible server may send a call's name again with each piece.
struct UnrecordedToolCallTests {
    @Test func ollamaStreamsWholeCalls() throws {
        let stream = """
            {"model":"llama3.2","created_at":"2026-12-04T08:00:00Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}},{"function":{"name":"get_time","arguments":{"tz":"CET"}}}]},"done":false}
            {"model":"llama3.2","created_at":"2026-12-04T08:00:01Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":120,"eval_count":31}

            """
        let response = WireResponse(events: try WireTestSupport.decodeStream(OllamaWire(), stream))
        #expect(response.toolCalls.map(\.name) == ["get_weather", "get_time"])
        #expect(response.toolCalls.first?.parsedArguments == ["city": "Paris"])
        #expect(response.finishReason == "tool-calls", "a stop after a tool call is a tool-call finish")
    }

    @Test func aRepeatedNameIsKeptOnce() throws {
        let stream = WireTestSupport.sse([
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c1","function":{"name":"f","arguments":"{\"a\""}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"f","arguments":":1}"}}]},"finish_reason":"tool_calls"}]}"#,
            "[DONE]",
        ])
        let response = WireResponse(events: try WireTestSupport.decodeStream(OpenAIWire(), stream))
        #expect(response.toolCalls == [ToolCall(id: "c1", name: "f", arguments: #"{"a":1}"#)])
    }
}

/// What goes back to the provider with an exchange's earlier calls.
struct ToolCallReturnTests {
    /// Gemini's recorded parallel calls carry a thought signature (Gemini 3 refuses a turn whose calls lack theirs):
    /// it is read with its call and sent back on the same part.
    @Test func geminiThoughtSignaturesGoBackWithTheirCalls() throws {
        let recording = try #require(Recording.all.first { $0.name == "function-calls-thought-signature" })
        let response = try GeminiWire().decodeResponse(recording.body)
        #expect(response.toolCalls.count == 2)
        // As recorded, and as Gemini documents for parallel calls: the signature is on the first call's part only.
        #expect((response.toolCalls[0].signature ?? "").count > 20)
        #expect(response.toolCalls[1].signature == nil)
        let chat = ChatRequest(
            user: "q", tools: [ToolSpec(name: response.toolCalls[0].name)],
            messages: [.user("q"), .assistant("", calls: response.toolCalls)] + response.toolCalls.map { .toolResult("{}", for: $0) })
        let body = GeminiWire().request(for: chat, model: ModelSpec(id: "g", provider: "gemini", model: "gemini-3-pro"), apiKey: "k").body
        let parts = try #require(body["contents"]?.arrayValue?[1]["parts"]?.arrayValue)
        #expect(parts.map { $0["thoughtSignature"]?.stringValue } == response.toolCalls.map(\.signature))
    }

    /// A compatible server that sends each of several whole calls at index 0, each with its own id, gives as many calls.
    @Test func wholeCallsAtOneIndexStayApart() throws {
        let stream = WireTestSupport.sse([
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"a","function":{"name":"f","arguments":"{}"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"b","function":{"name":"g","arguments":"{\"x\":1}"}}]},"finish_reason":"tool_calls"}]}"#,
            "[DONE]",
        ])
        let response = WireResponse(events: try WireTestSupport.decodeStream(OpenAIWire(), stream))
        #expect(response.toolCalls.map(\.name) == ["f", "g"])
    }
}

import AssayCore
import AssayProviders
import AssaySimulator
import Foundation
import Testing

/// Each provider format against the simulated fleet's encoder for it, without HTTP: the request that
/// `WireFormat.request(...)` builds is parsed by the `SimulatedWire`, the fleet answers, and the answer encoded by the
/// simulated wire is decoded by the `WireFormat` (whole and streamed, cut at every byte).
struct SimulatedWireRoundTripTests {
    static let suite = Suite(
        name: "t", category: "t", prompt: "Q: {{q}}", simulatorReference: "{{good}}", simulatorFlawed: "{{bad}}",
        assertions: [AssertionSpec(kind: .equals, value: "{{good}}")],
        cases: [TestCase(id: "1", vars: ["q": "one", "good": "The answer is one — “quoted” ✓.", "bad": "Two?"])])

    static func profile(_ name: String, rateLimit: Double = 0, serverError: Double = 0) -> SimulatedModelProfile {
        SimulatedModelProfile(
            name: name, quality: 1, ttftMedianMs: 30, ttftSigma: 0, tailProbability: 0, tokensPerSecond: 1000,
            rateLimitRate: rateLimit, serverErrorRate: serverError)
    }

    static let fleet = SimulatedFleet(
        profiles: [profile("good"), profile("limited", rateLimit: 1), profile("broken", serverError: 1)],
        answerKey: SimulatedAnswerKey(suites: [suite]), seed: 7, timeScale: 0)

    static let formats = ["openai", "anthropic", "gemini", "cohere", "huggingface", "ollama"]

    /// The format, the simulated wire that must serve it, and the base URL a catalog would give for the simulator.
    static func setup(_ name: String) throws -> (format: any WireFormat, wire: any SimulatedWire, base: String) {
        let format = try #require(WireFormats.format(named: name))
        let wire = try #require(SimulatedWires.wire(named: name))
        let base = ["openai", "huggingface"].contains(name) ? "http://127.0.0.1:8080/v1" : "http://127.0.0.1:8080"
        return (format, wire, base)
    }

    /// Builds the request for `chat` and has the simulated wire that matches its path parse it.
    static func parsed(
        _ name: String, _ chat: ChatRequest, model: String = "good"
    ) throws -> (request: SimulatedRequest, wire: any SimulatedWire) {
        let (format, expectedWire, base) = try setup(name)
        let spec = ModelSpec(id: "sim/\(model)", provider: name, model: model, baseURL: base)
        let request = format.request(for: chat, model: spec, apiKey: "test-key")
        let url = try #require(URLComponents(string: request.url))
        let wire = try #require(SimulatedWires.wire(method: request.method, path: url.path))
        #expect(wire.name == expectedWire.name)
        let result = wire.parse(
            method: request.method, path: url.path, query: url.query ?? "", headers: request.headers, body: request.bodyText)
        return (try result.get(), wire)
    }

    static func answer(_ request: SimulatedRequest) throws -> SimulatedAnswer {
        let reply = fleet.reply(
            model: request.model, system: request.system, user: request.user, maxTokens: request.maxTokens,
            jsonMode: request.jsonMode, requestSeed: request.seed, attempt: 0)
        guard case .answer(let answer) = reply else {
            Issue.record("expected an answer, got \(reply)")
            throw CallError(kind: .serverError, message: "no answer")
        }
        return answer
    }

    static func expectedUsage(_ name: String, _ answer: SimulatedAnswer) -> WireUsage {
        let cohere = name == "cohere"
        return WireUsage(
            inputTokens: answer.inputTokens, outputTokens: answer.tokens.count,
            billedInputTokens: cohere ? answer.inputTokens : nil, billedOutputTokens: cohere ? answer.tokens.count : nil)
    }

    /// Usage without Ollama's server timings, which the other formats do not report.
    static func tokens(_ usage: WireUsage?) -> WireUsage? {
        guard var usage else { return nil }
        usage.serverTimings = nil
        return usage
    }

    @Test(arguments: formats, [false, true])
    func theSimulatedWireRecoversTheRequest(name: String, stream: Bool) throws {
        for jsonMode in [false, true] {
            let chat = ChatRequest(
                system: "Be brief.", user: "Q: one", maxTokens: 50, temperature: 0.5, jsonMode: jsonMode, stop: ["\n\n"],
                seed: 42, stream: stream)
            let (request, _) = try Self.parsed(name, chat)
            let openAILike = ["openai", "huggingface"].contains(name)
            #expect(request == SimulatedRequest(
                model: "good", system: "Be brief.", user: "Q: one", maxTokens: 50, jsonMode: jsonMode, stream: stream,
                seed: name == "anthropic" ? nil : 42, includeUsage: openAILike ? stream : true, temperature: 0.5,
                stop: ["\n\n"]))
        }
    }

    @Test func anthropicJSONModeWithoutASystemPromptRecoversNone() throws {
        #expect(SimulatedAnthropicWire.jsonInstruction == AnthropicWire.jsonInstruction)
        let (request, _) = try Self.parsed("anthropic", ChatRequest(user: "Q: one", jsonMode: true))
        #expect(request.system == nil)
        #expect(request.jsonMode)
    }

    @Test(arguments: formats, [50, 3])
    func aCompleteAnswerDecodes(name: String, maxTokens: Int) throws {
        let (request, wire) = try Self.parsed(name, ChatRequest(user: "Q: one", maxTokens: maxTokens, stream: false))
        let answer = try Self.answer(request)
        #expect(answer.finishReason == (maxTokens == 3 ? "length" : "stop"))
        let format = try Self.setup(name).format
        let response = try format.decodeResponse(wire.completeBody(answer, request: request, id: "abc123"))
        #expect(response.text == answer.text)
        #expect(response.finishReason == answer.finishReason)
        #expect(Self.tokens(response.usage) == Self.expectedUsage(name, answer))
        #expect(response.usage?.tokenUsage.inputTokens == answer.inputTokens)
        #expect(response.usage?.tokenUsage.outputTokens == answer.tokens.count)
        if name == "ollama" { #expect(response.usage?.serverTimings?.totalMs != nil) }
    }

    @Test(arguments: formats, [50, 3])
    func aStreamedAnswerDecodesCutAnywhere(name: String, maxTokens: Int) throws {
        let (request, wire) = try Self.parsed(name, ChatRequest(user: "Q: one", maxTokens: maxTokens, stream: true))
        let answer = try Self.answer(request)
        let format = try Self.setup(name).format
        var body = wire.streamStart(answer, request: request, id: "abc123")
        for (i, token) in answer.tokens.enumerated() { body += wire.streamToken(token, index: i, request: request, id: "abc123") }
        body += wire.streamEnd(answer, request: request, id: "abc123")
        let events = try WireTestSupport.decodeStream(format, body)
        let response = WireResponse(events: events)
        #expect(response.text == answer.text)
        #expect(response.finishReason == answer.finishReason)
        #expect(Self.tokens(response.usage) == Self.expectedUsage(name, answer))
        #expect(events.filter { if case .content = $0 { true } else { false } }.count == answer.tokens.count)
        // Gemini alone has no end marker (providers.md §3).
        #expect(events.contains(.done) == (name != "gemini"))
        #expect(wire.streamContentType.hasPrefix(name == "ollama" ? "application/x-ndjson" : "text/event-stream"))
    }

    @Test func anthropicStreamsWithoutTheAnswerStillEndWithTheInputCount() throws {
        let (request, wire) = try Self.parsed("anthropic", ChatRequest(user: "Q: one"))
        let answer = try Self.answer(request)
        let body = wire.streamStart(request: request, id: "x")
            + answer.tokens.enumerated().map { wire.streamToken($1, index: $0, request: request, id: "x") }.joined()
            + wire.streamEnd(answer, request: request, id: "x")
        let response = WireResponse(events: try WireTestSupport.decodeStream(AnthropicWire(), body))
        #expect(response.usage == Self.expectedUsage("anthropic", answer))
    }

    @Test(arguments: formats)
    func fleetFailuresClassifyAsTheirKind(name: String) throws {
        let (format, wire, _) = try Self.setup(name)
        for model in ["limited", "broken", "missing"] {
            let (request, _) = try Self.parsed(name, ChatRequest(user: "Q: one", stream: false), model: model)
            let reply = Self.fleet.reply(
                model: request.model, system: request.system, user: request.user, maxTokens: request.maxTokens,
                jsonMode: request.jsonMode, requestSeed: request.seed, attempt: 0)
            guard case .failure(let status, let type, let message, let retryAfterMs) = reply else {
                Issue.record("expected a failure for \(model)")
                continue
            }
            var headers: [(name: String, value: String)] = []
            if let ms = retryAfterMs { headers.append(("retry-after-ms", String(ms))) }
            let error = format.classifyError(
                status: status, body: wire.errorBody(status: status, type: type, message: message), headers: headers)
            let expected: [String: ErrorKind] = ["limited": .rateLimited, "broken": .serverError, "missing": .invalidRequest]
            #expect(error.kind == expected[model])
            #expect(error.status == status)
            #expect(error.message == message)
            #expect(error.retryAfter == retryAfterMs.map { Double($0) / 1000 })
        }
        let overloaded = format.classifyError(
            status: 529, body: wire.errorBody(status: 529, type: "overloaded_error", message: "Overloaded"), headers: [])
        #expect(overloaded.kind == .overloaded)
    }

    @Test(arguments: formats)
    func invalidRequestsAreRefused(name: String) throws {
        let (format, wire, base) = try Self.setup(name)
        let spec = ModelSpec(id: "sim/good", provider: name, model: "good", baseURL: base)
        let request = format.request(for: ChatRequest(user: "Q: one"), model: spec, apiKey: nil)
        let url = try #require(URLComponents(string: request.url))
        let result = wire.parse(method: "POST", path: url.path, query: url.query ?? "", headers: request.headers, body: "{nope")
        guard case .failure(let error) = result else {
            Issue.record("a body that is not JSON was accepted")
            return
        }
        #expect(error.status == 400)
        let classified = format.classifyError(
            status: error.status, body: wire.errorBody(status: error.status, type: error.type, message: error.message),
            headers: [])
        #expect(classified.kind == .invalidRequest)
        #expect(!wire.matches(method: "GET", path: url.path))
    }

    @Test func formatSpecificRequirementsAreChecked() throws {
        let anthropic = SimulatedAnthropicWire()
        let body = #"{"model":"good","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"#
        #expect(throws: SimulatedWireError.self) {
            try anthropic.parse(method: "POST", path: "/v1/messages", query: "", headers: [], body: body).get()
        }
        let versioned = try anthropic.parse(
            method: "POST", path: "/v1/messages", query: "", headers: [("Anthropic-Version", "2026-10-21")], body: body
        ).get()
        #expect(versioned.stream == false)
        #expect(throws: SimulatedWireError.self) {
            try anthropic.parse(
                method: "POST", path: "/v1/messages", query: "", headers: [("anthropic-version", "2023-06-01")],
                body: #"{"model":"good","messages":[]}"#
            ).get()
        }
        let gemini = SimulatedGeminiWire()
        let contents = #"{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}"#
        #expect(gemini.matches(method: "POST", path: "/v1/models/good:streamGenerateContent"))
        #expect(!gemini.matches(method: "POST", path: "/v1beta/models/good:countTokens"))
        #expect(throws: SimulatedWireError.self) {
            try gemini.parse(method: "POST", path: "/v1beta/models/good:streamGenerateContent", query: "", headers: [], body: contents).get()
        }
        let streamed = try gemini.parse(
            method: "POST", path: "/v1beta/models/good:streamGenerateContent", query: "alt=sse", headers: [], body: contents
        ).get()
        #expect(streamed.model == "good" && streamed.stream && streamed.user == "hi")
        // Ollama streams unless told not to.
        let ollama = try SimulatedOllamaWire().parse(
            method: "POST", path: "/api/chat", query: "", headers: [],
            body: #"{"model":"good","messages":[{"role":"user","content":"hi"}],"options":{"num_predict":-1}}"#
        ).get()
        #expect(ollama.stream && ollama.maxTokens == 4096)
        #expect(SimulatedWires.wire(named: "huggingface")?.name == "openai")
        #expect(SimulatedWires.all.map(\.name) == ["openai", "anthropic", "gemini", "cohere", "ollama"])
    }
}

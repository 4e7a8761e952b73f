import AssaySimulator
import Testing

/// What each simulated wire accepts and refuses, as the provider would: the request shapes the fleet reads
/// (the answers' shapes are checked against the real clients and SDKs in the providers' tests).
struct SimulatedWireParsingTests {
    static func parse(_ wire: any SimulatedWire, path: String, body: String, headers: [(name: String, value: String)] = [], query: String = "")
        -> Result<SimulatedRequest, SimulatedWireError>
    {
        wire.parse(method: "POST", path: path, query: query, headers: headers, body: body)
    }

    @Test func eachWireServesItsOwnPathsOnly() {
        #expect(SimulatedWires.wire(method: "POST", path: "/v1/chat/completions")?.name == "openai")
        #expect(SimulatedWires.wire(method: "POST", path: "/v1/messages")?.name == "anthropic")
        #expect(SimulatedWires.wire(method: "POST", path: "/v1beta/models/m:generateContent")?.name == "gemini")
        #expect(SimulatedWires.wire(method: "POST", path: "/v2/chat")?.name == "cohere")
        #expect(SimulatedWires.wire(method: "POST", path: "/api/chat")?.name == "ollama")
        #expect(SimulatedWires.wire(method: "GET", path: "/v1/chat/completions") == nil)
        #expect(SimulatedWires.wire(method: "POST", path: "/v1/completions") == nil)
        #expect(SimulatedWires.wire(named: "huggingface")?.name == "openai")
    }

    @Test func aBodyThatIsNotAJSONObjectIsRefused() {
        for (wire, path) in [(SimulatedOpenAIWire() as any SimulatedWire, "/v1/chat/completions"), (SimulatedCohereWire(), "/v2/chat"), (SimulatedOllamaWire(), "/api/chat")] {
            guard case .failure(let error) = Self.parse(wire, path: path, body: "[1, 2]") else {
                Issue.record("\(wire.name) accepted an array")
                continue
            }
            #expect(error.status == 400)
            #expect(error.message == "The request body is not a JSON object")
        }
    }

    @Test func openAIReadsTheDeveloperRoleAsTheSystemPromptAndTheLastUserTurn() throws {
        let body = #"{"model": "m", "messages": [{"role": "developer", "content": "Be brief."}, {"role": "user", "content": "first"}, {"role": "assistant", "content": "ok"}, {"role": "user", "content": [{"type": "text", "text": "sec"}, {"type": "text", "text": "ond"}]}], "max_completion_tokens": 12, "stream": true, "stream_options": {"include_usage": true}, "response_format": {"type": "json_object"}}"#
        let request = try Self.parse(SimulatedOpenAIWire(), path: "/v1/chat/completions", body: body).get()
        #expect(request.system == "Be brief.")
        #expect(request.user == "second")
        #expect(request.maxTokens == 12)
        #expect(request.stream)
        #expect(request.includeUsage)
        #expect(request.jsonMode)
    }

    @Test func anthropicNeedsItsVersionHeaderAndMaxTokens() {
        let body = #"{"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}]}"#
        guard case .failure(let noVersion) = Self.parse(SimulatedAnthropicWire(), path: "/v1/messages", body: body) else {
            Issue.record("accepted without anthropic-version")
            return
        }
        #expect(noVersion.message.contains("anthropic-version"))
        let headers = [(name: "Anthropic-Version", value: "2023-06-01")]
        #expect((try? Self.parse(SimulatedAnthropicWire(), path: "/v1/messages", body: body, headers: headers).get())?.maxTokens == 5)
        let noMax = #"{"model": "m", "messages": [{"role": "user", "content": "hi"}]}"#
        guard case .failure(let error) = Self.parse(SimulatedAnthropicWire(), path: "/v1/messages", body: noMax, headers: headers) else {
            Issue.record("accepted without max_tokens")
            return
        }
        #expect(error.message == "max_tokens: Field required")
    }

    @Test func ollamaStreamsUnlessToldNotToAndTreatsNumPredictMinusOneAsNoLimit() throws {
        let request = try Self.parse(SimulatedOllamaWire(), path: "/api/chat", body: #"{"model": "m", "messages": [{"role": "user", "content": "hi"}], "options": {"num_predict": -1}}"#).get()
        #expect(request.stream)
        #expect(request.maxTokens == 4096)
        let unstreamed = try Self.parse(SimulatedOllamaWire(), path: "/api/chat", body: #"{"model": "m", "stream": false, "messages": []}"#).get()
        #expect(!unstreamed.stream)
    }

    @Test func geminiStreamsOnlyWithAltSSE() {
        let body = #"{"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}"#
        let wire = SimulatedGeminiWire()
        guard case .failure(let error) = Self.parse(wire, path: "/v1beta/models/m:streamGenerateContent", body: body) else {
            Issue.record("a stream without alt=sse was accepted")
            return
        }
        #expect(error.type == "INVALID_ARGUMENT")
        let request = try? Self.parse(wire, path: "/v1beta/models/m:streamGenerateContent", body: body, query: "alt=sse").get()
        #expect(request?.model == "m")
        #expect(request?.stream == true)
        #expect(request?.user == "hi")
    }
}

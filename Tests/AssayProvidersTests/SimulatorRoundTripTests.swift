import AssayCore
import AssayProviders
import AssaySimulator
import AsyncHTTPClient
import Testing

/// The OpenAI client against the simulated fleet on a real loopback HTTP server.
struct SimulatorRoundTripTests {
    static let suite = Suite(
        name: "t", category: "t", prompt: "Q: {{q}}", simulatorReference: "{{good}}", simulatorFlawed: "{{bad}}",
        assertions: [AssertionSpec(kind: .equals, value: "{{good}}")],
        cases: [TestCase(id: "1", vars: ["q": "one", "good": "The answer is one.", "bad": "Two?"])])

    static func profile(
        _ name: String, rateLimit: Double = 0, serverError: Double = 0, cut: Double = 0, tokensPerSecond: Double = 1000
    ) -> SimulatedModelProfile {
        SimulatedModelProfile(
            name: name, quality: 1, ttftMedianMs: 30, ttftSigma: 0, tailProbability: 0, tokensPerSecond: tokensPerSecond,
            rateLimitRate: rateLimit, serverErrorRate: serverError, streamCutRate: cut)
    }

    static let fleet = SimulatedFleet(
        profiles: [
            profile("good"), profile("limited", rateLimit: 1), profile("broken", serverError: 1), profile("cut", cut: 1),
            profile("paced", tokensPerSecond: 25),
        ],
        answerKey: SimulatedAnswerKey(suites: [suite]), seed: 7, timeScale: 1)

    func withClient(_ body: @Sendable (RetryingClient, String) async throws -> Void) async throws {
        try await SimulatorServer.withRunning(fleet: Self.fleet) { port in
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let models = ["good", "limited", "broken", "cut", "paced", "nope"].map { model($0, "") }
            let client = RetryingClient(
                transport: WireClient(http: http, format: OpenAIWire(), apiKey: "sk-test"), gate: CallGate(models: models, global: 8),
                retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.02), refusals: RefusedModels())
            do {
                try await body(client, "http://127.0.0.1:\(port)/v1")
            } catch {
                try await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }
    }

    func model(_ name: String, _ base: String) -> ModelSpec {
        ModelSpec(id: "sim/\(name)", provider: "openai", model: name, baseURL: base, price: Price(input: 1, output: 2))
    }

    @Test func streamsAnAnswerWithUsageAndOrderedTimings() async throws {
        try await withClient { client, base in
            let response = try await client.complete(ChatRequest(user: "Q: one", maxTokens: 100), model: model("good", base))
            #expect(response.text == "The answer is one.")
            #expect(response.finishReason == "stop")
            let usage = try #require(response.usage)
            #expect(usage.outputTokens == SimulatedFleet.tokenize("The answer is one.").count)
            let t = response.timings
            let headers = try #require(t.headersMs)
            let firstEvent = try #require(t.firstEventMs)
            let ttft = try #require(t.ttftMs)
            #expect(headers <= firstEvent)
            #expect(firstEvent <= ttft)
            #expect(ttft <= t.totalMs)
            // The fleet waits 30 ms before the first token.
            #expect(ttft >= 29)
            #expect(response.attempts == 1)
        }
    }

    /// The fleet sends one token per event, 40 ms (±10%) apart: each is an inter-chunk gap, measured where the
    /// bytes arrive. Events read together are 0 apart, so on a busy machine single gaps may be 0; their sum, the
    /// time from the first output event to the last, cannot be much below the pacing.
    @Test func interChunkLatenciesAreTheGapsBetweenStreamedEvents() async throws {
        try await withClient { client, base in
            let response = try await client.complete(ChatRequest(user: "Q: one", maxTokens: 100), model: model("paced", base))
            let gaps = try #require(response.timings.chunkGapsMs)
            let tokens = SimulatedFleet.tokenize("The answer is one.").count
            #expect(gaps.count == tokens - 1)
            #expect(Double(gaps.reduce(0, +)) >= Double(tokens - 1) * 15, "\(gaps)")
            let ttft = try #require(response.timings.ttftMs)
            #expect(Double(gaps.reduce(0, +)) <= response.timings.totalMs - ttft + 0.01)
            let plain = try await client.complete(ChatRequest(user: "Q: one", maxTokens: 100, stream: false), model: model("paced", base))
            #expect(plain.timings.chunkGapsMs == nil, "an answer that was not streamed has no chunks")
        }
    }

    @Test func nonStreamedAnswersAndMaxTokensTruncation() async throws {
        try await withClient { client, base in
            let response = try await client.complete(ChatRequest(user: "Q: one", maxTokens: 2, stream: false), model: model("good", base))
            #expect(response.finishReason == "length")
            #expect(response.usage?.outputTokens == 2)
            #expect(response.text == SimulatedFleet.tokenize("The answer is one.").prefix(2).joined())
        }
    }

    @Test(arguments: [("limited", ErrorKind.rateLimited), ("broken", .serverError), ("cut", .streamCut)])
    func faultsAreRetriedThenReportedWithTheirKind(name: String, kind: ErrorKind) async throws {
        try await withClient { client, base in
            do {
                _ = try await client.complete(ChatRequest(user: "Q: one"), model: model(name, base))
                Issue.record("expected a failure")
            } catch let error as CallFailure {
                #expect(error.error.kind == kind)
                #expect(error.attempts == 3)
            }
        }
    }

    @Test func anUnknownModelIsAnInvalidRequestAndNotRetried() async throws {
        try await withClient { client, base in
            do {
                _ = try await client.complete(ChatRequest(user: "Q: one"), model: model("nope", base))
                Issue.record("expected a failure")
            } catch let error as CallFailure {
                #expect(error.error.kind == .invalidRequest)
                #expect(error.attempts == 1)
            }
        }
    }

    @Test func aFirstTokenPastTheDeadlineIsATimeout() async throws {
        var stalled = Self.profile("stalled")
        stalled.stallRate = 1
        stalled.stallMs = 1500
        let fleet = SimulatedFleet(profiles: [stalled], answerKey: SimulatedAnswerKey(suites: [Self.suite]), seed: 7, timeScale: 1)
        try await SimulatorServer.withRunning(fleet: fleet) { port in
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let spec = ModelSpec(id: "sim/stalled", provider: "openai", model: "stalled", baseURL: "http://127.0.0.1:\(port)/v1")
            let client = RetryingClient(
                transport: WireClient(http: http, format: OpenAIWire(), apiKey: nil, attemptTimeout: .milliseconds(300)),
                gate: CallGate(models: [spec], global: 2), retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.01),
                refusals: RefusedModels())
            do {
                _ = try await client.complete(ChatRequest(user: "Q: one"), model: spec)
                Issue.record("expected a timeout")
            } catch let error as CallFailure {
                #expect(error.error.kind == .timeout)
                #expect(error.attempts == 2)
            }
            try await http.shutdown()
        }
    }

    @Test func theFleetIsDeterministicForASeed() {
        let a = Self.fleet.reply(model: "good", system: nil, user: "Q: one", maxTokens: 50, jsonMode: false, attempt: 0)
        let b = Self.fleet.reply(model: "good", system: nil, user: "Q: one", maxTokens: 50, jsonMode: false, attempt: 0)
        #expect(a == b)
    }
}

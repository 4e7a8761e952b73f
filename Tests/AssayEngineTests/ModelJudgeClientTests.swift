import AssayCore
import AssayProviders
import Foundation
import Testing

@testable import AssayEngine

/// A judge's provider that answers at once, from the response cache or not.
struct CannedJudgeProvider: ModelClient {
    let cached: Bool

    func complete(_ request: ChatRequest, model: ModelSpec) async throws(CallFailure) -> ChatResponse {
        ChatResponse(
            text: #"{"score": 1, "reason": "fine"}"#, finishReason: "stop",
            usage: TokenUsage(inputTokens: 1_000_000, outputTokens: 0), timings: CallTimings(totalMs: 1), cached: cached)
    }
}

struct ModelJudgeClientTests {
    static let judge = ModelSpec(id: "p/judge", provider: "openai", model: "judge", price: Price(input: 2, output: 8))

    @Test func aJudgeCallIsCountedAsItIsPaidAndACachedOneCostsNothing() async throws {
        let meter = SpendMeter(limit: nil, judgePrice: Self.judge.price)
        let paid = ModelJudgeClient(spec: Self.judge, client: CannedJudgeProvider(cached: false), meter: meter)
        let fromCache = ModelJudgeClient(spec: Self.judge, client: CannedJudgeProvider(cached: true), meter: meter)

        let first = try await paid.ask(system: "s", user: "u")
        #expect(first.cost == 2, "a million input tokens at $2 a million")
        #expect(await meter.spent == 2)
        let second = try await fromCache.ask(system: "s", user: "u")
        #expect(second.cost == 2, "the judgment keeps its price")
        #expect(await meter.spent == 2, "but the run paid nothing for it")
    }
}

/// Keeps the requests it is sent.
actor RequestLog {
    var requests: [ChatRequest] = []
    func add(_ request: ChatRequest) { requests.append(request) }
}

struct CapturingJudgeProvider: ModelClient {
    let log: RequestLog

    func complete(_ request: ChatRequest, model: ModelSpec) async throws(CallFailure) -> ChatResponse {
        await log.add(request)
        return ChatResponse(
            text: #"{"score": 1, "reason": "fine"}"#, finishReason: "stop", usage: TokenUsage(inputTokens: 10, outputTokens: 5),
            timings: CallTimings(totalMs: 1))
    }
}

struct ReasoningJudgeTests {
    /// The shipped real judge is an OpenAI reasoning model: its calls carry no temperature, use max_completion_tokens,
    /// and leave room for its reasoning before the verdict (issue 13, item 1).
    @Test func theShippedJudgeIsAskedAsAReasoningModel() async throws {
        let catalog = try CatalogLoader.load(path: CLIRunner.root.appendingPathComponent("Suites/models.yaml").path)
        let judge = try #require(catalog.judge.flatMap(catalog.model(id:)))
        let log = RequestLog()
        _ = try await ModelJudgeClient(spec: judge, client: CapturingJudgeProvider(log: log), meter: nil).ask(system: "s", user: "u")
        let request = try #require(await log.requests.first)
        #expect(request.maxTokens == 4_000)
        let body = OpenAIWire().request(for: request, model: judge, apiKey: "k").body
        #expect(body["temperature"] == nil)
        #expect(body["max_completion_tokens"] == .number(4_000))
        #expect(body["messages"]?.arrayValue?.first?["role"] == "developer")

        // A judge that is not a reasoning model keeps the short reply limit.
        _ = try await ModelJudgeClient(spec: ModelJudgeClientTests.judge, client: CapturingJudgeProvider(log: log), meter: nil)
            .ask(system: "s", user: "u")
        #expect(await log.requests.last?.maxTokens == 400)
    }
}

import AssayCore
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

import AssayCore
import Testing

@testable import AssayEngine

struct SpendMeterTests {
    static let model = ModelSpec(id: "p/m", provider: "openai", model: "m", price: Price(input: 1, output: 1))

    static func job() throws -> PlannedSample {
        let suite = try SuiteLoader.parse(text: """
            name: demo
            prompt: "{{q}}"
            max_tokens: 10
            tests:
              - q: "\(String(repeating: "word ", count: 80))"
            assert:
              - {type: contains, value: word}
            """, file: "inline.yaml")
        return PlannedSample(suite: suite, testCase: suite.cases[0], prepared: suite.prepared(index: 0)[0], model: model, repeatIndex: 0,
            conversational: suite.isConversational)
    }

    static func answer(inputTokens: Int) -> Sample {
        Sample(
            runID: "r", suite: "demo", caseID: "1", model: model.id, status: .graded,
            // 8 output tokens, raised by the margin, project as the suite's max_tokens: only input moves.
            usage: TokenUsage(inputTokens: inputTokens, outputTokens: 8), cost: 0)
    }

    @Test func inputTokensAreProjectedFromWhatTheProviderCounted() async throws {
        let job = try Self.job()
        let meter = SpendMeter(limit: nil, judgePrice: nil)
        let estimate = SpendMeter.promptTokens(job.suite, vars: job.testCase.vars)
        let before = await meter.projectedCost(job, promptTokens: estimate)

        // This provider counts three times the estimate (another tokenizer, its own framing).
        for _ in 0..<2 { _ = await meter.settle(try #require(await meter.reserve(job)), sample: Self.answer(inputTokens: 3 * estimate)) }
        #expect(await meter.projectedCost(job, promptTokens: estimate) == before, "two answers are not yet a measure")
        _ = await meter.settle(try #require(await meter.reserve(job)), sample: Self.answer(inputTokens: 3 * estimate))
        let after = await meter.projectedCost(job, promptTokens: estimate)
        let perToken = Self.model.price!.cost(of: TokenUsage(inputTokens: 1_000_000, outputTokens: 0)) / 1_000_000
        let expectedInput = (Double(estimate) * 3 * SpendMeter.margin).rounded(.up)
        #expect(abs((after - before) - (expectedInput - Double(estimate)) * perToken) < 1e-9 * max(1, after))

        // A provider that counts fewer tokens than estimated does not lower the projection below the estimate.
        let frugal = SpendMeter(limit: nil, judgePrice: nil)
        for _ in 0..<3 { _ = await frugal.settle(try #require(await frugal.reserve(job)), sample: Self.answer(inputTokens: estimate / 4)) }
        #expect(await frugal.projectedCost(job, promptTokens: estimate) == before)
    }
}

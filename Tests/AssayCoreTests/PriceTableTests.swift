import AssayCore
import Testing

struct PriceTableTests {
    static let litellm = """
        {
          "sample_spec": {"input_cost_per_token": 0, "output_cost_per_token": 0, "litellm_provider": "one of https://docs.litellm.ai/docs/providers"},
          "gpt-5.4-mini": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 7.5e-07, "output_cost_per_token": 4.5e-06, "cache_read_input_token_cost": 7.5e-08},
          "claude-sonnet-4-6": {"litellm_provider": "anthropic", "mode": "chat", "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05, "cache_read_input_token_cost": 3e-07, "cache_creation_input_token_cost": 3.75e-06},
          "gemini/gemini-2.5-flash": {"litellm_provider": "gemini", "mode": "chat", "input_cost_per_token": 3e-07, "output_cost_per_token": 2.5e-06},
          "text-embedding-3-small": {"litellm_provider": "openai", "mode": "embedding", "input_cost_per_token": 2e-08, "output_cost_per_token": 0},
          "dall-e-3": {"litellm_provider": "openai", "mode": "image_generation", "output_cost_per_image": 0.04}
        }
        """

    @Test func readsLiteLLMsFormatInDollarsPerMillion() throws {
        let table = try PriceTable.parseLiteLLM(Self.litellm, name: "prices.json")
        #expect(table.entries.count == 3)
        let mini = try #require(table.price(for: ModelSpec(id: "x", provider: "openai", model: "gpt-5.4-mini")))
        #expect(abs(mini.input - 0.75) < 1e-9)
        #expect(abs(mini.output - 4.5) < 1e-9)
        #expect(abs((mini.cachedInput ?? 0) - 0.075) < 1e-9)
        #expect(mini.source == "prices.json")
        let sonnet = try #require(table.price(for: ModelSpec(id: "y", provider: "anthropic", model: "claude-sonnet-4-6")))
        #expect(abs((sonnet.cacheWrite ?? 0) - 3.75) < 1e-9)
        // Gemini keys carry the provider prefix.
        #expect(table.price(for: ModelSpec(id: "z", provider: "gemini", model: "gemini-2.5-flash")) != nil)
        #expect(table.price(for: ModelSpec(id: "w", provider: "openai", model: "no-such-model")) == nil)
    }

    @Test func aBrokenPriceFileIsALoadErrorWithItsLine() {
        let error = #expect(throws: LoadError.self) { try PriceTable.parseLiteLLM("{\n  \"a\": {,\n}", name: "p.json") }
        #expect(error?.file == "p.json")
        #expect(error?.line == 2)
    }

    @Test func theBundledTableCoversTheMainModelsOfEachProvider() throws {
        let bundled = PriceTable.bundled
        #expect(bundled.entries.count >= 40)
        #expect(bundled.name.contains("2026-11"))
        for (provider, model) in [("openai", "gpt-5.4-mini"), ("anthropic", "claude-sonnet-4-6"), ("gemini", "gemini-2.5-flash"), ("cohere", "command-a-03-2025")] {
            #expect(bundled.price(for: ModelSpec(id: model, provider: provider, model: model)) != nil, "\(provider) \(model)")
        }
    }

    @Test func cacheWritesAndReadsArePricedApart() {
        let price = Price(input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75)
        // 10,000 input of which 6,000 cache reads and 2,000 cache writes; 1,000 output (200 of them reasoning).
        let usage = TokenUsage(inputTokens: 10_000, outputTokens: 1_000, cachedInputTokens: 6_000, reasoningTokens: 200, cacheWriteTokens: 2_000)
        let expected = (2_000 * 3.0 + 6_000 * 0.3 + 2_000 * 3.75 + 1_000 * 15.0) / 1_000_000
        #expect(abs(price.cost(of: usage) - expected) < 1e-15)
    }

    @Test func catalogPricesWinOverTheTables() throws {
        let yaml = """
            models:
              - {id: a, provider: openai, model: gpt-5.4-mini, price: {input: 1, output: 2}}
              - {id: b, provider: openai, model: gpt-5.4-mini}
              - {id: c, provider: openai, model: unknown-model}
            """
        let catalog = try CatalogLoader.parse(text: yaml, file: "models.yaml")
        #expect(catalog.model(id: "a")?.price?.source == "catalog")
        #expect(catalog.model(id: "b")?.price == nil)  // filled in by the engine from the tables
    }
}

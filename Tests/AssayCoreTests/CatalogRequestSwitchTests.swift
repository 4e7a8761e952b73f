import AssayCore
import Foundation
import Testing

/// The catalog's request switches for OpenAI reasoning models (issue 13, item 1): they reject a temperature other
/// than the default and the `max_tokens` field on every host, and the oldest reject the `system` role.
struct CatalogRequestSwitchTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped catalog: every OpenAI reasoning model, the real judge included, is sent without a temperature,
    /// with max_completion_tokens and a developer message.
    @Test func theShippedCatalogsReasoningModelsSendNoTemperature() throws {
        let catalog = try CatalogLoader.load(path: Self.root.appendingPathComponent("Suites/models.yaml").path)
        let judge = try #require(catalog.judge.flatMap(catalog.model(id:)))
        #expect(judge.reasoning && !judge.supportsTemperature && judge.systemRole == "developer", "\(judge.id)")
        let openAI = catalog.models.filter { $0.provider == "openai" && !$0.isSimulated }
        for model in openAI where ModelSpec.namesOpenAIReasoningModel(model.model) {
            #expect(model.reasoning && !model.supportsTemperature, "\(model.id)")
        }
        let groq = try #require(catalog.model(id: "groq/llama-3.3-70b"))
        #expect(!groq.reasoning && groq.supportsTemperature && groq.systemRole == "system")
    }

    @Test(arguments: [
        ("o1", true), ("o3-mini", true), ("o4-mini-2025-04-16", true), ("gpt-5", true), ("gpt-5.4-nano", true),
        ("openai/o3", true), ("gpt-5-chat-latest", false), ("gpt-4o", false), ("gpt-4.1-mini", false), ("omni-moderation", false),
        ("llama-3.3-70b-versatile", false),
    ])
    func reasoningModelsAreKnownByName(name: String, reasoning: Bool) {
        #expect(ModelSpec.namesOpenAIReasoningModel(name) == reasoning)
    }

    /// An Azure OpenAI deployment has a name of its own: it says `reasoning: true`, and may ask for the `user` role.
    @Test func aDeploymentSaysItIsAReasoningModel() throws {
        let yaml = """
            models:
              - {id: azure/judge, provider: openai, model: my-judge, base_url: "https://acme.openai.azure.com/openai/v1", reasoning: true}
              - {id: azure/mini, provider: openai, model: o1-mini-deploy, reasoning: true, system_role: user, reasoning_effort: low}
              - {id: openai/o3, provider: openai, model: o3, temperature: true}
              - {id: openai/gpt-4o, provider: openai, model: gpt-4o}
            """
        let catalog = try CatalogLoader.parse(text: yaml, file: "models.yaml")
        let judge = try #require(catalog.model(id: "azure/judge"))
        #expect(judge.reasoning && !judge.supportsTemperature && judge.systemRole == "developer")
        let mini = try #require(catalog.model(id: "azure/mini"))
        #expect(mini.systemRole == "user" && mini.reasoningEffort == "low")
        #expect(try #require(catalog.model(id: "openai/o3")).supportsTemperature, "an explicit switch wins over the name")
        let gpt4o = try #require(catalog.model(id: "openai/gpt-4o"))
        #expect(!gpt4o.reasoning && gpt4o.supportsTemperature && gpt4o.systemRole == "system")
    }

    @Test(arguments: [
        ("{id: a, provider: openai, model: m, system_role: admin}", "unknown system_role 'admin'"),
        ("{id: a, provider: openai, model: m, reasoning_effort: extreme}", "unknown reasoning_effort 'extreme'"),
        ("{id: a, provider: anthropic, model: m, reasoning: true}", "'reasoning' applies to the openai and huggingface formats only"),
    ])
    func aWrongSwitchIsNamedWithItsLine(entry: String, message: String) throws {
        let yaml = "models:\n  - {id: ok, provider: openai, model: gpt-4o}\n  - \(entry)\n"
        let error = try #require(throws: LoadError.self) { try CatalogLoader.parse(text: yaml, file: "models.yaml") }
        #expect(error.message.contains(message), "\(error)")
        #expect(error.line == 3, "\(error)")
    }

    /// The switches are part of the model's fingerprint, so a run is not resumed with other request parameters;
    /// a model without them keeps the fingerprint it had before they existed.
    @Test func theSwitchesAreInTheModelsFingerprint() {
        let plain = ModelSpec(id: "a", provider: "openai", model: "m")
        var reasoning = plain
        reasoning.reasoning = true
        var developer = plain
        developer.systemRole = "developer"
        #expect(Set([plain.parametersDigest, reasoning.parametersDigest, developer.parametersDigest]).count == 3)
    }
}

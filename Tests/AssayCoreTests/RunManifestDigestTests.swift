import AssayCore
import Testing

/// A resumed, joined or merged run must be the plan it began with: a suite changed in content (same
/// name, version and case count) is named, not mixed in.
struct RunManifestDigestTests {
    static func suite(prompt: String = "Q: {{q}}", kind: AssertionKind = .contains, maxTokens: Int = 64, answer: String = "4") -> Suite {
        Suite(
            name: "s", version: "1", category: "c", prompt: prompt, maxTokens: maxTokens,
            assertions: [AssertionSpec(kind: kind, value: "{{a}}")],
            cases: [TestCase(id: "1", vars: ["q": "2+2?", "a": .string(answer)]), TestCase(id: "2", vars: ["q": "3+3?", "a": "6"])])
    }

    static func manifest(_ suite: Suite, model: ModelSpec = ModelSpec(id: "m", provider: "openai", model: "gpt")) -> RunManifest {
        RunManifest(
            suites: [suite], models: [model], judge: nil, judgePrompt: nil, repeats: 1, adaptive: nil, concurrency: nil, failUnder: nil,
            baseline: nil, assayVersion: nil, skippedModels: [:], gitRevision: nil)
    }

    @Test func theSameSuiteIsTheSamePlan() {
        #expect(Self.manifest(Self.suite()).planDifferences(Self.manifest(Self.suite())).isEmpty)
    }

    @Test func aChangedPromptOrAssertionIsNamed() {
        let stored = Self.manifest(Self.suite())
        let reworded = stored.planDifferences(Self.manifest(Self.suite(prompt: "Question: {{q}}")))
        #expect(reworded == ["suite s: its prompts changed since the run was planned"])
        var negated = Self.suite()
        negated.assertions[0].negated = true
        #expect(stored.planDifferences(Self.manifest(negated)) == ["suite s: its assertions, thresholds or case data changed since the run was planned"])
        let data = stored.planDifferences(Self.manifest(Self.suite(answer: "four")))
        #expect(data.first?.contains("its assertions, thresholds or case data") == true)
        let longer = stored.planDifferences(Self.manifest(Self.suite(maxTokens: 128)))
        #expect(longer.first?.contains("its generation settings") == true)
    }

    @Test func aChangedModelEntryIsNamed() {
        let stored = Self.manifest(Self.suite(), model: ModelSpec(id: "m", provider: "openai", model: "gpt", baseURL: "http://a/v1"))
        let moved = Self.manifest(Self.suite(), model: ModelSpec(id: "m", provider: "openai", model: "gpt", baseURL: "http://b/v1"))
        #expect(stored.planDifferences(moved).first?.contains("model m: its catalog entry") == true)
        // The simulated fleet listens on a new port each start: its address is not part of the plan.
        let simA = Self.manifest(Self.suite(), model: ModelSpec(id: "sim/x", provider: "openai", model: "x", baseURL: "http://127.0.0.1:1/v1"))
        let simB = Self.manifest(Self.suite(), model: ModelSpec(id: "sim/x", provider: "openai", model: "x", baseURL: "http://127.0.0.1:2/v1"))
        #expect(simA.planDifferences(simB).isEmpty)
    }

    /// Runs stored before the fingerprints were kept still resume on the fields they have.
    @Test func aRunStoredWithoutFingerprintsIsComparedOnWhatItHas() throws {
        var old = Self.manifest(Self.suite())
        old.suites[0].digests = nil
        old.models[0].parameters = nil
        let reread = try #require(RunManifest(json: old.json))
        #expect(reread.planDifferences(Self.manifest(Self.suite(prompt: "other {{q}}"))).isEmpty)
    }
}

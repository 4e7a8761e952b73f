import AssayCore

/// Suites and models for the in-process tests of the engine's stages.
enum EngineFixtures {
    static let models = [
        ModelSpec(id: "p/a", provider: "openai", model: "a"),
        ModelSpec(id: "p/b", provider: "openai", model: "b"),
    ]

    /// A suite of `cases` cases in `category`, each asking for its number.
    static func suite(_ name: String, category: String, cases: Int) throws -> Suite {
        let rows = (1...cases).map { "  - n: \"\($0)\"" }.joined(separator: "\n")
        return try SuiteLoader.parse(text: """
            name: \(name)
            category: \(category)
            prompt: "Say {{n}}"
            tests:
            \(rows)
            assert:
              - {type: contains, value: "{{n}}"}
            """, file: "\(name).yaml")
    }

    static func sample(_ key: PlannedKey, runID: String, passed: Bool = true) -> Sample {
        Sample(
            runID: runID, suite: key.suite, caseID: key.caseID, model: key.model, repeatIndex: key.repeatIndex, status: .graded,
            output: "ok", score: passed ? 1 : 0, passed: passed)
    }
}

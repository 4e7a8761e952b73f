/// A case with its prompt rendered once, for the call, the judges, the reports and the simulated fleet.
public struct PreparedCase: Sendable, Hashable {
    /// Positions in the run's suites and in the suite's cases.
    public let suite: Int
    public let testCase: Int
    /// "suite/case".
    public let key: String
    /// The rendered user prompt and system prompt.
    public let user: String
    public let system: String?
    /// The rendered simulator reference: the expected answer shown in the reports.
    public let expected: String?
    /// The rendered simulator answers (nil without a `simulator:` section).
    public let simulatorFlawed: String?
    /// The rendered simulator tool-call scripts (JSON), correct and flawed.
    public let simulatorCalls: String?
    public let simulatorFlawedCalls: String?

    public init(
        suite: Int, testCase: Int, key: String, user: String, system: String?, expected: String?, simulatorFlawed: String?,
        simulatorCalls: String? = nil, simulatorFlawedCalls: String? = nil
    ) {
        self.suite = suite
        self.testCase = testCase
        self.key = key
        self.user = user
        self.system = system
        self.expected = expected
        self.simulatorFlawed = simulatorFlawed
        self.simulatorCalls = simulatorCalls
        self.simulatorFlawedCalls = simulatorFlawedCalls
    }
}

extension Suite {
    /// Every case with its prompts rendered. Rendering was checked when the suite was loaded; a case that
    /// still fails to render keeps the template as it is (an invalid request, recorded as such).
    /// - Parameter index: the suite's position among the run's suites.
    public func prepared(index: Int) -> [PreparedCase] {
        cases.enumerated().map { position, testCase in
            PreparedCase(
                suite: index, testCase: position, key: "\(name)/\(testCase.id)",
                user: (try? Template(prompt).render(testCase.vars)) ?? prompt,
                system: system.flatMap { try? Template($0).render(testCase.vars) },
                expected: simulatorReference.flatMap { try? Template($0).render(testCase.vars) },
                simulatorFlawed: simulatorFlawed.flatMap { try? Template($0).render(testCase.vars) },
                simulatorCalls: simulatorCalls.flatMap { try? Template($0).render(testCase.vars) },
                simulatorFlawedCalls: simulatorFlawedCalls.flatMap { try? Template($0).render(testCase.vars) })
        }
    }

    /// Runs model-written code against tests (needs the sandbox; reports pass@k).
    public var usesCodeTests: Bool {
        (assertions + cases.flatMap(\.assertions)).contains { $0.contains(kind: .codeTests) }
    }

    /// Has judge-graded assertions.
    public var needsJudge: Bool {
        (assertions + cases.flatMap(\.assertions)).contains { $0.needsJudge }
    }

    /// Offers the model tools, or carries a conversation: a case may then take several turns.
    public var isConversational: Bool { !tools.isEmpty || cases.contains { !$0.history.isEmpty } }

    /// Graded pairwise (`select-best`): a case's pass/fail is known only once every model answered it.
    public var isPairwise: Bool {
        assertions.contains { $0.kind == .selectBest }
    }
}

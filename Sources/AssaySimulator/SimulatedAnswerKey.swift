public import AssayCore
import Foundation

/// What the fleet knows of each case, so that it can answer well or badly: prompts mapped to
/// the case's correct and flawed answers, as the suites' `simulator:` templates render them.
public struct SimulatedAnswerKey: Sendable {
    public struct Entry: Sendable, Hashable {
        public var reference: String
        public var flawed: String?
        /// Identifies the case for deterministic draws.
        public var caseKey: String
        /// The suite's category: a model may be stronger at some kinds of task than others.
        public var category: String = ""
        /// The correct and flawed tool-call scripts: a list of steps, each a list of `{name, arguments}` calls.
        public var calls: JSONValue? = nil
        public var flawedCalls: JSONValue? = nil
    }

    var entries: [String: Entry] = [:]

    public init() {}

    /// Builds the key from suites; cases whose suite has no `simulator.reference` are left out
    /// (the fleet then answers them with a generic reply).
    public init(suites: [Suite]) {
        self.init(suites: suites, cases: suites.enumerated().map { $1.prepared(index: $0) })
    }

    /// Builds the key from suites whose cases are already rendered (`Suite.prepared(index:)`).
    public init(suites: [Suite], cases: [[PreparedCase]]) {
        for (suite, prepared) in zip(suites, cases) {
            for c in prepared {
                guard let reference = c.expected else { continue }
                entries[Self.normalise(c.user)] = Entry(
                    reference: reference, flawed: c.simulatorFlawed, caseKey: c.key, category: suite.category,
                    calls: c.simulatorCalls.flatMap { try? JSONValue.parse($0) },
                    flawedCalls: c.simulatorFlawedCalls.flatMap { try? JSONValue.parse($0) })
            }
        }
    }

    public func entry(forPrompt prompt: String) -> Entry? {
        entries[Self.normalise(prompt)]
    }

    public var count: Int { entries.count }

    static func normalise(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

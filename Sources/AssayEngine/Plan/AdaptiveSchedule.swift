public import AssayCore
public import AssayStatistics

/// The order an adaptive run (`--adaptive`) calls cases in: per category, its cases in a seeded random
/// order, dealt out in rounds. After each round a model whose decision is settled stops being called in
/// that category (see `RoutingPolicy.settled`). The order is a function of the seed and the suites only,
/// so a resumed run, a shard and a merge all see the same rounds.
///
/// Cases of one cluster stay together, in one round (the confidence sequences treat a cluster as one
/// unit, and a unit must not change after a decision has used it): a round takes whole units until it
/// holds at least `roundSize` cases. A category
/// with a suite graded pairwise (`select-best`) runs in full in the first round: its pass/fail is only
/// known once every model has answered a case and the pairs are judged.
public struct AdaptiveSchedule: Sendable {
    public struct Slot: Sendable, Hashable {
        public let suite: Int
        public let testCase: Int
    }

    public let suites: [Suite]
    public let roundSize: Int
    /// Categories in the order the suites name them.
    public let categories: [String]
    /// Per category, every case in the order it is run.
    public let order: [String: [Slot]]
    /// Categories run in full in the first round.
    public let fullCategories: Set<String>
    /// Per category, where each round starts in `order` (and, last, its end).
    let roundStarts: [String: [Int]]

    public static let defaultRoundSize = 10

    public init(suites: [Suite], seed: UInt64, roundSize: Int = AdaptiveSchedule.defaultRoundSize) {
        self.suites = suites
        self.roundSize = max(1, roundSize)
        var categories: [String] = []
        for s in suites where !categories.contains(s.category) { categories.append(s.category) }
        self.categories = categories
        var order: [String: [Slot]] = [:]
        var starts: [String: [Int]] = [:]
        var full: Set<String> = []
        for category in categories {
            // Units: a cluster, or a case on its own; ordered by a seeded hash of their key.
            var units: [String: [Slot]] = [:]
            for (s, suite) in suites.enumerated() where suite.category == category {
                if suite.assertions.contains(where: { $0.kind == .selectBest }) { full.insert(category) }
                for (c, testCase) in suite.cases.enumerated() {
                    let key = testCase.cluster.map { "\(suite.name)/cluster/\($0)" } ?? "\(suite.name)/\(testCase.id)"
                    units[key, default: []].append(Slot(suite: s, testCase: c))
                }
            }
            let ranked = units.keys.sorted { a, b in
                let x = StableHash.of(String(seed), "adaptive", category, a)
                let y = StableHash.of(String(seed), "adaptive", category, b)
                return x != y ? x < y : a < b
            }
            order[category] = ranked.flatMap { units[$0] ?? [] }
            var boundaries = [0]
            var inRound = 0
            var position = 0
            for key in ranked {
                let size = units[key]?.count ?? 0
                position += size
                inRound += size
                if inRound >= max(1, roundSize) {
                    boundaries.append(position)
                    inRound = 0
                }
            }
            if boundaries.last != position { boundaries.append(position) }
            starts[category] = boundaries
        }
        self.order = order
        self.roundStarts = starts
        self.fullCategories = full
    }

    /// The case key the routing uses: "suite/case".
    public func key(_ slot: Slot) -> String {
        let suite = suites[slot.suite]
        return "\(suite.name)/\(suite.cases[slot.testCase].id)"
    }

    /// Rounds in `category`.
    public func rounds(of category: String) -> Int {
        let count = order[category]?.count ?? 0
        if fullCategories.contains(category) { return count > 0 ? 1 : 0 }
        return max(0, (roundStarts[category]?.count ?? 1) - 1)
    }

    /// Rounds in the whole run.
    public var rounds: Int { categories.map(rounds(of:)).max() ?? 0 }

    /// The cases of one round of a category (empty past its last round).
    public func slots(of category: String, round: Int) -> ArraySlice<Slot> {
        guard let all = order[category] else { return [] }
        if fullCategories.contains(category) { return round == 0 ? all[...] : [] }
        guard let starts = roundStarts[category], round + 1 < starts.count else { return [] }
        return all[starts[round]..<starts[round + 1]]
    }

    /// The case keys of a category's first `rounds` rounds, in order: the sequence its confidence
    /// sequences run over.
    public func sequence(of category: String, rounds: Int) -> [String] {
        (0..<rounds).flatMap { slots(of: category, round: $0).map(key) }
    }

    /// The round a case is run in.
    public func round(suite: Int, testCase: Int) -> Int {
        let category = suites[suite].category
        if fullCategories.contains(category) { return 0 }
        guard let index = order[category]?.firstIndex(of: Slot(suite: suite, testCase: testCase)),
            let starts = roundStarts[category]
        else { return 0 }
        return max(0, (starts.lastIndex { $0 <= index } ?? 0))
    }
}

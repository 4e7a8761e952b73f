/// Several models' outcomes on one set of cases, as paired comparisons read them: the case ids once, in
/// sorted order, and per model one 32-byte entry per case.
///
/// It stands where a dictionary of outcomes per model, keyed by case id, used to: that took about 110 bytes
/// per case × model, twice over while routing checked itself on held-out halves, and bounded how large a
/// run could be. Positions follow the sorted case ids, so walking them is walking the cases in id order,
/// the order every sum and test over cases uses.
public struct CaseOutcomeGrid: Sendable {
    /// One model's outcome on one case; a NaN pass marks a case the model has no outcome on.
    struct Entry: Sendable {
        var pass: Double
        var score: Double
        /// NaN: unknown.
        var cost: Double
        var samples: Int32
        var answered: Int32

        static let absent = Entry(pass: .nan, score: 0, cost: .nan, samples: 0, answered: 0)

        var isPresent: Bool { !pass.isNaN }

        init(pass: Double, score: Double, cost: Double, samples: Int32, answered: Int32) {
            self.pass = pass
            self.score = score
            self.cost = cost
            self.samples = samples
            self.answered = answered
        }

        init(_ outcome: CaseOutcome) {
            self.init(
                pass: outcome.pass, score: outcome.score, cost: outcome.cost ?? .nan, samples: Int32(clamping: outcome.samples),
                answered: Int32(clamping: outcome.answered))
        }
    }

    /// The cases, sorted; a case is here when at least one model has an outcome on it.
    public let caseIDs: [String]
    /// Per position, the case's cluster; empty when no case has one.
    private let clusters: [String?]
    private var columns: [String: [Entry]]
    private var counts: [String: Int]

    init(caseIDs: [String], clusters: [String?], columns: [String: [Entry]]) {
        self.caseIDs = caseIDs
        self.clusters = clusters.contains { $0 != nil } ? clusters : []
        self.columns = columns
        self.counts = columns.mapValues { column in column.reduce(0) { $0 + ($1.isPresent ? 1 : 0) } }
    }

    /// The grid of outcomes given per model, keyed by case id (tests, simulations and small inputs). A
    /// cluster belongs to a case, not to a model's outcome: the models' outcomes of a case are expected to
    /// name the same one (the first given is kept).
    public init(_ outcomes: [String: [String: CaseOutcome]]) {
        let ids = Set(outcomes.values.flatMap(\.keys)).sorted()
        var clusters = [String?](repeating: nil, count: ids.count)
        var columns: [String: [Entry]] = [:]
        for (model, perCase) in outcomes {
            var column = [Entry](repeating: .absent, count: ids.count)
            for (position, id) in ids.enumerated() {
                guard let outcome = perCase[id] else { continue }
                column[position] = Entry(outcome)
                if clusters[position] == nil { clusters[position] = outcome.cluster }
            }
            columns[model] = column
        }
        self.init(caseIDs: ids, clusters: clusters, columns: columns)
    }

    /// An empty grid.
    public init() {
        self.init(caseIDs: [], clusters: [], columns: [:])
    }

    public var caseCount: Int { caseIDs.count }

    /// The models the grid has a column for (some may have no outcome).
    public var models: [String] { Array(columns.keys) }

    /// How many cases the model has an outcome on.
    public func count(of model: String) -> Int { counts[model] ?? 0 }

    public func cluster(at position: Int) -> String? { clusters.isEmpty ? nil : clusters[position] }

    /// The model's outcome on the case at `position`, if it has one.
    public func outcome(_ model: String, at position: Int) -> CaseOutcome? {
        guard let entry = columns[model]?[position], entry.isPresent else { return nil }
        return CaseOutcome(
            caseID: caseIDs[position], cluster: cluster(at: position), pass: entry.pass, score: entry.score,
            samples: Int(entry.samples), cost: entry.cost.isNaN ? nil : entry.cost, answered: Int(entry.answered))
    }

    /// The model's outcomes in case order.
    public func outcomes(of model: String) -> [CaseOutcome] {
        guard let column = columns[model] else { return [] }
        var out: [CaseOutcome] = []
        out.reserveCapacity(counts[model] ?? 0)
        for position in column.indices where column[position].isPresent {
            if let outcome = outcome(model, at: position) { out.append(outcome) }
        }
        return out
    }

    /// The model's outcomes keyed by case id.
    public func dictionary(of model: String) -> [String: CaseOutcome] {
        Dictionary(uniqueKeysWithValues: outcomes(of: model).map { ($0.caseID, $0) })
    }

    /// The positions where both models have an outcome, in case order.
    public func shared(_ a: String, _ b: String) -> [Int] {
        guard let x = columns[a], let y = columns[b] else { return [] }
        return x.indices.filter { x[$0].isPresent && y[$0].isPresent }
    }

    /// Whether the model has an outcome on the case at `position` (cheaper than building it).
    public func has(_ model: String, at position: Int) -> Bool {
        columns[model]?[position].isPresent ?? false
    }

    /// The model's figures at `position`, without building the outcome.
    func entry(_ model: String, at position: Int) -> Entry? {
        guard let entry = columns[model]?[position], entry.isPresent else { return nil }
        return entry
    }

    /// The position of a case, by binary search over the sorted ids.
    public func position(of caseID: String) -> Int? {
        var low = 0
        var high = caseIDs.count
        while low < high {
            let middle = (low + high) / 2
            if caseIDs[middle] < caseID { low = middle + 1 } else { high = middle }
        }
        return low < caseIDs.count && caseIDs[low] == caseID ? low : nil
    }

    /// The positions of the listed cases, in their order (cases not in the grid left out). A list that
    /// starts the grid's own order, as an adaptive run's rounds often do, is matched without searching.
    public func positions(of list: [String]) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(list.count)
        var inOrder = true
        for (index, id) in list.enumerated() {
            if inOrder, index < caseIDs.count, caseIDs[index] == id {
                out.append(index)
                continue
            }
            inOrder = false
            if let position = position(of: id) { out.append(position) }
        }
        return out
    }

    /// The grid of the cases at `positions` (ascending) only.
    public func restricted(to positions: [Int]) -> CaseOutcomeGrid {
        CaseOutcomeGrid(
            caseIDs: positions.map { caseIDs[$0] }, clusters: clusters.isEmpty ? [] : positions.map { clusters[$0] },
            columns: columns.mapValues { column in positions.map { column[$0] } })
    }

    /// The grid with each model's outcomes kept only where `keep` says so (an adaptive run's view of the
    /// cases each model was called on so far).
    public func masked(_ keep: (_ model: String, _ position: Int) -> Bool) -> CaseOutcomeGrid {
        var columns = self.columns
        for (model, column) in columns {
            var kept = column
            for position in kept.indices where kept[position].isPresent && !keep(model, position) { kept[position] = .absent }
            columns[model] = kept
        }
        return CaseOutcomeGrid(caseIDs: caseIDs, clusters: clusters, columns: columns)
    }
}

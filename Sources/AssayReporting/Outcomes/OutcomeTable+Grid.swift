extension OutcomeTable {
    /// One suite in a grid: its name, its cases' clusters (by case id) and which of its cases to take.
    public struct GridSuite {
        public var name: String
        public var clusters: [String: String]
        public var includeCase: ((String) -> Bool)?

        public init(name: String, clusters: [String: String] = [:], includeCase: ((String) -> Bool)? = nil) {
            self.name = name
            self.clusters = clusters
            self.includeCase = includeCase
        }
    }

    /// The per-case outcomes of `models` on the cases of `suites` (cases with a known pass/fail), without
    /// building a dictionary per model; `routing` uses the figures without untrusted judge metrics.
    /// - Parameter prefixed: key the cases "suite/case" (a category pools several suites) instead of by id.
    public func grid(suites: [GridSuite], models: [String], routing: Bool = false, prefixed: Bool = false) -> CaseOutcomeGrid {
        // Every case some model has an outcome on, with where its record is.
        var keys: [(id: String, suite: Int32, index: Int32)] = []
        var suiteCells: [[Cell?]] = []
        for (s, suite) in suites.enumerated() {
            let cells = models.map { cell(suite: suite.name, model: $0) }
            suiteCells.append(cells)
            guard let ids = suiteCases[suite.name]?.ids else { continue }
            for index in ids.indices {
                let judged = cells.contains { $0?.record(at: index)?.figures(routing: routing) != nil }
                guard judged, suite.includeCase?(ids[index]) ?? true else { continue }
                keys.append((prefixed ? "\(suite.name)/\(ids[index])" : ids[index], Int32(s), Int32(index)))
            }
        }
        keys.sort { $0.id < $1.id }
        var columns: [String: [CaseOutcomeGrid.Entry]] = [:]
        for (m, model) in models.enumerated() where suiteCells.contains(where: { $0[m] != nil }) {
            columns[model] = keys.map { key in
                guard let record = suiteCells[Int(key.suite)][m]?.record(at: Int(key.index)),
                    let f = record.figures(routing: routing)
                else { return .absent }
                return CaseOutcomeGrid.Entry(pass: f.pass, score: f.score, cost: f.cost ?? .nan, samples: f.judged, answered: record.answered)
            }
        }
        let clusters: [String?] = suites.contains(where: { !$0.clusters.isEmpty })
            ? keys.map { key in
                let suite = suites[Int(key.suite)]
                guard let ids = suiteCases[suite.name]?.ids else { return nil }
                return suite.clusters[ids[Int(key.index)]]
            }
            : []
        return CaseOutcomeGrid(caseIDs: keys.map(\.id), clusters: clusters, columns: columns)
    }
}

import AssayCore

/// Which of a run's planned samples the store holds: one bit per planned sample, at its place in the
/// plan's order (suite, case, repeat, model).
///
/// A set of `PlannedKey`s (three strings and a repeat) took about 220 bytes per stored sample and was the
/// largest thing a million-sample run held when it checked what was missing; the bits take one eighth of
/// a byte per planned sample. Mapping a stored key to its place takes one dictionary entry per case,
/// built only once a key is read.
struct StoredSamples: Sendable {
    private let suiteIndex: [String: Int]
    private let modelIndex: [String: Int]
    private let suites: [Suite]
    /// Per suite, its case ids' positions (built at the first key read).
    private var caseIndex: [[String: Int]]?
    /// Per suite, the place of its first planned sample.
    private let suiteOffsets: [Int]
    private let repeats: Int
    private let modelCount: Int
    private var bits: [UInt64]
    /// Every stored sample of the run read, planned or not.
    private(set) var count = 0
    /// The stored samples that are planned.
    private(set) var plannedCount = 0

    init(suites: [Suite], models: [ModelSpec], repeats: Int) {
        self.suites = suites
        self.suiteIndex = Dictionary(suites.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.modelIndex = Dictionary(models.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.repeats = max(1, repeats)
        self.modelCount = models.count
        var offsets: [Int] = []
        var total = 0
        for suite in suites {
            offsets.append(total)
            total += suite.cases.count * self.repeats * models.count
        }
        self.suiteOffsets = offsets
        self.bits = [UInt64](repeating: 0, count: (total + 63) / 64)
    }

    /// The stored samples of `runID`, read from the store one key at a time.
    static func read(from store: any ResultStore, runID: String, suites: [Suite], models: [ModelSpec], repeats: Int) async throws -> StoredSamples {
        var stored = StoredSamples(suites: suites, models: models, repeats: repeats)
        try await store.forEachSampleKey(runID: runID) { stored.insert($0) }
        return stored
    }

    /// The keys given (tests, and a plan built without a store).
    init(_ keys: some Sequence<PlannedKey>, suites: [Suite], models: [ModelSpec], repeats: Int) {
        self.init(suites: suites, models: models, repeats: repeats)
        for key in keys { insert(key) }
    }

    var isEmpty: Bool { count == 0 }

    mutating func insert(_ key: PlannedKey) {
        count += 1
        if caseIndex == nil {
            caseIndex = suites.map { suite in
                Dictionary(suite.cases.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            }
        }
        guard let place = place(of: key) else { return }
        let mask = UInt64(1) << UInt64(place % 64)
        if bits[place / 64] & mask == 0 {
            bits[place / 64] |= mask
            plannedCount += 1
        }
    }

    func contains(_ entry: RunPlan.Entry) -> Bool {
        guard let place = place(suite: Int(entry.suite), testCase: Int(entry.testCase), repeatIndex: Int(entry.repeatIndex), model: Int(entry.model))
        else { return false }
        return bits[place / 64] & (UInt64(1) << UInt64(place % 64)) != 0
    }

    func contains(_ key: PlannedKey) -> Bool {
        guard let place = place(of: key) else { return false }
        return bits[place / 64] & (UInt64(1) << UInt64(place % 64)) != 0
    }

    private func place(of key: PlannedKey) -> Int? {
        guard let s = suiteIndex[key.suite], let m = modelIndex[key.model], let c = caseIndex?[s][key.caseID] else { return nil }
        return place(suite: s, testCase: c, repeatIndex: key.repeatIndex, model: m)
    }

    private func place(suite: Int, testCase: Int, repeatIndex: Int, model: Int) -> Int? {
        guard suite >= 0, suite < suites.count, testCase >= 0, testCase < suites[suite].cases.count, repeatIndex >= 0,
            repeatIndex < repeats, model >= 0, model < modelCount
        else { return nil }
        return suiteOffsets[suite] + (testCase * repeats + repeatIndex) * modelCount + model
    }
}

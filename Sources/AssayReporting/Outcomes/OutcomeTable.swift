public import AssayCore
import AssayStatistics

/// A run's samples reduced, in one pass over the store, to what aggregation, routing, comparison and the
/// report writers read: per suite × model the counts, sums and latencies, and per case its outcome. The
/// samples themselves (with their answers and grades) are never held together: a run of 100,000 samples
/// keeps a few numbers per sample here.
public struct OutcomeTable: Sendable {
    /// One suite × model.
    public struct Cell: Sendable {
        public var samples = 0
        public var graded = 0
        public var cached = 0
        public var errorsByKind: [String: Int] = [:]
        /// Graded samples with a pass/fail, and those that passed.
        public var judgedGraded = 0
        public var passedGraded = 0
        /// Scores of graded samples (those that have one), summed in key order.
        public var scoreSum = 0.0
        public var scoreCount = 0
        /// Per metric, the sum and count of the scores of grades that did not error.
        public var metrics: [String: (sum: Double, count: Int)] = [:]
        /// Graded samples with tool-call assertions, and those whose every tool-call assertion passed.
        public var toolGraded = 0
        public var toolPassed = 0
        /// Of graded samples with timings: TTFT, end-to-end latency and output speed.
        public var ttftMs: [Double] = []
        public fileprivate(set) var totalMs: [Double] = []
        public var tokensPerSecond: [Double] = []
        /// Of graded samples with timings and more than one output token: time per output token after the first.
        public var tpotMs: [Double] = []
        /// Goodput under the table's serving objective: live calls (failed ones included, cached answers left
        /// out), and those answered within every bound.
        public var sloCalls = 0
        public var sloMet = 0
        /// Inter-chunk latencies of the graded, live, streamed calls, pooled (vLLM's ITL): all of them up to
        /// `chunkGapLimit`, past it a seeded uniform sample of that size (reservoir sampling), so that memory
        /// stays bounded on huge runs; `chunkGapCount` is how many there were.
        public fileprivate(set) var chunkGapsMs: [Float] = []
        public fileprivate(set) var chunkGapCount = 0
        fileprivate var chunkGapRandom: SplitMix64?
        public var inputTokens = 0
        public var outputTokens = 0
        /// Cost of the answered samples; unknown once one has no price.
        public var cost: Double? = 0
        public var judgeCost = 0.0
        public var graderErrors = 0
        public var retries = 0
        /// Grades given by a judge, and those the judge could not give.
        public var judgedGrades = 0
        public var judgeErrors = 0
        /// JUnit: answers that failed their grade, calls that failed or could not be graded, and the
        /// end-to-end time in seconds.
        public var junitFailures = 0
        public var junitErrors = 0
        public var seconds = 0.0
        public var repeats = 0
        /// Per case, by its index in the suite's `SuiteCases` (shared by the suite's cells, so that a run of
        /// 100,000 samples keeps one small fixed-size record per case × model and one index per suite). A
        /// case this model did not run has no record past the end, and a record with count 0 before it.
        public fileprivate(set) var records: [CaseRecord] = []
        /// The cases this model ran.
        public fileprivate(set) var caseCount = 0
        /// For each entry of `totalMs`, the index of its case (so that a category's latencies over some of
        /// its cases need no list per case).
        fileprivate var totalMsCase: [Int32] = []

        public init() {}

        /// The record of the case at `index` in the suite's cases, if this model ran it.
        public func record(at index: Int) -> CaseRecord? {
            index < records.count && records[index].count > 0 ? records[index] : nil
        }
    }

    /// One suite's case ids in key order of first sight over all its models, and their indices.
    public struct SuiteCases: Sendable {
        public fileprivate(set) var ids: [String] = []
        fileprivate var indexOfID: [String: Int] = [:]

        public func index(of caseID: String) -> Int? { indexOfID[caseID] }

        fileprivate mutating func add(_ caseID: String) -> Int {
            if let index = indexOfID[caseID] { return index }
            indexOfID[caseID] = ids.count
            ids.append(caseID)
            return ids.count - 1
        }
    }

    /// One model's samples of one case: counts as 32-bit, an unknown cost as NaN, so that a record is 64
    /// bytes.
    public struct CaseRecord: Sendable {
        /// Sum of scores over the judged samples (a failed call scores 0).
        public var scoreSum = 0.0
        /// The same figure with the judge metrics of an untrusted judge left out (for routing).
        public var routingScoreSum = 0.0
        private var storedCost = 0.0
        public var count: Int32 = 0
        /// Samples whose pass/fail is known (graded with a pass/fail, or failed calls), and passes.
        public var judged: Int32 = 0
        public var passes: Int32 = 0
        /// Answered samples (with usage).
        public var answered: Int32 = 0
        /// Samples that passed, and how many times pass/fail changed from one repeat to the next (in the
        /// order the repeats were added): a flaky case passes sometimes and flips.
        public var passedSamples: Int32 = 0
        public var flips: Int32 = 0
        /// Samples whose code-tests grade passed (for pass@k).
        public var codeTestPasses: Int32 = 0
        /// Judged samples and passes with the judge metrics of an untrusted judge left out (for routing).
        public var routingJudged: Int32 = 0
        public var routingPasses: Int32 = 0
        var lastPassed: Bool?

        /// The summed cost of the answered samples; unknown once one has no price.
        public var cost: Double? {
            get { storedCost.isNaN ? nil : storedCost }
            set { storedCost = newValue ?? .nan }
        }

        /// The case's figures as paired comparisons read them, nil when no sample's pass/fail is known;
        /// `routing` leaves out an untrusted judge's metrics. A case whose calls all failed costs nothing.
        func figures(routing: Bool) -> (pass: Double, score: Double, cost: Double?, judged: Int32)? {
            let judged = routing ? routingJudged : self.judged
            guard judged > 0 else { return nil }
            let passes = routing ? routingPasses : self.passes
            let scores = routing ? routingScoreSum : scoreSum
            return (Double(passes) / Double(judged), scores / Double(judged), answered == 0 ? 0 : cost.map { $0 / Double(count) }, judged)
        }
    }

    public private(set) var cells: [String: [String: Cell]] = [:]
    /// Per suite, its cases.
    public private(set) var suiteCases: [String: SuiteCases] = [:]
    /// Per suite, the judge metrics left out of the routing figures.
    public let excludedMetrics: [String: Set<String>]
    /// The serving objective that goodput is counted against; nil counts none.
    public let slo: ServiceLevelObjective?
    private let thresholds: [String: [String: Double?]]
    private let suiteThresholds: [String: Double?]
    /// Suites that the excluded metrics leave without any weighted grader: their answers cannot be
    /// graded for routing, so their failed calls are not counted as fails either (or a model whose calls
    /// all failed would be the only one with outcomes).
    private let ungradableForRouting: Set<String>
    /// Per suite, its number of cases: a new cell's records are allocated for all of them at once, not
    /// grown by doubling (which left up to half of the largest thing the table holds unused).
    private let caseCounts: [String: Int]

    public init(suites: [Suite], excludedMetrics: [String: Set<String>] = [:], slo: ServiceLevelObjective? = nil) {
        self.excludedMetrics = excludedMetrics
        self.slo = slo
        var thresholds: [String: [String: Double?]] = [:]
        var suiteThresholds: [String: Double?] = [:]
        for suite in suites where !(excludedMetrics[suite.name] ?? []).isEmpty {
            suiteThresholds[suite.name] = suite.threshold
            thresholds[suite.name] = Dictionary(suite.cases.map { ($0.id, $0.threshold) }, uniquingKeysWith: { a, _ in a })
        }
        self.thresholds = thresholds
        self.suiteThresholds = suiteThresholds
        self.caseCounts = Dictionary(suites.map { ($0.name, $0.cases.count) }, uniquingKeysWith: { a, _ in a })
        self.ungradableForRouting = Set(suites.filter { suite in
            guard let excluded = excludedMetrics[suite.name], !excluded.isEmpty else { return false }
            let weighted = (suite.assertions + suite.cases.flatMap(\.assertions)).filter { $0.weight > 0 }
            return !weighted.contains { !excluded.contains($0.metricName) }
        }.map(\.name))
    }

    /// Adds one sample; samples come in key order (suite, case, model, repeat), as a store streams them.
    public mutating func add(_ s: Sample) {
        // Taken out of the table while it is updated: a copy left behind would make every append below copy
        // the cell's arrays and dictionaries whole (copy-on-write), once per sample.
        var cell = cells[s.suite]?.removeValue(forKey: s.model) ?? {
            var fresh = Cell()
            fresh.records.reserveCapacity(caseCounts[s.suite] ?? 0)
            return fresh
        }()
        cell.samples += 1
        cell.repeats = max(cell.repeats, s.repeatIndex + 1)
        if s.cached { cell.cached += 1 }
        cell.judgeCost += s.judgeCost
        cell.retries += max(0, s.attempts - 1)
        if let usage = s.usage {
            cell.inputTokens += usage.inputTokens
            cell.outputTokens += usage.outputTokens
            cell.cost = Self.sum(cell.cost, s.cost)
        }
        for g in s.grades where g.judge != nil {
            cell.judgedGrades += 1
            if g.error != nil { cell.judgeErrors += 1 }
        }
        cell.seconds += (s.timings?.totalMs ?? 0) / 1000
        if let slo, !s.cached {
            switch s.status {
            case .error:
                cell.sloCalls += 1
            case .graded:
                if let timings = s.timings {
                    cell.sloCalls += 1
                    if slo.isMet(by: timings, outputTokens: s.usage?.outputTokens) { cell.sloMet += 1 }
                }
            }
        }
        switch s.status {
        case .error:
            cell.errorsByKind[(s.errorKind ?? .connection).rawValue, default: 0] += 1
            cell.junitErrors += 1
        case .graded:
            cell.graded += 1
            if let passed = s.passed {
                cell.judgedGraded += 1
                if passed { cell.passedGraded += 1 }
            }
            if let score = s.score {
                cell.scoreSum += score
                cell.scoreCount += 1
            }
            let toolGrades = s.grades.filter { $0.error == nil && GradeResult.isToolCallType($0.type) }
            if !toolGrades.isEmpty {
                cell.toolGraded += 1
                if toolGrades.allSatisfy(\.pass) { cell.toolPassed += 1 }
            }
            for g in s.grades where g.error == nil {
                let current = cell.metrics[g.metric] ?? (0, 0)
                cell.metrics[g.metric] = (current.sum + g.score, current.count + 1)
            }
            if let timings = s.timings {
                if let ttft = timings.ttftMs { cell.ttftMs.append(ttft) }
                if let speed = s.usage.flatMap({ timings.outputTokensPerSecond(outputTokens: $0.outputTokens) }) {
                    cell.tokensPerSecond.append(speed)
                }
                if let tpot = s.usage.flatMap({ timings.timePerOutputTokenMs(outputTokens: $0.outputTokens) }) {
                    cell.tpotMs.append(tpot)
                }
                if !s.cached, let gaps = timings.chunkGapsMs {
                    for gap in gaps { Self.addChunkGap(gap, to: &cell, seed: StableHash.of(s.suite, s.model, "itl")) }
                }
            }
            if s.hasGraderError { cell.graderErrors += 1; cell.junitErrors += 1 } else if s.passed == false { cell.junitFailures += 1 }
        }

        let index = suiteCases[s.suite, default: SuiteCases()].add(s.caseID)
        if index >= cell.records.count {
            cell.records.append(contentsOf: repeatElement(CaseRecord(), count: index + 1 - cell.records.count))
        }
        if s.status == .graded, let total = s.timings?.totalMs {
            cell.totalMs.append(total)
            cell.totalMsCase.append(Int32(index))
        }
        var record = cell.records[index]
        if record.count == 0 { cell.caseCount += 1 }
        record.count += 1
        if s.usage != nil {
            record.answered += 1
            record.cost = Self.sum(record.cost, s.cost)
        }
        if s.grades.contains(where: { $0.type == AssertionKind.codeTests.rawValue && $0.pass && $0.error == nil }) {
            record.codeTestPasses += 1
        }
        let passed = s.passed == true
        if passed { record.passedSamples += 1 }
        if let last = record.lastPassed, last != passed { record.flips += 1 }
        record.lastPassed = passed
        if s.status == .error || s.passed != nil {
            record.judged += 1
            if s.passed == true { record.passes += 1 }
            record.scoreSum += s.status == .error ? 0 : (s.score ?? 0)
        }
        // Routing leaves out the metrics of an untrusted judge: pass/fail and score from the rest.
        var routing = (passed: s.passed, score: s.score)
        if let excluded = excludedMetrics[s.suite], !excluded.isEmpty, s.status == .graded {
            let threshold = thresholds[s.suite]?[s.caseID] ?? nil
            let combined = GradeResult.combine(s.grades.filter { !excluded.contains($0.metric) }, threshold: threshold ?? (suiteThresholds[s.suite] ?? nil))
            routing = (combined.passed, combined.score)
        }
        if (s.status == .error && !ungradableForRouting.contains(s.suite)) || (s.status == .graded && routing.passed != nil) {
            record.routingJudged += 1
            if routing.passed == true { record.routingPasses += 1 }
            record.routingScoreSum += s.status == .error ? 0 : (routing.score ?? 0)
        }
        cell.records[index] = record
        cells[s.suite, default: [:]][s.model] = cell
    }

    /// Pooled inter-chunk latencies kept per suite × model before sampling starts.
    public static let chunkGapLimit = 250_000

    static func addChunkGap(_ gap: Float, to cell: inout Cell, seed: @autoclosure () -> UInt64) {
        cell.chunkGapCount += 1
        if cell.chunkGapsMs.count < chunkGapLimit {
            cell.chunkGapsMs.append(gap)
            return
        }
        if cell.chunkGapRandom == nil { cell.chunkGapRandom = SplitMix64(seed: seed()) }
        let slot = Int(cell.chunkGapRandom!.next() % UInt64(cell.chunkGapCount))
        if slot < chunkGapLimit { cell.chunkGapsMs[slot] = gap }
    }

    /// Builds the table from a sample source (one pass over the store).
    public static func build(
        suites: [Suite], excludedMetrics: [String: Set<String>] = [:], slo: ServiceLevelObjective? = nil, from source: SampleSource
    ) async throws -> OutcomeTable {
        var table = OutcomeTable(suites: suites, excludedMetrics: excludedMetrics, slo: slo)
        try await source.forEach(nil, nil) { table.add($0) }
        return table
    }

    /// The table of an array of samples (tests and small runs).
    public static func of(
        _ samples: [Sample], suites: [Suite] = [], excludedMetrics: [String: Set<String>] = [:], slo: ServiceLevelObjective? = nil
    ) -> OutcomeTable {
        var table = OutcomeTable(suites: suites, excludedMetrics: excludedMetrics, slo: slo)
        for s in Sample.inStableOrder(samples) { table.add(s) }
        return table
    }

    public func cell(suite: String, model: String) -> Cell? { cells[suite]?[model] }

    /// Every model with a sample, in any suite.
    public var models: Set<String> { Set(cells.values.flatMap(\.keys)) }

    public var sampleCount: Int { cells.values.flatMap(\.values).map(\.samples).reduce(0, +) }
    public var gradedCount: Int { cells.values.flatMap(\.values).map(\.graded).reduce(0, +) }
    public var cachedCount: Int { cells.values.flatMap(\.values).map(\.cached).reduce(0, +) }
    public var judgedGrades: Int { cells.values.flatMap(\.values).map(\.judgedGrades).reduce(0, +) }
    public var judgeErrors: Int { cells.values.flatMap(\.values).map(\.judgeErrors).reduce(0, +) }

    /// The case ids of a suite that any model ran, sorted.
    public func caseIDs(suite: String) -> [String] {
        (suiteCases[suite]?.ids ?? []).sorted()
    }

    /// The record of one model on one case, if it ran the case.
    public func record(suite: String, model: String, caseID: String) -> CaseRecord? {
        guard let index = suiteCases[suite]?.index(of: caseID) else { return nil }
        return cells[suite]?[model]?.record(at: index)
    }

    /// Calls `body` with each case the model ran and its record, in key order of first sight.
    public func forEachCase(suite: String, model: String, _ body: (_ caseID: String, CaseRecord) throws -> Void) rethrows {
        guard let cell = cells[suite]?[model], let ids = suiteCases[suite]?.ids else { return }
        for (index, record) in cell.records.enumerated() where record.count > 0 { try body(ids[index], record) }
    }

    /// The end-to-end latencies of one model's graded samples on the cases `include` keeps, in case order
    /// (repeats in the order they were added).
    public func totalMs(suite: String, model: String, ofCases include: (String) -> Bool) -> [Double] {
        guard let cell = cells[suite]?[model], let ids = suiteCases[suite]?.ids else { return [] }
        let kept = ids.map(include)
        var picked: [(caseIndex: Int32, position: Int)] = []
        for (position, index) in cell.totalMsCase.enumerated() where kept[Int(index)] { picked.append((index, position)) }
        picked.sort { ($0.caseIndex, $0.position) < ($1.caseIndex, $1.position) }
        return picked.map { cell.totalMs[$0.position] }
    }

    /// Per-case outcomes of one model on one suite, keyed by case id; `routing` uses the figures without
    /// untrusted judge metrics.
    public func outcomes(suite: String, model: String, clusters: [String: String], routing: Bool = false) -> [String: CaseOutcome] {
        var out: [String: CaseOutcome] = [:]
        out.reserveCapacity(cells[suite]?[model]?.caseCount ?? 0)
        forEachOutcome(suite: suite, model: model, clusters: clusters, routing: routing) { out[$0] = $1 }
        return out
    }

    /// Calls `body` with each case's outcome (cases with a known pass/fail), in key order of first sight.
    public func forEachOutcome(
        suite: String, model: String, clusters: [String: String], routing: Bool = false, _ body: (_ caseID: String, CaseOutcome) -> Void
    ) {
        forEachCase(suite: suite, model: model) { caseID, r in
            guard let f = r.figures(routing: routing) else { return }
            body(caseID, CaseOutcome(
                caseID: caseID, cluster: clusters[caseID], pass: f.pass, score: f.score, samples: Int(f.judged), cost: f.cost,
                answered: Int(r.answered)))
        }
    }

    /// A sum that is unknown once a term is.
    public static func sum(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b else { return nil }
        return a + b
    }
}

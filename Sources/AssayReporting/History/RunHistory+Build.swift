public import AssayCore
import AssayStatistics
public import Foundation

extension RunHistory {
    /// Which stored runs to cover.
    public enum Window: Sendable, Hashable {
        /// Every complete run.
        case all
        /// The newest N complete runs.
        case last(Int)
        /// Complete runs started at or after this time.
        case since(Date)
    }

    /// Reads the runs of `window` from the store (one pass over each run's samples, without their texts)
    /// and tests each suite × model for drift. With `suites`, only runs that hold one of them count toward
    /// the window (a store shared by several nightly jobs).
    /// - Parameters:
    ///   - suites: only these suites (all when empty).
    ///   - including: a run covered whatever its status (the run being published), as the newest.
    public static func build(
        store: any ResultStore, suites: [String] = [], window: Window = .last(30), options: HistoryOptions = HistoryOptions(),
        including: String? = nil
    ) async throws -> RunHistory {
        var notes: [String] = []
        let wanted = Set(suites)
        var stored = try await store.runs()
        // Each run's configuration, decoded once.
        let manifests = Dictionary(stored.map { ($0.id, RunManifest(json: $0.configuration)) }, uniquingKeysWith: { a, _ in a })
        if !wanted.isEmpty {
            stored = stored.filter { run in
                run.id == including || (manifests[run.id].flatMap { $0 }?.suites ?? []).contains { wanted.contains($0.name) }
            }
        }
        let incomplete = stored.filter { $0.status != .complete && $0.id != including }
        if !incomplete.isEmpty {
            notes.append("\(incomplete.count) run(s) not complete, left out: " + incomplete.map(\.id).sorted().joined(separator: ", "))
        }
        var chosen = stored.filter { $0.status == .complete && $0.id != including }.sorted { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
        if let run = stored.first(where: { $0.id == including }) { chosen = chosen.filter { $0.startedAt <= run.startedAt } + [run] }
        switch window {
        case .all: break
        case .last(let n): chosen = Array(chosen.suffix(max(0, n)))
        case .since(let start): chosen = chosen.filter { (ISOTime.parse($0.startedAt) ?? .distantPast) >= start }
        }
        // A run being published with no earlier run to compare with: nothing to read.
        if including != nil, chosen.count < 2 {
            return RunHistory(
                options: options,
                runs: chosen.map { RunEntry(id: $0.id, startedAt: $0.startedAt, status: $0.status.rawValue, simulated: $0.simulated) },
                series: [], checks: [], notes: notes)
        }
        // Per series, the cells of its newest runs: only those can be in a drift window.
        let kept = options.recentRuns + options.referenceRuns
        var cells: [String: [(run: String, cell: HistoryRunCell)]] = [:]
        var series: [String: HistorySeries] = [:]
        for run in chosen {
            let manifest = manifests[run.id].flatMap { $0 }
            if manifest == nil { notes.append("run \(run.id): its configuration cannot be read; its suite versions and prices are taken as unchanged") }
            var runCells: [String: HistoryRunCell] = [:]
            try await store.forEachSample(runID: run.id, text: false) { s in
                guard wanted.isEmpty || wanted.contains(s.suite) else { return }
                runCells["\(s.suite)/\(s.model)", default: HistoryRunCell()].add(s)
            }
            for (key, cell) in runCells {
                guard let slash = key.firstIndex(of: "/") else { continue }
                let suite = String(key[..<slash])
                let model = String(key[key.index(after: slash)...])
                let suiteEntry = manifest?.suites.first { $0.name == suite }
                let price = manifest?.models.first { $0.id == model }?.price
                var point = HistoryPoint(
                    runID: run.id, startedAt: run.startedAt, suiteVersion: suiteEntry?.version ?? "?",
                    suiteFingerprint: suiteEntry?.digests.map { "\($0.prompts)/\($0.grading)/\($0.generation)" },
                    priceInput: price?.input, priceOutput: price?.output)
                point.fill(from: cell)
                series[key, default: HistorySeries(suite: suite, model: model, points: [])].points.append(point)
                cells[key, default: []].append((run.id, cell))
                if cells[key]!.count > kept { cells[key]!.removeFirst() }
            }
        }
        var ordered = series.values.sorted { ($0.suite, $0.model) < ($1.suite, $1.model) }
        for i in ordered.indices { ordered[i].markSegments() }
        var history = RunHistory(
            options: options,
            runs: chosen.map { RunEntry(id: $0.id, startedAt: $0.startedAt, status: $0.status.rawValue, simulated: $0.simulated) },
            series: ordered, checks: [], notes: notes)
        history.detectDrift(cells: cells.mapValues { Dictionary($0.map { ($0.run, $0.cell) }, uniquingKeysWith: { a, _ in a }) }, including: including)
        return history
    }
}

extension HistoryPoint {
    mutating func fill(from cell: HistoryRunCell) {
        samples = cell.samples
        judged = cell.judged
        passed = cell.passed
        if judged > 0 {
            let wilson = WilsonInterval.interval(successes: passed, total: judged)
            passRate = Double(passed) / Double(judged)
            passRateLow = wilson.low
            passRateHigh = wilson.high
        }
        let answered = cell.cases.values.reduce(into: (judged: 0, passed: 0)) { $0.judged += $1.answeredJudged; $0.passed += $1.answeredPassed }
        answeredPassRate = answered.judged > 0 ? Double(answered.passed) / Double(answered.judged) : nil
        let ttft = cell.ttftMs.sorted()
        let total = cell.totalMs.sorted()
        ttftP50Ms = Percentile.of(sorted: ttft, 50)
        ttftP95Ms = Percentile.of(sorted: ttft, 95)
        latencyP50Ms = Percentile.of(sorted: total, 50)
        latencyP95Ms = Percentile.of(sorted: total, 95)
        tpotP50Ms = Percentile.of(cell.tpotMs, 50)
        outputTokensPerSecond = Percentile.of(cell.tokensPerSecond, 50)
        costPerTask = cell.priced == 0 ? nil : cell.cost.map { $0 / Double(cell.priced) }
        errorsByKind = cell.errorsByKind
    }
}

extension HistorySeries {
    /// Numbers the segments: a new one begins where the suite's version or content, or the model's price,
    /// differs from the point before.
    mutating func markSegments() {
        var segment = 0
        for i in points.indices {
            defer { points[i].segment = segment }
            guard i > 0 else { continue }
            let (a, b) = (points[i - 1], points[i])
            var reasons: [String] = []
            // A run whose configuration could not be read ("?", no price) changes nothing it cannot show.
            if a.suiteVersion != b.suiteVersion, a.suiteVersion != "?", b.suiteVersion != "?" {
                reasons.append("suite version \(a.suiteVersion) → \(b.suiteVersion)")
            } else if let x = a.suiteFingerprint, let y = b.suiteFingerprint, x != y {
                reasons.append("suite content changed at the same version")
            }
            if a.priceInput != nil, b.priceInput != nil, a.priceInput != b.priceInput || a.priceOutput != b.priceOutput {
                reasons.append("price \(Self.price(a)) → \(Self.price(b)) per million tokens")
            }
            if !reasons.isEmpty {
                segment += 1
                points[i].segmentReason = reasons.joined(separator: "; ")
            }
        }
    }

    static func price(_ p: HistoryPoint) -> String {
        guard let input = p.priceInput, let output = p.priceOutput else { return "unknown" }
        return "$\(JSONValue.format(number: input))/$\(JSONValue.format(number: output))"
    }
}

public import AssayCore
import AssayStatistics
import Foundation

extension RunHistory {
    /// Which stored runs to cover.
    public enum Window: Sendable, Hashable {
        /// Every complete run.
        case all
        /// The newest N complete runs.
        case last(Int)
        /// Complete runs started on or after this day or time (ISO 8601, compared as text: `2026-11-20`).
        case since(String)
    }

    /// Reads the runs of `window` from the store (one pass over each run's samples, without their texts)
    /// and tests each suite × model for drift.
    /// - Parameters:
    ///   - suites: only these suites (all when empty).
    ///   - including: a run covered whatever its status (the run being published), as the newest.
    public static func build(
        store: any ResultStore, suites: [String] = [], window: Window = .last(30), options: HistoryOptions = HistoryOptions(),
        including: String? = nil
    ) async throws -> RunHistory {
        var notes: [String] = []
        let stored = try await store.runs()
        let incomplete = stored.filter { $0.status != .complete && $0.id != including }
        if !incomplete.isEmpty {
            notes.append("\(incomplete.count) run(s) not complete, left out: " + incomplete.map(\.id).sorted().joined(separator: ", "))
        }
        var chosen = stored.filter { $0.status == .complete && $0.id != including }.sorted { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
        if let run = stored.first(where: { $0.id == including }) { chosen = chosen.filter { $0.startedAt <= run.startedAt } + [run] }
        switch window {
        case .all: break
        case .last(let n): chosen = Array(chosen.suffix(max(0, n)))
        case .since(let start): chosen = chosen.filter { $0.startedAt >= start }
        }
        let wanted = Set(suites)
        var cells: [String: [String: HistoryRunCell]] = [:]  // series key → run id → cell
        var series: [String: HistorySeries] = [:]
        for run in chosen {
            let manifest = RunManifest(json: run.configuration)
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
                cells[key, default: [:]][run.id] = cell
            }
        }
        var ordered = series.values.sorted { ($0.suite, $0.model) < ($1.suite, $1.model) }
        for i in ordered.indices { ordered[i].markSegments() }
        var history = RunHistory(
            options: options,
            runs: chosen.map { RunEntry(id: $0.id, startedAt: $0.startedAt, status: $0.status.rawValue, simulated: $0.simulated) },
            series: ordered, checks: [], notes: notes)
        history.detectDrift(cells: cells)
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
        costPerTask = cell.cost.map { $0 / Double(max(1, cell.samples)) }
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
            if a.suiteVersion != b.suiteVersion {
                reasons.append("suite version \(a.suiteVersion) → \(b.suiteVersion)")
            } else if let x = a.suiteFingerprint, let y = b.suiteFingerprint, x != y {
                reasons.append("suite content changed at the same version")
            }
            if a.priceInput != b.priceInput || a.priceOutput != b.priceOutput {
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
        func text(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e12 ? String(Int(v)) : String(v) }
        return "$\(text(input))/$\(text(output))"
    }
}

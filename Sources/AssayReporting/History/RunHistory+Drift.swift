import AssayStatistics

extension RunHistory {
    /// Tests each series' recent runs against the runs before them in its newest segment, then corrects the
    /// p-values of every check together (Holm) and flags the changes that are both significant and at least
    /// the configured size.
    /// - Parameter including: the run being published: only the series it ran are tested.
    mutating func detectDrift(cells: [String: [String: HistoryRunCell]], including: String?) {
        var found: [DriftCheck] = []
        // A series no longer run keeps its last flag forever otherwise: test a series only when its newest
        // point is in the newest run of its suite (or in the run being published).
        var newestRunOfSuite: [String: (run: String, at: String)] = [:]
        for s in series {
            guard let last = s.points.last else { continue }
            if let newest = newestRunOfSuite[s.suite], newest.at >= last.startedAt { continue }
            newestRunOfSuite[s.suite] = (last.runID, last.startedAt)
        }
        for s in series {
            let segment = s.lastSegment
            if let including, s.points.last?.runID != including { continue }
            if including == nil, let newest = newestRunOfSuite[s.suite], s.points.last?.runID != newest.run {
                notes.append("\(s.key): not in the newest run of its suite (\(newest.run)); not tested")
                continue
            }
            guard segment.count > options.recentRuns else {
                notes.append("\(s.key): \(segment.count) run(s) in its newest segment; drift needs at least \(options.recentRuns + 1)")
                continue
            }
            let recentIDs = segment.suffix(options.recentRuns).map(\.runID)
            let referenceIDs = segment.dropLast(options.recentRuns).suffix(options.referenceRuns).map(\.runID)
            let runCells = cells[s.key] ?? [:]
            let recent = recentIDs.compactMap { runCells[$0] }
            let reference = referenceIDs.compactMap { runCells[$0] }
            found += checks(suite: s.suite, model: s.model, recent: recent, reference: reference)
        }
        let adjusted = HolmCorrection.adjust(found.map(\.p))
        for i in found.indices {
            found[i].pAdjusted = adjusted[i]
            let c = found[i]
            var large = c.metric == .quality ? c.change <= -c.minimum : c.change >= c.minimum
            if c.metric == .ttft || c.metric == .latency { large = large && c.recent - c.reference >= options.minLatencyRiseMs }
            found[i].flagged = large && adjusted[i] <= options.alpha
        }
        checks = found
    }

    func checks(suite: String, model: String, recent: [HistoryRunCell], reference: [HistoryRunCell]) -> [DriftCheck] {
        var out: [DriftCheck] = []
        func check(_ metric: DriftCheck.Metric, _ ref: Double, _ now: Double, _ change: Double, _ minimum: Double, _ p: Double, _ units: String) {
            out.append(DriftCheck(
                suite: suite, model: model, metric: metric, reference: ref, recent: now, change: change, minimum: minimum, p: p, units: units))
        }

        // Quality: per case, the share of answered samples that passed in each window, on the cases both ran.
        let recentCases = Self.pooledCases(recent)
        let referenceCases = Self.pooledCases(reference)
        let paired = recentCases.keys.filter { (recentCases[$0]?.answeredJudged ?? 0) > 0 && (referenceCases[$0]?.answeredJudged ?? 0) > 0 }.sorted()
        if !paired.isEmpty {
            let now = paired.map { Double(recentCases[$0]!.answeredPassed) / Double(recentCases[$0]!.answeredJudged) }
            let before = paired.map { Double(referenceCases[$0]!.answeredPassed) / Double(referenceCases[$0]!.answeredJudged) }
            let a = now.reduce(0, +) / Double(paired.count)
            let b = before.reduce(0, +) / Double(paired.count)
            let p = PairedPermutationTest.pLess(now, before)
            check(.quality, b, a, a - b, options.minQualityDrop, p, "\(paired.count) paired cases")
        }

        // Errors: the share of live calls that failed (an answer from the response cache cannot fail).
        let recentCalls = recent.map(\.liveCalls).reduce(0, +)
        let referenceCalls = reference.map(\.liveCalls).reduce(0, +)
        let recentErrors = recent.map(\.errors).reduce(0, +)
        let referenceErrors = reference.map(\.errors).reduce(0, +)
        if recentCalls > 0, referenceCalls > 0,
            let p = FisherExactTest.pGreater(events: recentErrors, of: recentCalls, against: referenceErrors, of: referenceCalls)
        {
            let a = Double(recentErrors) / Double(recentCalls)
            let b = Double(referenceErrors) / Double(referenceCalls)
            check(.errors, b, a, a - b, options.minErrorRise, p, "\(recentCalls) and \(referenceCalls) calls")
        }

        // Latency: per-call distributions.
        for (metric, values) in [(DriftCheck.Metric.ttft, \HistoryRunCell.ttftMs), (.latency, \HistoryRunCell.totalMs)] {
            let now = recent.flatMap { $0[keyPath: values] }
            let before = reference.flatMap { $0[keyPath: values] }
            guard let test = MannWhitneyTest.test(now, before), let a = Percentile.of(now, 50), let b = Percentile.of(before, 50), b > 0 else { continue }
            check(metric, b, a, a / b - 1, options.minLatencyRise, test.pGreater, "\(now.count) and \(before.count) calls")
        }

        // Cost: per case, the mean cost of an answered sample in each window, on the cases both priced.
        let priced = recentCases.keys.filter { id in
            guard let r = recentCases[id], let f = referenceCases[id] else { return false }
            return r.cost != nil && f.cost != nil && r.priced > 0 && f.priced > 0
        }.sorted()
        if !priced.isEmpty {
            let now = priced.map { recentCases[$0]!.cost! / Double(recentCases[$0]!.priced) }
            let before = priced.map { referenceCases[$0]!.cost! / Double(referenceCases[$0]!.priced) }
            let a = now.reduce(0, +) / Double(priced.count)
            let b = before.reduce(0, +) / Double(priced.count)
            if b > 0 {
                // A rise is tested as a drop of the reference below the recent.
                let p = PairedPermutationTest.pLess(before, now)
                check(.cost, b, a, a / b - 1, options.minCostRise, p, "\(priced.count) paired cases")
            }
        }
        return out
    }

    /// The windows' runs pooled per case.
    static func pooledCases(_ cells: [HistoryRunCell]) -> [String: HistoryRunCell.CaseFigures] {
        var pooled: [String: HistoryRunCell.CaseFigures] = [:]
        for cell in cells {
            for (id, f) in cell.cases {
                var sum = pooled[id] ?? HistoryRunCell.CaseFigures()
                sum.answeredJudged += f.answeredJudged
                sum.answeredPassed += f.answeredPassed
                sum.priced += f.priced
                sum.cost = OutcomeTable.sum(sum.cost, f.cost)
                pooled[id] = sum
            }
        }
        return pooled
    }
}

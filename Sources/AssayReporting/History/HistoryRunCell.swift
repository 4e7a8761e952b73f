import AssayCore

/// What one run holds for one suite × model, kept for the drift tests: per case its answered pass/fail and
/// cost, and per call its latencies.
struct HistoryRunCell: Sendable {
    struct CaseFigures: Sendable {
        /// Answered samples with a pass/fail, and those that passed.
        var answeredJudged = 0
        var answeredPassed = 0
        /// Answered samples (with usage), and their summed cost: a failed call costs nothing, so cost per
        /// task is taken over these, or an outage would read as a saving and its end as a rise.
        var priced = 0
        var cost: Double? = 0
    }

    var samples = 0
    /// Samples that were calls (not answered from the response cache, which cannot fail).
    var liveCalls = 0
    var priced = 0
    var judged = 0
    var passed = 0
    var errorsByKind: [String: Int] = [:]
    var cases: [String: CaseFigures] = [:]
    /// Live (not cached) answered calls' TTFT and end-to-end latency, time per output token and output speed.
    var ttftMs: [Double] = []
    var totalMs: [Double] = []
    var tpotMs: [Double] = []
    var tokensPerSecond: [Double] = []
    var cost: Double? = 0

    var errors: Int { errorsByKind.values.reduce(0, +) }

    mutating func add(_ s: Sample) {
        samples += 1
        if !s.cached { liveCalls += 1 }
        var figures = cases[s.caseID] ?? CaseFigures()
        switch s.status {
        case .error:
            errorsByKind[(s.errorKind ?? .connection).rawValue, default: 0] += 1
            judged += 1
        case .graded:
            if let pass = s.passed {
                judged += 1
                figures.answeredJudged += 1
                if pass {
                    passed += 1
                    figures.answeredPassed += 1
                }
            }
            if let timings = s.timings, !s.cached {
                if let ttft = timings.ttftMs { ttftMs.append(ttft) }
                totalMs.append(timings.totalMs)
                if let usage = s.usage {
                    if let tpot = timings.timePerOutputTokenMs(outputTokens: usage.outputTokens) { tpotMs.append(tpot) }
                    if let speed = timings.outputTokensPerSecond(outputTokens: usage.outputTokens) { tokensPerSecond.append(speed) }
                }
            }
        }
        if s.usage != nil {
            figures.priced += 1
            priced += 1
            figures.cost = OutcomeTable.sum(figures.cost, s.cost)
            cost = OutcomeTable.sum(cost, s.cost)
        }
        cases[s.caseID] = figures
    }
}

public import AssayCore

/// One model's result on one case, over its repeats: the unit that paired tests compare.
public struct CaseOutcome: Sendable, Hashable {
    public var caseID: String
    public var cluster: String?
    /// Share of the case's samples that passed; failed calls count as not passed.
    public var pass: Double
    /// Mean score over the samples; a failed call scores 0.
    public var score: Double
    /// Samples whose pass/fail is known (graded without grader errors, or failed calls).
    public var samples: Int
    /// Mean cost per sample; nil when unknown.
    public var cost: Double?

    public init(caseID: String, cluster: String?, pass: Double, score: Double, samples: Int, cost: Double?) {
        self.caseID = caseID
        self.cluster = cluster
        self.pass = pass
        self.score = score
        self.samples = samples
        self.cost = cost
    }

    /// Per-case outcomes of one model on one suite, keyed by case id.
    public static func outcomes(of samples: [Sample], clusters: [String: String]) -> [String: CaseOutcome] {
        var byCase: [String: [Sample]] = [:]
        for s in samples { byCase[s.caseID, default: []].append(s) }
        var out: [String: CaseOutcome] = [:]
        for (caseID, list) in byCase {
            let judged = list.filter { $0.status == .error || $0.passed != nil }
            guard !judged.isEmpty else { continue }
            let passes = judged.filter { $0.passed == true }.count
            let scores = judged.map { $0.status == .error ? 0 : ($0.score ?? 0) }
            let answered = list.filter { $0.usage != nil }
            let costs = answered.map(\.cost)
            let cost: Double? = costs.contains(where: { $0 == nil }) || answered.isEmpty
                ? (answered.isEmpty ? 0 : nil) : costs.compactMap { $0 }.reduce(0, +) / Double(list.count)
            out[caseID] = CaseOutcome(
                caseID: caseID, cluster: clusters[caseID], pass: Double(passes) / Double(judged.count),
                score: scores.reduce(0, +) / Double(scores.count), samples: judged.count, cost: cost)
        }
        return out
    }
}

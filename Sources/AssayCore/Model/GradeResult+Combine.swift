extension GradeResult {
    /// The weighted mean score over the grades that did not error, and pass/fail: with a threshold,
    /// the score must reach it; without one, every weighted assertion must pass.
    public static func combine(_ grades: [GradeResult], threshold: Double?) -> (score: Double?, passed: Bool?) {
        let usable = grades.filter { $0.error == nil && !$0.pending }
        guard !usable.isEmpty else { return (nil, nil) }
        let totalWeight = usable.map(\.weight).reduce(0, +)
        let score = totalWeight > 0 ? usable.map { $0.score * $0.weight }.reduce(0, +) / totalWeight : 1
        if let threshold { return (score, score >= threshold - 1e-12) }
        return (score, usable.allSatisfy { $0.pass || $0.weight == 0 })
    }
}

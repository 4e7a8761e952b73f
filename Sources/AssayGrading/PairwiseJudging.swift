public import AssayCore
public import Foundation

/// Grades `select-best` once every model has answered a case: every pair of answers is judged in both
/// orders; a model's score on the case is its share of pairwise wins (a tie or an inconsistent pair
/// counts half), and it passes when no other model scored higher.
public enum PairwiseJudging {

    public struct Result: Sendable {
        public var samples: [Sample]
        public var records: [PairwiseRecord]
    }

    /// Judges the pairs of one suite and returns the samples with their `select-best` grades filled in.
    /// - Parameters:
    ///   - samples: the suite's stored samples (every model, every repeat).
    ///   - prompts: each case's rendered prompt, by case id.
    public static func judge(
        suite: Suite, samples: [Sample], prompts: [String: String], judges: [String: any JudgeClient], defaultJudge: String?
    ) async -> Result {
        let specs = suite.assertions.filter { $0.kind == .selectBest }
        guard !specs.isEmpty else { return Result(samples: samples, records: []) }
        let cases = Dictionary(uniqueKeysWithValues: suite.cases.map { ($0.id, $0) })
        var updated = Dictionary(uniqueKeysWithValues: samples.map { (key($0), $0) })
        var records: [PairwiseRecord] = []
        let groups = Dictionary(grouping: samples.filter { $0.status == .graded && $0.output != nil }) { "\($0.caseID)\u{1F}\($0.repeatIndex)" }
        for groupKey in groups.keys.sorted() {
            let group = (groups[groupKey] ?? []).sorted { $0.model < $1.model }
            guard let first = group.first, let testCase = cases[first.caseID] else { continue }
            let input = prompts[testCase.id] ?? suite.prompt
            for spec in specs {
                let judgeID = spec.judge ?? suite.judge ?? defaultJudge
                let criterion = (try? spec.value.map { try Template.render($0, testCase.vars) })??.templateText ?? ""
                var score: [String: Double] = [:]
                var played: [String: Int] = [:]
                var costShare: [String: Double] = [:]
                var notes: [String: [String]] = [:]
                var judgeIdentity: String?
                if let judgeID, let client = judges[judgeID], group.count > 1 {
                    let judge = PairwiseJudge(client: client)
                    for i in group.indices {
                        for j in group.indices where j > i {
                            let a = group[i]
                            let b = group[j]
                            let outcome = await judge.compare(input: input, criterion: criterion, a: a.output ?? "", b: b.output ?? "")
                            judgeIdentity = outcome.judge
                            records.append(PairwiseRecord(
                                suite: suite.name, caseID: a.caseID, repeatIndex: a.repeatIndex, modelA: a.model, modelB: b.model,
                                winner: outcome.winner, judgeCost: outcome.judgeCost))
                            let half = (outcome.judgeCost ?? 0) / 2
                            costShare[a.model, default: 0] += half
                            costShare[b.model, default: 0] += half
                            switch outcome.winner {
                            case .a: score[a.model, default: 0] += 1
                            case .b: score[b.model, default: 0] += 1
                            case .tie, .inconsistent:
                                score[a.model, default: 0] += 0.5
                                score[b.model, default: 0] += 0.5
                                if outcome.winner == .inconsistent {
                                    notes[a.model, default: []].append("inconsistent against \(b.model)")
                                    notes[b.model, default: []].append("inconsistent against \(a.model)")
                                }
                            case .unjudged:
                                notes[a.model, default: []].append("unjudged against \(b.model)")
                                notes[b.model, default: []].append("unjudged against \(a.model)")
                                continue
                            }
                            played[a.model, default: 0] += 1
                            played[b.model, default: 0] += 1
                        }
                    }
                }
                let shares = group.compactMap { s -> Double? in
                    guard let n = played[s.model], n > 0 else { return nil }
                    return (score[s.model] ?? 0) / Double(n)
                }
                let best = shares.max() ?? 0
                for s in group {
                    let grade: GradeResult
                    if let n = played[s.model], n > 0 {
                        let share = (score[s.model] ?? 0) / Double(n)
                        var reason = String(format: "scored %.1f of %d pairwise comparisons (both orders agreeing)", score[s.model] ?? 0, n)
                        if let extra = notes[s.model], !extra.isEmpty { reason += "; " + extra.joined(separator: ", ") }
                        grade = GradeResult(
                            type: spec.typeName, metric: spec.metricName, score: share, pass: share >= best - 1e-12, reason: reason,
                            weight: spec.weight, judgeCost: costShare[s.model], judge: judgeIdentity)
                    } else {
                        let reason = group.count < 2 ? "only one answer to this case: nothing to compare" : "no pair could be judged"
                        grade = GradeResult(
                            type: spec.typeName, metric: spec.metricName, score: 0, pass: false, reason: reason, weight: spec.weight,
                            error: reason, judgeCost: costShare[s.model], judge: judgeIdentity)
                    }
                    guard var sample = updated[key(s)] else { continue }
                    if let index = sample.grades.firstIndex(where: { $0.type == spec.typeName && $0.metric == spec.metricName && $0.pending }) {
                        sample.grades[index] = grade
                    }
                    let combined = GradeResult.combine(sample.grades, threshold: testCase.threshold ?? suite.threshold)
                    sample.score = combined.score
                    sample.passed = combined.passed
                    sample.judgeCost = sample.grades.compactMap(\.judgeCost).reduce(0, +)
                    updated[key(s)] = sample
                }
            }
        }
        return Result(samples: samples.map { updated[key($0)] ?? $0 }, records: records)
    }

    static func key(_ s: Sample) -> String { "\(s.caseID)\u{1F}\(s.model)\u{1F}\(s.repeatIndex)" }
}

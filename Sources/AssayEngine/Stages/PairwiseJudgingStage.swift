import AssayCore
import AssayGrading
import AssayReporting

/// Judges the pairs of the suites graded pairwise (`select-best`), once every model has answered their
/// cases, and records each suite's grades and judgments. Not scheduled once the run was stopped.
struct PairwiseJudgingStage: Sendable {
    let context: RunContext
    let resources: CallResources

    func run() async throws {
        let pairwiseSuites = context.suites.filter(\.isPairwise)
        let store = context.store
        guard !context.stop.isStopped, !pairwiseSuites.isEmpty else { return }
        context.events(.judgingPairs(suites: pairwiseSuites.map(\.name)))
        let plan = context.plan
        for suite in pairwiseSuites {
            let shardCases = Set(plan.shardPart.lazy.filter { plan.suites[Int($0.suite)].name == suite.name }.map { plan.key($0).caseID })
            var before: [Sample] = []
            try await store.forEachSample(runID: context.runID, suite: suite.name, model: nil, text: true) { sample in
                if shardCases.contains(sample.caseID) { before.append(sample) }
            }
            let judged = await PairwiseJudging.judge(
                suite: suite, samples: before, prompts: context.prompts(of: suite), judges: resources.judges, defaultJudge: context.judge?.id)
            // Judgments cut short by a stop are not judgments: nothing of this suite is stored, and a
            // resumed run judges it again.
            if context.stop.isStopped { return }
            for (old, new) in zip(before, judged.samples) where old != new { try await store.record(new) }
            try await store.recordPairwise(runID: context.runID, judged.records)
        }
    }

    /// How many judge calls judging the pairs and calibrating (when `calibrates`) will take, for the budget.
    func judgments(calibrates: Bool) -> Int {
        let plan = context.plan
        var count = 0
        for suite in context.suites where suite.isPairwise {
            let cases = plan.shardPart.filter { plan.suites[Int($0.suite)].name == suite.name && $0.model == 0 }.count
            count += cases * context.models.count * (context.models.count - 1)
        }
        if calibrates { count += context.suites.map(\.calibration.count).reduce(0, +) }
        return count
    }
}

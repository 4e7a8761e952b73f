import AssayCore
import AssayGrading
import AssayReporting

/// Measures the judges against the human labels of the suites' calibration sets, and records how far
/// each agrees: a judge below the kappa floor is left out of routing. One shard does it for the whole
/// run, after the samples; an adaptive run does it first, each shard for its own categories, so that
/// its rounds leave out the same judges as the final routing.
struct CalibrationStage: Sendable {
    let context: RunContext
    let resources: CallResources

    /// After the samples (a full-grid run, the first shard): calibrates every suite, unless stopped.
    func run() async throws {
        guard context.schedule == nil, context.mark.index == 1, !context.stop.isStopped else { return }
        let calibrations = await calibrate(context.suites)
        if !context.stop.isStopped { try await context.store.recordCalibrations(runID: context.runID, calibrations) }
    }

    /// Before an adaptive run's rounds: calibrates the suites of this process's categories that are not
    /// calibrated yet, within the budget.
    /// - Returns: per suite, the judge metrics left out (their judge below the floor).
    func calibrateBeforeRounds() async throws -> [String: Set<String>] {
        let store = context.store
        let owned = context.plan.ownedCategories
        let calibrated = Set(try await store.calibrations(runID: context.runID).map(\.suite))
        let due = context.suites.filter { owned.contains($0.category) && !$0.calibration.isEmpty && !calibrated.contains($0.name) }
        if !due.isEmpty {
            let judgments = due.map(\.calibration.count).reduce(0, +)
            if let limit = context.configuration.maxCost, !(await resources.meter.reserveJudgments(judgments, suites: due)) {
                context.stop.stop(.budget, because: "budget: calibrating the judges (\(judgments) judge calls) would take the projected spend past --max-cost \(ReportFormat.usd(limit))")
            } else {
                let calibrations = await calibrate(due)
                if !context.stop.isStopped { try await store.recordCalibrations(runID: context.runID, calibrations) }
            }
        }
        return try await store.calibrations(runID: context.runID).untrustedMetrics
    }

    /// Grades every calibration item with its judge assertion, concurrently, and compares with the labels.
    /// The judge calls' cost reaches the spend meter through the judge client.
    func calibrate(_ suites: [Suite]) async -> [JudgeCalibration] {
        let grader = resources.grader
        var results: [JudgeCalibration] = []
        for suite in suites where !suite.calibration.isEmpty {
            let cases = Dictionary(uniqueKeysWithValues: suite.cases.map { ($0.id, $0) })
            let prompts = context.prompts(of: suite)
            for metric in Set(suite.calibration.map(\.metric)).sorted() {
                guard let spec = suite.assertions.flatMap(\.flattened).first(where: { $0.metricName == metric && $0.kind.needsJudge }) else { continue }
                let items = suite.calibration.filter { $0.metric == metric }
                let pairs = await withTaskGroup(of: (Int, GradeResult, Int).self) { group in
                    for (index, item) in items.enumerated() {
                        guard let testCase = cases[item.caseID] else { continue }
                        let prompt = prompts[item.caseID] ?? suite.prompt
                        group.addTask {
                            let input = GradingInput(output: item.output, prompt: prompt, vars: testCase.vars)
                            return (index, await grader.grade(spec, suite: suite, testCase: testCase, input: input), item.label)
                        }
                    }
                    var collected: [(Int, GradeResult, Int)] = []
                    for await result in group { collected.append(result) }
                    return collected.sorted { $0.0 < $1.0 }.map { (grade: $0.1, label: $0.2) }
                }
                let judge = pairs.compactMap(\.grade.judge).first ?? context.judge?.id ?? "no judge"
                results.append(JudgeCalibration.measure(
                    suite: suite.name, metric: metric, judge: judge, pairs: pairs, kappaFloor: context.configuration.kappaFloor))
            }
        }
        return results
    }
}

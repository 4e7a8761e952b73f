public import AssayCore
public import AssayStatistics

extension JudgeCalibration {
    /// Compares judge grades with human labels.
    public static func measure(
        suite: String, metric: String, judge: String, pairs: [(grade: GradeResult, label: Int)], kappaFloor: Double
    ) -> JudgeCalibration {
        let usable = pairs.filter { $0.grade.error == nil }
        let judgePass = usable.map { $0.grade.pass ? 1 : 0 }
        let humanPass = usable.map { $0.label >= CalibrationItem.passLabel ? 1 : 0 }
        let judgeLevel = usable.map { JudgeAgreement.ordinal(fromScore: $0.grade.score, levels: CalibrationItem.levels) }
        let humanLevel = usable.map { $0.label - 1 }
        let kappa = JudgeAgreement.cohensKappa(judgePass, humanPass, categories: 2)
        let weighted = JudgeAgreement.cohensKappa(judgeLevel, humanLevel, categories: CalibrationItem.levels, weights: .quadratic)
        let measured = weighted ?? kappa
        return JudgeCalibration(
            suite: suite, metric: metric, judge: judge, items: pairs.count, errors: pairs.count - usable.count,
            agreement: JudgeAgreement.agreement(judgePass, humanPass), kappa: kappa, weightedKappa: weighted,
            kappaFloor: kappaFloor, trusted: (measured ?? -1) >= kappaFloor)
    }
}

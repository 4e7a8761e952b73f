/// How far a judge configuration agrees with human labels on a suite's calibration set.
public struct JudgeCalibration: Sendable, Hashable, Codable {
    public var suite: String
    public var metric: String
    /// Judge model and prompt (`model version#hash`).
    public var judge: String
    public var items: Int
    /// Items the judge could not grade (grader errors); left out of the figures.
    public var errors: Int
    /// Share of items where the judge's pass/fail equals the human one (label ≥ 4 passes).
    public var agreement: Double?
    /// Cohen's kappa on pass/fail.
    public var kappa: Double?
    /// Quadratic-weighted Cohen's kappa on the 5-level scale (the judge's score mapped to 5 levels).
    public var weightedKappa: Double?
    public var kappaFloor: Double
    /// The judge is trusted: weighted kappa (or kappa) reaches the floor.
    public var trusted: Bool

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

/// A human-labelled answer that measures a judge: the judge grades `output` as an answer to `caseID`
/// with the suite's judge assertion named `metric`, and its grade is compared with `label`.
public struct CalibrationItem: Sendable, Hashable {
    public var id: String
    public var caseID: String
    public var metric: String
    public var output: String
    /// 1 (clearly fails the rubric) to 5 (fully meets it); 4 and 5 count as a pass.
    public var label: Int
    public var file: String
    public var line: Int

    public static let levels = 5
    public static let passLabel = 4

    public init(id: String, caseID: String, metric: String, output: String, label: Int, file: String = "", line: Int = 0) {
        self.id = id
        self.caseID = caseID
        self.metric = metric
        self.output = output
        self.label = label
        self.file = file
        self.line = line
    }
}

/// A planned (suite, case, model, repeat).
public struct PlannedKey: Sendable, Hashable, Codable, Comparable {
    public var suite: String
    public var caseID: String
    public var model: String
    public var repeatIndex: Int

    public init(suite: String, caseID: String, model: String, repeatIndex: Int) {
        self.suite = suite
        self.caseID = caseID
        self.model = model
        self.repeatIndex = repeatIndex
    }

    public static func < (a: PlannedKey, b: PlannedKey) -> Bool {
        (a.suite, a.caseID, a.model, a.repeatIndex) < (b.suite, b.caseID, b.model, b.repeatIndex)
    }
}

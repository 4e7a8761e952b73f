/// The models a run may use, and which model judges.
public struct ModelCatalog: Sendable {
    public var models: [ModelSpec]
    /// The judge used when grading real models.
    public var judge: String?
    /// The judge used with the simulated fleet.
    public var simulatedJudge: String?
    /// Ids of models that only judge and are not ranked.
    public var judgeOnly: Set<String>
    public var path: String

    public init(
        models: [ModelSpec], judge: String? = nil, simulatedJudge: String? = nil, judgeOnly: Set<String> = [],
        path: String = ""
    ) {
        self.models = models
        self.judge = judge
        self.simulatedJudge = simulatedJudge
        self.judgeOnly = judgeOnly
        self.path = path
    }

    public func model(id: String) -> ModelSpec? {
        models.first { $0.id == id }
    }
}

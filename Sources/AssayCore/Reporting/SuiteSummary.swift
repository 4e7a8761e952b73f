/// One suite's results across models, best first.
public struct SuiteSummary: Sendable, Hashable {
    public var name: String
    public var version: String
    public var category: String
    public var description: String
    public var cases: Int
    public var models: [ModelSummary]
}

/// One judged pair of a run, as stored.
public struct PairwiseRecord: Sendable, Hashable {
    public var suite: String
    public var caseID: String
    public var repeatIndex: Int
    public var modelA: String
    public var modelB: String
    public var winner: PairwiseWinner
    public var judgeCost: Double?

    public init(suite: String, caseID: String, repeatIndex: Int, modelA: String, modelB: String, winner: PairwiseWinner, judgeCost: Double?) {
        self.suite = suite
        self.caseID = caseID
        self.repeatIndex = repeatIndex
        self.modelA = modelA
        self.modelB = modelB
        self.winner = winner
        self.judgeCost = judgeCost
    }
}

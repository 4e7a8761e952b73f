/// The verdict on one pair of answers judged in both orders.
public enum PairwiseWinner: String, Sendable, Hashable {
    case a, b, tie
    /// The two orders disagreed: no win is counted.
    case inconsistent
    /// The judge could not be read or reached.
    case unjudged
}

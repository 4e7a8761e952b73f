/// Additive-increase, multiplicative-decrease concurrency for one provider: the limit halves on a
/// rate-limit response and grows by one on a success, within its bounds.
public actor AdaptiveLimit {
    public let minimum: Int
    public let maximum: Int
    public private(set) var limit: Int
    private var inFlight = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    /// How often the limit was halved, for the run's notes.
    public private(set) var halvings = 0

    public init(minimum: Int = 1, maximum: Int) {
        self.minimum = max(1, minimum)
        self.maximum = max(self.minimum, maximum)
        limit = self.maximum
    }

    public enum Outcome: Sendable {
        case success
        case rateLimited
        /// Any other failure: the limit stays.
        case other
    }

    public func acquire() async {
        if inFlight < limit && waiters.isEmpty {
            inFlight += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    public func release(_ outcome: Outcome) {
        inFlight -= 1
        switch outcome {
        case .success: limit = min(maximum, limit + 1)
        case .rateLimited:
            let halved = max(minimum, limit / 2)
            if halved < limit { halvings += 1 }
            limit = halved
        case .other: break
        }
        while inFlight < limit, !waiters.isEmpty {
            inFlight += 1
            waiters.removeFirst().resume()
        }
    }

    public var current: (limit: Int, inFlight: Int, waiting: Int) { (limit, inFlight, waiters.count) }
}

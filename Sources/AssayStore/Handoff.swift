import Synchronization

/// Passes batches from a producer task to a consumer in another task, one batch at a time: the producer
/// waits until the consumer asks for the next one, so at most the batch being handed over and the one
/// being filled are held.
///
/// Unlike `AsyncStream`, waiting here does not end when the consumer's task is cancelled: a read that
/// has started delivers every sample or an error, never a silent short read.
final class Handoff<Element: Sendable>: Sendable {
    private struct State {
        /// The consumer, waiting for a batch.
        var demand: CheckedContinuation<[Element]?, any Error>?
        /// The producer, waiting with a batch until the consumer takes it.
        var supply: (batch: [Element], taken: CheckedContinuation<Bool, Never>)?
        /// Set once the producer has nothing more: nil for the end, or its error.
        var ended: (any Error)??
        /// The consumer has left (its closure threw); the producer should stop.
        var stopped = false
    }

    private let state = Mutex(State())

    /// What `next` does once it has looked at the state (continuations are resumed outside the lock).
    private enum NextStep {
        case take([Element], CheckedContinuation<Bool, Never>)
        case end((any Error)?)
        case wait
    }

    /// What `deliver` does once it has looked at the state.
    private enum DeliverStep {
        case refuse
        case hand(CheckedContinuation<[Element]?, any Error>)
        case wait
    }

    /// The next batch, or nil at the end.
    /// - Throws: the producer's error.
    func next() async throws -> [Element]? {
        try await withCheckedThrowingContinuation { (consumer: CheckedContinuation<[Element]?, any Error>) in
            let step = state.withLock { state -> NextStep in
                if let supply = state.supply {
                    state.supply = nil
                    return .take(supply.batch, supply.taken)
                }
                if let ended = state.ended { return .end(ended) }
                state.demand = consumer
                return .wait
            }
            switch step {
            case let .take(batch, taken):
                taken.resume(returning: true)
                consumer.resume(returning: batch)
            case .end(let error):
                if let error { consumer.resume(throwing: error) } else { consumer.resume(returning: nil) }
            case .wait:
                break
            }
        }
    }

    /// Hands `batch` to the consumer, waiting until it is taken.
    /// - Returns: false when the consumer has stopped: the producer should then stop too.
    func deliver(_ batch: [Element]) async -> Bool {
        await withCheckedContinuation { (producer: CheckedContinuation<Bool, Never>) in
            let step = state.withLock { state -> DeliverStep in
                if state.stopped { return .refuse }
                if let demand = state.demand {
                    state.demand = nil
                    return .hand(demand)
                }
                state.supply = (batch, producer)
                return .wait
            }
            switch step {
            case .refuse:
                producer.resume(returning: false)
            case .hand(let consumer):
                consumer.resume(returning: batch)
                producer.resume(returning: true)
            case .wait:
                break
            }
        }
    }

    /// The producer is done, after its last `deliver` returned: with nil at the end, or with its error.
    func finish(_ error: (any Error)?) {
        let waiting = state.withLock { state -> CheckedContinuation<[Element]?, any Error>? in
            state.ended = .some(error)
            defer { state.demand = nil }
            return state.demand
        }
        if let error { waiting?.resume(throwing: error) } else { waiting?.resume(returning: nil) }
    }

    /// The consumer leaves early.
    func stop() {
        let waiting = state.withLock { state -> (batch: [Element], taken: CheckedContinuation<Bool, Never>)? in
            state.stopped = true
            defer { state.supply = nil }
            return state.supply
        }
        waiting?.taken.resume(returning: false)
    }
}

import Foundation

/// Passes batches from a producer task to a consumer in another task, one batch at a time: the producer
/// waits until the consumer asks for the next one, so at most the batch being handed over and the one
/// being filled are held.
///
/// Unlike `AsyncStream`, waiting here does not end when the consumer's task is cancelled: the engine
/// reads a run's samples for its reports after Ctrl-C cancelled the run's task, and those reads must
/// still see every sample.
final class Handoff<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    /// The consumer, waiting for a batch.
    private var demand: CheckedContinuation<[Element]?, any Error>?
    /// The producer, waiting with a batch until the consumer takes it.
    private var supply: (batch: [Element], taken: CheckedContinuation<Bool, Never>)?
    /// Set once the producer has nothing more: nil for the end, or its error.
    private var ended: (any Error)??
    /// The consumer has left (its closure threw); the producer should stop.
    private var stopped = false

    /// The next batch, or nil at the end.
    /// - Throws: the producer's error.
    func next() async throws -> [Element]? {
        try await withCheckedThrowingContinuation { consumer in
            lock.lock()
            if let supply {
                self.supply = nil
                lock.unlock()
                supply.taken.resume(returning: true)
                consumer.resume(returning: supply.batch)
            } else if let ended {
                lock.unlock()
                if let error = ended { consumer.resume(throwing: error) } else { consumer.resume(returning: nil) }
            } else {
                demand = consumer
                lock.unlock()
            }
        }
    }

    /// Hands `batch` to the consumer, waiting until it is taken.
    /// - Returns: false when the consumer has stopped: the producer should then stop too.
    func deliver(_ batch: [Element]) async -> Bool {
        await withCheckedContinuation { producer in
            lock.lock()
            if stopped {
                lock.unlock()
                producer.resume(returning: false)
            } else if let demand {
                self.demand = nil
                lock.unlock()
                demand.resume(returning: batch)
                producer.resume(returning: true)
            } else {
                supply = (batch, producer)
                lock.unlock()
            }
        }
    }

    /// The producer is done, after its last `deliver` returned: with nil at the end, or with its error.
    func finish(_ error: (any Error)?) {
        lock.lock()
        ended = .some(error)
        let waiting = demand
        demand = nil
        lock.unlock()
        if let error { waiting?.resume(throwing: error) } else { waiting?.resume(returning: nil) }
    }

    /// The consumer leaves early.
    func stop() {
        lock.lock()
        stopped = true
        let waiting = supply
        supply = nil
        lock.unlock()
        waiting?.taken.resume(returning: false)
    }
}

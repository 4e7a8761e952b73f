import Synchronization

/// Asks a run to stop scheduling new calls (Ctrl-C, the budget): the calls in flight finish, and on
/// Ctrl-C those still running after the grace period are cancelled; everything after the calls (judging
/// stops being scheduled too, then the run is finalized and its reports written) goes on as usual.
public final class RunStopSignal: Sendable {
    public enum Cause: Sendable {
        /// Ctrl-C (exit 130).
        case interrupted
        /// `--max-cost` (exit 75).
        case budget
    }

    private struct State {
        var stopped: (cause: Cause, reason: String)?
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Only the first stop is kept: it is the one that stopped the run.
    public func stop(_ cause: Cause, because reason: String) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard state.stopped == nil else { return [] }
            state.stopped = (cause, reason)
            guard cause == .interrupted else { return [] }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Why the run stopped, as its reports say it.
    public var reason: String? { state.withLock { $0.stopped?.reason } }

    public var cause: Cause? { state.withLock { $0.stopped?.cause } }

    public var isStopped: Bool { reason != nil }

    /// Returns once the run is interrupted (Ctrl-C), or when the waiting task is cancelled.
    public func interrupted() async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.stopped?.cause == .interrupted || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}

import Synchronization

/// A one-shot signal a termination handler fires and an async caller awaits with a timeout.
final class ExitSignal: Sendable {
    private struct State {
        var fired = false
        /// The waiter gave up (its timeout passed); a later wait starts afresh.
        var abandoned = false
        var waiter: CheckedContinuation<Bool, Never>?
    }

    private let state = Mutex(State())

    func fire() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.fired = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: true)
    }

    private func register(_ continuation: CheckedContinuation<Bool, Never>) {
        let now = state.withLock { state -> Bool? in
            if state.fired || state.abandoned { return state.fired }
            state.waiter = continuation
            return nil
        }
        if let now { continuation.resume(returning: now) }
    }

    private func abandon() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.abandoned = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: false)
    }

    private func reset() {
        state.withLock { $0.abandoned = false }
    }

    /// Waits for the signal with no timeout and regardless of cancellation.
    func waitUntilFired() async {
        reset()
        _ = await withCheckedContinuation { self.register($0) }
    }

    /// True when fired before the timeout.
    func wait(timeout: Duration) async -> Bool {
        reset()
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { await withCheckedContinuation { self.register($0) } }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            if !first { abandon() }
            group.cancelAll()
            await group.waitForAll()
            return first
        }
    }
}

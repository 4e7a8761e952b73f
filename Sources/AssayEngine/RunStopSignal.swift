import Foundation

/// Asks a run to stop scheduling new calls (Ctrl-C, the budget) while the calls in flight finish.
/// Cancelling the run's task, by contrast, abandons the calls in flight.
public final class RunStopSignal: @unchecked Sendable {
    public enum Cause: Sendable {
        /// Ctrl-C (exit 130).
        case interrupted
        /// `--max-cost` (exit 75).
        case budget
    }

    private let lock = NSLock()
    private var stopped: (cause: Cause, reason: String)?

    public init() {}

    /// Only the first stop is kept: it is the one that stopped the run.
    public func stop(_ cause: Cause, because reason: String) {
        lock.lock()
        defer { lock.unlock() }
        if stopped == nil { stopped = (cause, reason) }
    }

    /// Why the run stopped, as its reports say it.
    public var reason: String? {
        lock.lock()
        defer { lock.unlock() }
        return stopped?.reason
    }

    public var cause: Cause? {
        lock.lock()
        defer { lock.unlock() }
        return stopped?.cause
    }

    public var isStopped: Bool { reason != nil }
}

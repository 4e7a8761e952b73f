import Foundation

/// Asks a run to stop scheduling new calls (Ctrl-C, the budget) while the calls in flight finish.
/// Cancelling the run's task, by contrast, abandons the calls in flight.
public final class RunStopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var stopReason: String?

    public init() {}

    /// Only the first reason is kept: it is the one that stopped the run.
    public func stop(because reason: String) {
        lock.lock()
        defer { lock.unlock() }
        if stopReason == nil { stopReason = reason }
    }

    public var reason: String? {
        lock.lock()
        defer { lock.unlock() }
        return stopReason
    }

    public var isStopped: Bool { reason != nil }
}

public import AssayCore
public import Foundation

/// When and how long to wait before another attempt: the server's Retry-After when it gives one
/// (up to a cap; above it, no retry), else jittered exponential backoff, within a total time budget.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// A Retry-After above this (seconds) means do not retry.
    public var maxRetryAfter: Double
    /// The most time (seconds) one call may spend across all its attempts and waits.
    public var totalBudget: Double

    public init(maxAttempts: Int = 4, baseDelay: Double = 0.5, maxDelay: Double = 8, maxRetryAfter: Double = 120,
                totalBudget: Double = 300) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.totalBudget = totalBudget
    }

    /// Seconds to wait before attempt `attempt + 1` after `error`, or nil to stop.
    /// - Parameters:
    ///   - attempt: attempts made so far (1 after the first).
    ///   - elapsed: seconds spent on this call so far.
    ///   - jitter: a number in [0, 1) for the jitter.
    public func delay(after error: CallError, attempt: Int, elapsed: Double, jitter: Double) -> Double? {
        guard error.kind.isRetryable, attempt < maxAttempts else { return nil }
        let wait: Double
        if let retryAfter = error.retryAfter {
            guard retryAfter <= maxRetryAfter else { return nil }
            wait = max(0, retryAfter)
        } else {
            wait = min(baseDelay * Double(1 << min(attempt - 1, 20)), maxDelay) * (1 - 0.25 * jitter)
        }
        guard elapsed + wait <= totalBudget else { return nil }
        return wait
    }
}

public import Foundation

/// A simulated model that changes behind the same name, as providers' models do: from a date on, its
/// quality drops, its latency grows or its calls fail more. Set in the catalog (`drift:` on a `sim/` entry),
/// so that history and drift alerts can be shown on the simulated fleet. Not part of the model's parameter
/// fingerprint: a real provider's silent update is not visible in the run's configuration either.
public struct SimulatedDrift: Sendable, Hashable {
    /// The first day (UTC, `YYYY-MM-DD`) or moment (ISO 8601) the drift applies; nil: from now on.
    public var from: Date?
    /// Added to the model's quality (and each category's), e.g. −0.3; the result is kept in [0, 1].
    public var quality: Double
    /// Multiplies its time to first token and its time per token, e.g. 2.
    public var latency: Double
    /// Added to its chance of a server error per attempt, e.g. 0.4 for an outage.
    public var errors: Double

    public init(from: Date? = nil, quality: Double = 0, latency: Double = 1, errors: Double = 0) {
        self.from = from
        self.quality = quality
        self.latency = latency
        self.errors = errors
    }

    /// Whether the drift applies to a run started at `date`.
    public func applies(at date: Date) -> Bool { from.map { date >= $0 } ?? true }
}

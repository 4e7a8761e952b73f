public import AssayCore

/// A judge model as graders see it. The engine implements it over a `ModelClient`.
public protocol JudgeClient: Sendable {
    /// The judge's catalog id.
    var modelID: String { get }
    /// Asks the judge; returns its reply and the cost of asking (nil when the price is unknown).
    func ask(system: String, user: String) async throws(CallFailure) -> (text: String, cost: Double?)
}

public import AssayCore

/// Where a report writer reads a run's samples with their texts, one at a time, in key order (suite,
/// case, model, repeat): from the store, so that memory does not grow with the run.
public struct SampleSource: Sendable {
    /// Calls `body` with each sample of `suite` and `model` (nil: all), in key order.
    public let forEach: @Sendable (_ suite: String?, _ model: String?, _ body: (Sample) throws -> Void) async throws -> Void

    public init(forEach: @escaping @Sendable (_ suite: String?, _ model: String?, _ body: (Sample) throws -> Void) async throws -> Void) {
        self.forEach = forEach
    }

    /// A run's samples, streamed from its store; without `text`, their answers, error messages and grade
    /// reasons are left out (the outcome table needs none of them).
    public static func store(_ store: any ResultStore, runID: String, text: Bool = true) -> SampleSource {
        SampleSource { suite, model, body in
            try await store.forEachSample(runID: runID, suite: suite, model: model, text: text, body)
        }
    }
}

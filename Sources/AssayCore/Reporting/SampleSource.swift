/// Where a report writer reads a run's samples with their texts, one at a time, in key order (suite,
/// case, model, repeat): the store for real runs, so that memory does not grow with the run; an array
/// for tests.
public struct SampleSource: Sendable {
    /// Calls `body` with each sample of `suite` and `model` (nil: all), in key order.
    public let forEach: @Sendable (_ suite: String?, _ model: String?, _ body: (Sample) throws -> Void) async throws -> Void

    public init(forEach: @escaping @Sendable (_ suite: String?, _ model: String?, _ body: (Sample) throws -> Void) async throws -> Void) {
        self.forEach = forEach
    }

    /// Samples held in memory.
    public static func memory(_ samples: [Sample]) -> SampleSource {
        let sorted = samples.sorted(by: Sample.stableOrder)
        return SampleSource { suite, model, body in
            for s in sorted where (suite == nil || s.suite == suite) && (model == nil || s.model == model) { try body(s) }
        }
    }

    /// A run's samples, streamed from its store.
    public static func store(_ store: any ResultStore, runID: String) -> SampleSource {
        SampleSource { suite, model, body in
            try await store.forEachSample(runID: runID, suite: suite, model: model, text: true, body)
        }
    }
}

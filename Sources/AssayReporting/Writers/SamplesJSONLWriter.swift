import AssayCore

/// samples.jsonl: one line of JSON per sample, in key order (suite, case, model, repeat), as results.json
/// writes them; for tools that read a run one sample at a time.
public struct SamplesJSONLWriter: SampleReportWriter {
    public let fileName = "samples.jsonl"

    public init() {}

    public func write(samples: SampleSource, to sink: ReportSink) async throws {
        try await samples.forEach(nil, nil) { sample in
            sink.write(ResultsJSONWriter.sample(sample).compactJSON + "\n")
        }
    }
}

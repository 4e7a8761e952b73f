/// Writes one report file from a run summary.
public protocol ReportWriter: Sendable {
    /// The file name it writes inside the run's report folder.
    var fileName: String { get }
    /// Writes the report. `samples` streams every sample with its texts, for the reports that list
    /// samples one by one; the summary's own samples carry no texts.
    func write(_ summary: RunSummary, samples: SampleSource, to sink: ReportSink) async throws
}

/// A report made from the summary alone.
public protocol SummaryReportWriter: ReportWriter {
    func render(_ summary: RunSummary) -> String
}

extension SummaryReportWriter {
    public func write(_ summary: RunSummary, samples: SampleSource, to sink: ReportSink) async throws {
        sink.write(render(summary))
    }
}

/// A report made from the samples alone: it can be written while the run is still being summarized.
public protocol SampleReportWriter: ReportWriter {
    func write(samples: SampleSource, to sink: ReportSink) async throws
}

extension SampleReportWriter {
    public func write(_ summary: RunSummary, samples: SampleSource, to sink: ReportSink) async throws {
        try await write(samples: samples, to: sink)
    }
}

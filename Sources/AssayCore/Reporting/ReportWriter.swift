/// Writes one report file from a run summary.
public protocol ReportWriter: Sendable {
    /// The file name it writes inside the run's report folder.
    var fileName: String { get }
    func render(_ summary: RunSummary) -> String
}

import AssayCore
public import AssayReporting

/// The trend and drift pages of a history, written as every report is (beside the final name, then moved
/// into place): by `assay history`, and by a run beside its report.
public enum HistoryFiles {
    /// - Parameter markdown: history.md too (`assay history`; a run's summary.md carries its drift section).
    /// - Throws: `EngineError(.outputUnwritable)` naming the file.
    public static func write(_ history: RunHistory, to directory: String, markdown: Bool) async throws {
        try await PublishStage.write(HistoryHTMLWriter.fileName, to: directory) { $0.write(HistoryHTMLWriter.html(history)) }
        try await PublishStage.write(HistoryJSONWriter.fileName, to: directory) { $0.write(HistoryJSONWriter.json(history).prettyJSON + "\n") }
        if markdown {
            try await PublishStage.write(HistoryMarkdownWriter.fileName, to: directory) { $0.write(HistoryMarkdownWriter.markdown(history)) }
        }
    }
}

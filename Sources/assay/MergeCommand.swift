import ArgumentParser
import AssayCore
import AssayEngine
import AssayStore
import Foundation
import AssayReporting

struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Bring the shards of a run together and write its reports.",
        discussion: """
            Shards that share a store (--db postgres://...) need only the run id. Shards that each kept a \
            SQLite file are copied in with --from, once per file. The suites and catalog must be the ones \
            the shards ran. Exit codes as for `run`; a run with missing samples is reported as incomplete \
            and exits 75.
            """)

    @Argument(help: "The run id the shards shared (--run-id).")
    var runID: String

    @OptionGroup
    var input: RunInputOptions

    @Option(name: .customLong("from"), help: ArgumentHelp("Another store holding shards of the run, copied in first (repeatable).", valueName: "store"))
    var sources: [String] = []

    @OptionGroup(title: "Gates and routing")
    var report: ReportOptions

    func run() async throws {
        var config = RunConfiguration()
        input.apply(to: &config)
        config.environment = ProcessInfo.processInfo.environment
        report.apply(to: &config)
        let renderer = RunEventRenderer(style: RunEventRenderer.style(environment: config.environment))
        let merger = RunMerger(runID: runID, sources: sources, configuration: config, events: renderer.events)
        let outcome = try await exitingOnFailure { try await merger.merge() }
        if let summary = outcome.summary { RunCommand.printSummary(summary, reportDirectory: outcome.reportDirectory) }
        // A nightly whose shard died must not pass as green on part of its data.
        if outcome.summary?.run.status != .complete { throw ExitCode(75) }
        if !outcome.passedGates { throw ExitCode(100) }
    }
}

import ArgumentParser
import AssayCore
import AssayEngine
import AssayReporting
import AssayStore
import Foundation

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Trends per suite × model over the stored runs, and drift alerts: exit 100 with --fail-on-drift when a change is flagged.")

    @Argument(help: "Only these suites (names; all when none).")
    var suites: [String] = []

    @Option(name: .long, help: "The store: a SQLite file or a postgres:// URL.")
    var db: String = "Reports/assay.sqlite"

    @Option(name: .long, help: ArgumentHelp("Only runs started on or after this day or time (ISO 8601, e.g. 2026-11-20).", valueName: "date"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Only the newest N complete runs (default 30 without --since).", valueName: "N"))
    var last: Int?

    @Option(name: .long, help: "Where history.html, history.json and history.md go.")
    var out: String = "Reports/history"

    @Option(name: .long, help: "The newest runs of each series that are tested against the runs before them.")
    var recent: Int = 1

    @Option(name: .long, help: "At most this many runs before them (same suite version and price) form the reference.")
    var reference: Int = 7

    @Option(name: .customLong("min-quality-drop"), help: "The smallest pass-rate drop on answered calls (0 to 1) that is flagged.")
    var minQualityDrop: Double = 0.05

    @Option(name: .customLong("min-error-rise"), help: "The smallest rise of the failed-call rate (0 to 1) that is flagged.")
    var minErrorRise: Double = 0.05

    @Option(name: .customLong("min-latency-rise"), help: "The smallest relative rise of median TTFT or latency (0.2 = 20%) that is flagged.")
    var minLatencyRise: Double = 0.2

    @Option(name: .customLong("min-latency-rise-ms"), help: "And the smallest rise of that median in milliseconds.")
    var minLatencyRiseMs: Double = 25

    @Option(name: .customLong("min-cost-rise"), help: "The smallest relative rise of cost per task (0.2 = 20%) that is flagged.")
    var minCostRise: Double = 0.2

    @Option(name: .long, help: "Family-wise error rate over every check (Holm's correction).")
    var alpha: Double = 0.05

    @Flag(name: .customLong("fail-on-drift"), help: "Exit 100 when any drift is flagged.")
    var failOnDrift = false

    func validate() throws {
        if since != nil && last != nil { throw ValidationError("give --since or --last, not both") }
        if let since, ISOTime.parse(since) == nil {
            throw ValidationError("--since must be a date (YYYY-MM-DD) or an ISO 8601 time, not '\(since)'")
        }
        if let last, last < 2 { throw ValidationError("--last must be at least 2: drift compares runs") }
        if recent < 1 { throw ValidationError("--recent must be at least 1") }
        if reference < 1 { throw ValidationError("--reference must be at least 1") }
        for (name, value) in [("--min-quality-drop", minQualityDrop), ("--min-error-rise", minErrorRise)] where !(0...1).contains(value) {
            throw ValidationError("\(name) must be between 0 and 1, e.g. 0.05")
        }
        for (name, value) in [("--min-latency-rise", minLatencyRise), ("--min-cost-rise", minCostRise)] where !(value >= 0 && value.isFinite) {
            throw ValidationError("\(name) must be a non-negative fraction, e.g. 0.2 for 20%")
        }
        if !(minLatencyRiseMs >= 0 && minLatencyRiseMs.isFinite) { throw ValidationError("--min-latency-rise-ms must be a non-negative number of milliseconds") }
        if !(alpha > 0 && alpha < 0.5) { throw ValidationError("--alpha must be above 0 and below 0.5, e.g. 0.05") }
    }

    func run() async throws {
        guard ResultStores.isPostgreSQL(db) || FileManager.default.fileExists(atPath: db) else {
            Console.error("error: no store at \(db) (run `assay run` first, or pass --db)")
            throw ExitCode(64)
        }
        var options = HistoryOptions()
        options.recentRuns = recent
        options.referenceRuns = reference
        options.minQualityDrop = minQualityDrop
        options.minErrorRise = minErrorRise
        options.minLatencyRise = minLatencyRise
        options.minLatencyRiseMs = minLatencyRiseMs
        options.minCostRise = minCostRise
        options.alpha = alpha
        let window: RunHistory.Window = since.flatMap(ISOTime.parse).map { .since($0) } ?? .last(last ?? 30)
        let history = try await ResultStores.using(db) { store in
            try await RunHistory.build(store: store, suites: suites, window: window, options: options)
        }
        let known = Set(history.series.map(\.suite))
        let unknown = suites.filter { !known.contains($0) }
        if !unknown.isEmpty {
            Console.error("error: no stored run in the window has suite(s) \(unknown.joined(separator: ", ")) (stored: \(known.sorted().joined(separator: ", ")))")
            throw ExitCode(64)
        }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            Console.error("error: cannot create \(out): \(error.localizedDescription)")
            throw ExitCode(73)
        }
        try await exitingOnFailure { try await HistoryFiles.write(history, to: out, markdown: true) }
        print(HistoryMarkdownWriter.drift(history), terminator: "")
        print("\n\(history.runs.count) run(s), \(history.series.count) series; written to \(out)/\(HistoryHTMLWriter.fileName), \(HistoryJSONWriter.fileName) and \(HistoryMarkdownWriter.fileName)")
        if failOnDrift && !history.flags.isEmpty {
            print("DRIFT: \(history.flags.count) change(s) flagged.")
            throw ExitCode(100)
        }
    }
}

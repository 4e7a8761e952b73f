import ArgumentParser
import Logging

@main
struct AssayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assay",
        abstract: "Grades LLM providers on eval suites: quality, latency and cost, per task.",
        discussion: """
            Exit codes: 0 ran and every gate held; 100 ran but a gate failed; 64 usage error; \
            65 invalid suite, dataset or catalog; 75 stopped by the --max-cost budget (resume it later); \
            1 any other failure; 130 stopped by Ctrl-C.
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, MergeCommand.self, CompareCommand.self, HistoryCommand.self, SimulateCommand.self, ModelsCommand.self, CheckCommand.self, RuleCheckCommand.self],
        defaultSubcommand: RunCommand.self)

    static func main() async {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

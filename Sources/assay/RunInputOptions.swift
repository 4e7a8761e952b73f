import ArgumentParser
import AssayEngine

/// What a run reads and where it writes, shared by `run` and `merge` (which must name the suites and
/// catalog its shards ran).
struct RunInputOptions: ParsableArguments {
    @Argument(help: "Suite files or folders (every suite.yaml below a folder).")
    var suites: [String] = ["Suites"]

    @Option(name: .long, help: "The model catalog.")
    var models: String = "Suites/models.yaml"

    @Option(name: .long, help: "Where to write this run's reports (default: Reports/<run-id>).")
    var out: String?

    @Option(name: .long, help: "The store: a SQLite file or a postgres://user:password@host:port/database URL (default: Reports/assay.sqlite).")
    var db: String?

    @Option(name: .long, help: "A LiteLLM model_prices_and_context_window.json file whose prices override the bundled table.")
    var prices: String?

    func apply(to config: inout RunConfiguration) {
        config.suitePaths = suites
        config.catalogPath = models
        config.outDir = out
        config.databasePath = db
        config.pricesPath = prices
    }
}

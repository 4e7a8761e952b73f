import ArgumentParser
import AssayCore
import AssayEngine

/// The catalog and price file that `check` and `models` read.
struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: "The model catalog.")
    var models: String = "Suites/models.yaml"

    @Option(name: .long, help: "A LiteLLM model_prices_and_context_window.json file whose prices override the bundled table.")
    var prices: String?

    /// The catalog, or exit 65 with the file, field and what is wrong.
    func load() throws -> ModelCatalog {
        do {
            return try Catalogs.load(models, prices: prices)
        } catch let error as LoadError {
            Console.error("error: \(error)")
            throw ExitCode(65)
        }
    }
}

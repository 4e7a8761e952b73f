import ArgumentParser
import AssayCore
import Foundation

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the catalog's models, whether their credentials are present, and their prices.")

    @Option(name: .long, help: "The model catalog.")
    var models: String = "Suites/models.yaml"

    func run() throws {
        let catalog: ModelCatalog
        do {
            catalog = try CatalogLoader.load(path: models)
        } catch let error as LoadError {
            printError("error: \(error)")
            throw ExitCode(65)
        }
        let env = ProcessInfo.processInfo.environment
        for m in catalog.models {
            let credentials: String
            if m.isSimulated {
                credentials = "simulated"
            } else if let key = m.apiKeyEnv {
                credentials = (env[key]?.isEmpty == false) ? "\(key) set" : "\(key) missing"
            } else {
                credentials = "no key needed"
            }
            let price = m.price.map { String(format: "$%.2f in / $%.2f out per 1M (%@)", $0.input, $0.output, $0.source) } ?? "price unknown"
            var role = ""
            if catalog.judge == m.id || catalog.simulatedJudge == m.id { role = " [judge]" }
            print("\(m.id)\(role)  provider \(m.provider), model \(m.model)  \(credentials)  \(price)")
        }
    }
}

import ArgumentParser
import AssayCore
import AssayEngine
import Foundation

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the catalog's models: provider, whether their credentials are present, and where their price comes from.")

    @OptionGroup
    var catalogOptions: CatalogOptions

    func run() throws {
        let catalog = try catalogOptions.load()
        let env = ProcessInfo.processInfo.environment
        for m in catalog.models {
            let credentials: String
            if m.isSimulated {
                credentials = "simulated"
            } else if let key = m.apiKeyEnv {
                credentials = Catalogs.hasCredential(key, env) ? "\(key) set" : "\(key) missing"
            } else {
                credentials = "no key needed"
            }
            let price = m.price.map { String(format: "$%.4g in / $%.4g out per 1M tokens (%@)", $0.input, $0.output, $0.source) } ?? "price unknown"
            var role = ""
            if catalog.judge == m.id || catalog.simulatedJudge == m.id { role = " [judge]" }
            print("\(m.id)\(role)  \(m.provider) \(m.model)  \(credentials)  \(price)")
        }
    }
}

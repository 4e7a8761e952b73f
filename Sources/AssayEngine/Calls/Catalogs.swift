public import AssayCore
public import Foundation

/// Loading the catalog with its prices resolved, for every command that lists or calls models.
public enum Catalogs {
    /// The catalog with prices filled in: catalog entry, then the `prices` file, then the bundled table.
    /// - Throws: `LoadError` for an invalid catalog or price file.
    public static func load(_ path: String, prices: String?) throws -> ModelCatalog {
        let table = try prices.map { file -> PriceTable in
            let text = try TextFile.read(file, what: "the price file")
            return try PriceTable.parseLiteLLM(text, name: file)
        }
        return ModelSelection.pricing(try CatalogLoader.load(path: path), table: table)
    }

    public static func hasCredential(_ env: String, _ environment: [String: String]) -> Bool {
        ModelSelection.credential(env, in: environment) != nil
    }
}

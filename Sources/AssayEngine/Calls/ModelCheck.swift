public import AssayCore
public import AssayProviders
public import AsyncHTTPClient

/// `assay check`: one tiny request to every model whose credentials are present.
public enum ModelCheck {
    public struct Result: Sendable {
        public var model: String
        public var provider: String
        public var response: ChatResponse?
        public var cost: Double?
        public var error: CallError?
        public var skipped: String?
    }

    /// Sends "Reply with the word OK." to each model with credentials (streamed, 16 output tokens at most).
    /// - Parameter baseURLs: base URLs to use instead of the catalog's (the simulated fleet in tests).
    public static func run(catalog: ModelCatalog, environment: [String: String], models: [ModelSpec]? = nil) async throws -> [Result] {
        let selection = ModelSelection.select(catalog: catalog, environment: environment, forceSimulate: false)
        let candidates = models ?? selection.models
        let gate = CallGate(models: candidates, global: 8)
        var results = try await HTTPClient.withHTTPClient { http in
            let clients = try ProviderClients.make(models: candidates, keys: selection.keys, http: http, gate: gate)
            var results: [Result] = []
            let request = ChatRequest(system: nil, user: "Reply with the word OK.", maxTokens: 16, temperature: 0, stream: true)
            for model in candidates {
                guard let client = clients[model.id] else { continue }
                do throws(CallFailure) {
                    let response = try await client.complete(request, model: model)
                    let cost = response.usage.flatMap { u in model.price.map { $0.cost(of: u) } }
                    results.append(Result(model: model.id, provider: model.provider, response: response, cost: cost))
                } catch {
                    results.append(Result(model: model.id, provider: model.provider, error: error.error))
                }
            }
            return results
        }
        for (model, reason) in selection.skipped.sorted(by: { $0.key < $1.key }) where models == nil && !model.hasPrefix("sim/") {
            results.append(Result(model: model, provider: catalog.model(id: model)?.provider ?? "", skipped: reason))
        }
        return results
    }
}

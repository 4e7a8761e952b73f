import AssayCore
import AssayProviders
import AsyncHTTPClient
import Logging

/// Builds one client per model: its wire format over the shared HTTP client, behind the run's gates.
enum ProviderClients {
    static func make(
        models: [ModelSpec], keys: [String: String], http: HTTPClient, gate: CallGate, logger: Logger = Logger(label: "assay")
    ) throws -> [String: any ModelClient] {
        let refusals = RefusedModels()
        var clients: [String: any ModelClient] = [:]
        for model in models {
            guard let format = format(for: model) else {
                throw EngineError(.providerUnsupported, "no client for the \(model.provider) wire format (model \(model.id))")
            }
            let transport = WireClient(http: http, format: format, apiKey: model.apiKeyEnv.flatMap { keys[$0] })
            clients[model.id] = RetryingClient(
                transport: transport, gate: gate, refusals: refusals, logger: logger, redact: Redactor(secrets: keys.values))
        }
        return clients
    }

    static func format(for model: ModelSpec) -> (any WireFormat)? {
        if model.provider == "anthropic", let version = model.apiVersion { return AnthropicWire(version: version) }
        return WireFormats.format(named: model.provider)
    }
}

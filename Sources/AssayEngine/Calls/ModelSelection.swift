import AssayCore

/// Which catalog models a run uses, which it skips and why, and whether it is simulated.
struct ModelSelection: Sendable {
    var models: [ModelSpec]
    var judge: ModelSpec?
    var skipped: [String: String]
    var simulated: Bool
    /// Keys by environment variable name, for the models used (never written anywhere).
    var keys: [String: String]

    /// Providers whose client exists in this build.
    static let supportedProviders: Set<String> = ["openai", "anthropic", "gemini", "cohere", "huggingface", "ollama"]

    /// Variables read when the catalog's one is not set (Google's SDK reads either).
    static let alternateKeys: [String: [String]] = ["GEMINI_API_KEY": ["GOOGLE_API_KEY"], "HF_TOKEN": ["HUGGING_FACE_HUB_TOKEN"]]

    /// The credential for a model: its key, or for Ollama the host (OLLAMA_HOST holds an address, not a secret).
    static func credential(_ env: String, in environment: [String: String]) -> (name: String, value: String)? {
        for name in [env] + (alternateKeys[env] ?? []) {
            if let value = environment[name], !value.isEmpty { return (name, value) }
        }
        return nil
    }

    /// Fills in prices the catalog does not give: from the `--prices` table, then the bundled one.
    static func pricing(_ catalog: ModelCatalog, table: PriceTable?) -> ModelCatalog {
        var priced = catalog
        for i in priced.models.indices where priced.models[i].price == nil {
            priced.models[i].price = table?.price(for: priced.models[i]) ?? PriceTable.bundled.price(for: priced.models[i])
        }
        return priced
    }

    static func select(catalog: ModelCatalog, environment: [String: String], forceSimulate: Bool) -> ModelSelection {
        var real: [ModelSpec] = []
        var simulatedModels: [ModelSpec] = []
        var skipped: [String: String] = [:]
        var keys: [String: String] = [:]
        for model in catalog.models where !catalog.judgeOnly.contains(model.id) {
            if model.isSimulated {
                simulatedModels.append(model)
                continue
            }
            if !supportedProviders.contains(model.provider) {
                skipped[model.id] = "the \(model.provider) wire format is not implemented yet"
                continue
            }
            var model = model
            if let env = model.apiKeyEnv {
                guard let found = credential(env, in: environment) else {
                    skipped[model.id] = "no credentials (set \(env))"
                    continue
                }
                if model.provider == "ollama" && env == "OLLAMA_HOST" {
                    // Ollama needs no key: the variable gives the server.
                    let host = found.value.hasPrefix("http") ? found.value : "http://\(found.value)"
                    model.baseURL = model.baseURL ?? host
                } else {
                    keys[env] = found.value
                }
            }
            real.append(model)
        }
        let simulated = forceSimulate || real.isEmpty
        var judge: ModelSpec?
        if simulated {
            for model in real { skipped[model.id] = "running the simulated fleet (--simulate)" }
            judge = catalog.simulatedJudge.flatMap(catalog.model(id:))
            return ModelSelection(models: simulatedModels, judge: judge, skipped: skipped, simulated: true, keys: [:])
        }
        for model in simulatedModels { skipped[model.id] = "real models have credentials (use --simulate for the simulated fleet)" }
        if let judgeID = catalog.judge, let spec = catalog.model(id: judgeID) {
            if let env = spec.apiKeyEnv {
                if let found = credential(env, in: environment) {
                    keys[env] = found.value
                    judge = spec
                }
            } else {
                judge = spec
            }
        }
        return ModelSelection(models: real, judge: judge, skipped: skipped, simulated: false, keys: keys)
    }
}

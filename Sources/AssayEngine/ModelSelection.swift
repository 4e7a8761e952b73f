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
    static let supportedProviders: Set<String> = ["openai"]

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
            if let env = model.apiKeyEnv {
                guard let key = environment[env], !key.isEmpty else {
                    skipped[model.id] = "no credentials (set \(env))"
                    continue
                }
                keys[env] = key
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
                if let key = environment[env], !key.isEmpty {
                    keys[env] = key
                    judge = spec
                }
            } else {
                judge = spec
            }
        }
        return ModelSelection(models: real, judge: judge, skipped: skipped, simulated: false, keys: keys)
    }
}

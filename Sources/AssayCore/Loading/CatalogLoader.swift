import Foundation

/// Loads the model catalog (Suites/models.yaml).
public enum CatalogLoader {
    static let entryKeys: Set<String> = [
        "id", "provider", "model", "base_url", "api_key_env", "price", "max_concurrency", "temperature", "judge_only",
        "description", "api_version", "faults", "drift", "reasoning", "system_role", "reasoning_effort",
    ]
    /// OpenAI's `reasoning_effort` values.
    static let reasoningEfforts = ["none", "minimal", "low", "medium", "high", "xhigh"]
    static let providers: Set<String> = ["openai", "anthropic", "gemini", "cohere", "huggingface", "ollama"]

    public static func load(path: String) throws -> ModelCatalog {
        let text = try TextFile.read(path, what: "the model catalog")
        return try parse(text: text, file: path)
    }

    public static func parse(text: String, file: String) throws -> ModelCatalog {
        let root = try YAMLField.load(file: file, text: text)
        let f = try root.fields(allowed: ["models", "judge"])
        guard let list = f["models"] else { throw LoadError(file: file, field: "models", message: "missing required key") }
        var models: [ModelSpec] = []
        var judgeOnly = Set<String>()
        for entry in try list.sequence() {
            let e = try entry.fields(allowed: entryKeys)
            func required(_ key: String) throws -> String {
                guard let v = e[key] else { throw entry.error("missing required key '\(key)'") }
                let s = try v.string()
                if s.isEmpty { throw v.error("must not be empty") }
                return s
            }
            let id = try required("id")
            if models.contains(where: { $0.id == id }) { throw e["id"]!.error("duplicate model id '\(id)'") }  // swift-format-ignore
            let provider = try required("provider")
            guard providers.contains(provider) else {
                throw e["provider"]!.error("unknown provider '\(provider)' (known: \(providers.sorted().joined(separator: ", ")))")  // swift-format-ignore
            }
            var price: Price?
            if let p = e["price"] {
                let pf = try p.fields(allowed: ["input", "output", "cached_input", "cache_write"])
                guard let input = try pf["input"]?.price(), let output = try pf["output"]?.price() else {
                    throw p.error("a price needs 'input' and 'output' (USD per million tokens)")
                }
                price = Price(
                    input: input, output: output, cachedInput: try pf["cached_input"]?.price(),
                    cacheWrite: try pf["cache_write"]?.price(), source: "catalog")
            }
            let baseURL = try e["base_url"]?.string()
            // "localhost:8080/v1" parses as a URL whose scheme is "localhost": only http(s) with a host is one
            // a client can call.
            if let baseURL, let field = e["base_url"] {
                guard let url = URL(string: baseURL), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                    let host = url.host, !host.isEmpty
                else {
                    throw field.error("not an http(s) URL: '\(baseURL)' (write the scheme, e.g. http://localhost:8080/v1)")
                }
            }
            let maxConcurrency = try e["max_concurrency"]?.int() ?? 8
            if maxConcurrency < 1 { throw e["max_concurrency"]!.error("must be at least 1") }  // swift-format-ignore
            var faults: [String: Double] = [:]
            if let f = e["faults"] {
                guard id.hasPrefix("sim/") else { throw f.error("faults can only be set on simulated (sim/) models") }
                for (name, value) in try f.mapping() {
                    guard ["rate_limit", "server_error", "overloaded", "stream_cut", "malformed", "stall"].contains(name) else {
                        throw value.error("unknown fault (known: malformed, overloaded, rate_limit, server_error, stall, stream_cut)")
                    }
                    let chance = try value.double()
                    guard (0...1).contains(chance) else { throw value.error("a fault chance is between 0 and 1") }
                    faults[name] = chance
                }
            }
            var drift: SimulatedDrift?
            if let d = e["drift"] {
                guard id.hasPrefix("sim/") else { throw d.error("drift can only be set on simulated (sim/) models") }
                let df = try d.fields(allowed: ["from", "quality", "latency", "errors"])
                var change = SimulatedDrift()
                if let from = df["from"] {
                    let text = try from.string()
                    guard let date = ISOTime.parse(text) else {
                        throw from.error("not a date: '\(text)' (write YYYY-MM-DD, or an ISO 8601 time such as 2026-12-01T02:00:00Z)")
                    }
                    change.from = date
                }
                if let q = df["quality"] {
                    change.quality = try q.double()
                    guard (-1...1).contains(change.quality) else { throw q.error("a quality change is between -1 and 1, e.g. -0.3") }
                }
                if let l = df["latency"] {
                    change.latency = try l.double()
                    guard change.latency > 0, change.latency.isFinite else { throw l.error("a latency factor is a positive number, e.g. 2") }
                }
                if let x = df["errors"] {
                    change.errors = try x.double()
                    guard (0...1).contains(change.errors) else { throw x.error("an added error chance is between 0 and 1, e.g. 0.4") }
                }
                drift = change
            }
            let modelName = try required("model")
            // The OpenAI request switches (the Chat Completions body is OpenAI's, Hugging Face's and every
            // compatible server's). A reasoning model is recognised by its name on the openai format; a deployment
            // named otherwise (Azure OpenAI) says `reasoning: true`.
            let openAIBody = provider == "openai" || provider == "huggingface"
            for key in ["reasoning", "system_role", "reasoning_effort"] where !openAIBody {
                if let field = e[key] { throw field.error("'\(key)' applies to the openai and huggingface formats only") }
            }
            let reasoning = try e["reasoning"]?.bool() ?? (provider == "openai" && ModelSpec.namesOpenAIReasoningModel(modelName))
            let systemRole = try e["system_role"]?.string() ?? (reasoning ? "developer" : "system")
            if !ModelSpec.systemRoles.contains(systemRole), let field = e["system_role"] {
                throw field.error("unknown system_role '\(systemRole)' (known: \(ModelSpec.systemRoles.joined(separator: ", ")))")
            }
            let effort = try e["reasoning_effort"]?.string()
            if let effort, !reasoningEfforts.contains(effort), let field = e["reasoning_effort"] {
                throw field.error("unknown reasoning_effort '\(effort)' (known: \(reasoningEfforts.joined(separator: ", ")))")
            }
            models.append(ModelSpec(
                id: id, provider: provider, model: modelName, baseURL: baseURL,
                apiKeyEnv: try e["api_key_env"]?.string(), price: price, maxConcurrency: maxConcurrency,
                // Reasoning models reject a temperature other than the default.
                supportsTemperature: try e["temperature"]?.bool() ?? !reasoning, apiVersion: try e["api_version"]?.string(),
                simulatedFaults: faults, reasoning: reasoning, systemRole: systemRole, reasoningEffort: effort))
            models[models.count - 1].simulatedDrift = drift
            if try e["judge_only"]?.bool() ?? false { judgeOnly.insert(id) }
        }
        var judge: String?
        var simulatedJudge: String?
        if let j = f["judge"] {
            let jf = try j.fields(allowed: ["model", "simulated"])
            judge = try jf["model"]?.string()
            simulatedJudge = try jf["simulated"]?.string()
            for (key, id) in [("model", judge), ("simulated", simulatedJudge)] {
                if let id, !models.contains(where: { $0.id == id }) {
                    throw jf[key]!.error("judge '\(id)' is not a model in the catalog")  // swift-format-ignore
                }
            }
        }
        return ModelCatalog(models: models, judge: judge, simulatedJudge: simulatedJudge, judgeOnly: judgeOnly, path: file)
    }
}

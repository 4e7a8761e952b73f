/// Prices by model, read from LiteLLM's model_prices_and_context_window.json format (USD per token,
/// converted here to USD per million tokens).
public struct PriceTable: Sendable {
    /// Where the prices come from, shown next to every price that is used.
    public var name: String
    /// By LiteLLM key (e.g. `gpt-5.4-mini`, `claude-sonnet-4-6`, `gemini/gemini-2.5-flash`).
    public var entries: [String: Price]

    public init(name: String, entries: [String: Price]) {
        self.name = name
        self.entries = entries
    }

    /// Parses LiteLLM's price file. Entries without token prices (embeddings, images) and the
    /// `sample_spec` documentation entry are skipped.
    /// - Throws: `LoadError` naming the file when it is not JSON or not an object.
    public static func parseLiteLLM(_ text: String, name: String) throws -> PriceTable {
        let json: JSONValue
        do {
            json = try JSONValue.parse(text)
        } catch {
            throw LoadError(file: name, line: error.line, message: "invalid JSON: \(error.message) (column \(error.column))")
        }
        guard case .object(let members) = json else {
            throw LoadError(file: name, message: "expected a JSON object of model entries (LiteLLM's model_prices_and_context_window.json)")
        }
        var entries: [String: Price] = [:]
        for (key, entry) in members where key != "sample_spec" {
            guard let input = entry["input_cost_per_token"]?.numberValue, let output = entry["output_cost_per_token"]?.numberValue else {
                continue
            }
            if let mode = entry["mode"]?.stringValue, mode != "chat" && mode != "completion" && mode != "responses" { continue }
            let costs = [
                ("input_cost_per_token", input), ("output_cost_per_token", output),
                ("cache_read_input_token_cost", entry["cache_read_input_token_cost"]?.numberValue ?? 0),
                ("cache_creation_input_token_cost", entry["cache_creation_input_token_cost"]?.numberValue ?? 0),
            ]
            if let (field, value) = costs.first(where: { !$0.1.isFinite || $0.1 < 0 }) {
                throw LoadError(file: name, field: "\(key).\(field)", message: "a price must be a finite number, not negative (found \(value))")
            }
            entries[key] = Price(
                input: input * 1_000_000, output: output * 1_000_000,
                cachedInput: entry["cache_read_input_token_cost"]?.numberValue.map { $0 * 1_000_000 },
                cacheWrite: entry["cache_creation_input_token_cost"]?.numberValue.map { $0 * 1_000_000 },
                source: name)
        }
        return PriceTable(name: name, entries: entries)
    }

    /// The bundled snapshot.
    public static let bundled: PriceTable = {
        // The literal is checked by a test; an empty table is the fallback should it ever break.
        (try? parseLiteLLM(bundledJSON, name: "bundled table \(bundledDate)")) ?? PriceTable(name: "bundled table", entries: [:])
    }()

    /// The price of a catalog model: LiteLLM keys are bare for OpenAI, Anthropic and Cohere, prefixed for
    /// Gemini (`gemini/…`) and Ollama (`ollama/…`).
    public func price(for model: ModelSpec) -> Price? {
        let candidates: [String]
        switch model.provider {
        case "gemini": candidates = ["gemini/\(model.model)", model.model]
        case "ollama": candidates = ["ollama/\(model.model)", model.model]
        case "cohere": candidates = [model.model, "cohere_chat/\(model.model)"]
        case "huggingface": candidates = ["huggingface/\(model.model)", model.model]
        default: candidates = [model.model, "\(model.provider)/\(model.model)"]
        }
        for key in candidates {
            if let price = entries[key] { return price }
        }
        return nil
    }
}

/// The registry of the six wire formats, by the catalog's `provider` value.
public enum WireFormats {
    public static let all: [any WireFormat] = [
        OpenAIWire(), AnthropicWire(), GeminiWire(), CohereWire(), HuggingFaceWire(), OllamaWire(),
    ]

    public static func format(named: String) -> (any WireFormat)? {
        switch named.lowercased() {
        case "openai": return OpenAIWire()
        case "anthropic": return AnthropicWire()
        case "gemini", "google": return GeminiWire()
        case "cohere": return CohereWire()
        case "huggingface", "hf": return HuggingFaceWire()
        case "ollama": return OllamaWire()
        default: return nil
        }
    }
}

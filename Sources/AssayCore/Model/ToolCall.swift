/// A function call in a model's answer, as the provider sent it.
public struct ToolCall: Sendable, Hashable, Codable {
    /// The provider's call id (`call_…`, `toolu_…`); nil where the provider gives none (older Gemini and Ollama).
    public var id: String?
    public var name: String
    /// The arguments as JSON text: as sent where the provider sends text (OpenAI, Cohere, and Anthropic's
    /// streamed deltas), else the provider's object written compactly (Gemini, Ollama, Anthropic unstreamed).
    /// Arguments that are not valid JSON are kept as they came: a model that wrote them so is graded on that.
    public var arguments: String
    /// An opaque token the provider wants back with the call in the next turn (Gemini's `thoughtSignature`,
    /// which Gemini 3 models require on their function calls); nil elsewhere.
    public var signature: String?

    public init(id: String? = nil, name: String, arguments: String, signature: String? = nil) {
        self.id = id
        self.name = name
        self.arguments = arguments
        self.signature = signature
    }

    /// The arguments parsed; nil when they are not valid JSON.
    public var parsedArguments: JSONValue? { try? JSONValue.parse(arguments) }

    /// The calls as a JSON array of `{id, name, arguments}` objects, arguments as their text.
    public static func json(_ calls: [ToolCall]) -> JSONValue {
        .array(calls.map { call in
            var out: [String: JSONValue] = ["id": call.id.map(JSONValue.string) ?? .null, "name": .string(call.name), "arguments": .string(call.arguments)]
            if let signature = call.signature { out["signature"] = .string(signature) }
            return .object(out)
        })
    }

    /// Reads `json(_:)`'s output back; nil for anything else.
    public static func from(json: JSONValue) -> [ToolCall]? {
        guard let items = json.arrayValue else { return nil }
        var calls: [ToolCall] = []
        for item in items {
            guard let name = item["name"]?.stringValue, let arguments = item["arguments"]?.stringValue else { return nil }
            calls.append(ToolCall(id: item["id"]?.stringValue, name: name, arguments: arguments, signature: item["signature"]?.stringValue))
        }
        return calls
    }
}

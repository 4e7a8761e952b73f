/// A function a model may call: its name, what it does, and its parameters as a JSON Schema.
public struct ToolSpec: Sendable, Hashable {
    public var name: String
    public var description: String
    /// A JSON Schema object (`{"type": "object", "properties": …, "required": …}`).
    public var parameters: JSONValue

    public init(name: String, description: String = "", parameters: JSONValue = ["type": "object", "properties": .object([:])]) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// Whether and which tool the model must call.
public enum ToolChoice: Sendable, Hashable {
    /// The model decides (every provider's default).
    case auto
    /// The model must call some tool.
    case required
    /// The model must not call a tool.
    case none
    /// The model must call this tool.
    case named(String)
}

/// What a suite answers when a model calls a tool: the result for calls to `name` whose arguments hold every
/// key and value of `arguments` (any call to `name` when it is nil).
public struct ScriptedToolResult: Sendable, Hashable {
    public var name: String
    public var arguments: JSONValue?
    public var result: JSONValue

    public init(name: String, arguments: JSONValue? = nil, result: JSONValue) {
        self.name = name
        self.arguments = arguments
        self.result = result
    }

    /// Whether this result answers the call.
    public func answers(_ call: ToolCall) -> Bool {
        guard call.name == name else { return false }
        guard let arguments else { return true }
        guard let given = call.parsedArguments else { return false }
        return JSONValue.contains(given, subset: arguments)
    }

    /// The result for a call: the case's first match, else the suite's first match, else an error object the
    /// model can read (a real tool would fail too).
    public static func result(for call: ToolCall, caseResults: [ScriptedToolResult], suiteResults: [ScriptedToolResult]) -> JSONValue {
        if let match = caseResults.first(where: { $0.answers(call) }) ?? suiteResults.first(where: { $0.answers(call) }) {
            return match.result
        }
        return ["error": .string("no result is scripted for \(call.name) with these arguments")]
    }
}

extension JSONValue {
    /// Whether `value` holds `subset`: objects key by key (extra keys allowed), arrays element by element at the same
    /// length, numbers by value, anything else by equality.
    public static func contains(_ value: JSONValue, subset: JSONValue) -> Bool {
        switch (value, subset) {
        case (.object(let a), .object(let b)):
            return b.allSatisfy { key, expected in a[key].map { contains($0, subset: expected) } ?? false }
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { contains($0, subset: $1) }
        default:
            return value == subset
        }
    }
}

/// The tool parts of a suite (`tools`, `tool_choice`, `tool_results`, `max_turns`) and of a case (`messages`,
/// `tool_results`), checked where they are written.
extension SuiteLoader {
    static func tools(_ field: YAMLField) throws -> [ToolSpec] {
        var tools: [ToolSpec] = []
        for item in try field.sequence() {
            let f = try item.fields(allowed: ["name", "description", "parameters"])
            guard let nameField = f["name"] else { throw item.error("a tool needs a 'name'") }
            let name = try nameField.string()
            guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                throw nameField.error("a tool name is 1 to 64 letters, digits, '_' or '-' (what every provider accepts)")
            }
            if tools.contains(where: { $0.name == name }) { throw nameField.error("duplicate tool '\(name)'") }
            var parameters: JSONValue = ["type": "object", "properties": .object([:])]
            if let p = f["parameters"] {
                parameters = try p.json()
                guard parameters["type"]?.stringValue == "object" else {
                    throw p.error("parameters must be a JSON Schema of type object")
                }
                if let problem = JSONSchemaValidator.problem(inSchema: parameters) { throw p.error("not a valid JSON Schema: \(problem)") }
            }
            tools.append(ToolSpec(name: name, description: try f["description"]?.string() ?? "", parameters: parameters))
        }
        return tools
    }

    static func toolChoice(_ field: YAMLField, tools: [ToolSpec]) throws -> ToolChoice {
        if let text = try? field.string() {
            switch text {
            case "auto": return .auto
            case "required": return .required
            case "none": return .none
            default: throw field.error("expected auto, required, none or {name: TOOL}")
            }
        }
        let f = try field.fields(allowed: ["name"])
        guard let name = try f["name"]?.string(), tools.contains(where: { $0.name == name }) else {
            throw field.error("{name: TOOL} must name one of the suite's tools")
        }
        return .named(name)
    }

    /// Scripted results, from the suite file or a dataset row (as JSON).
    static func scriptedResults(_ json: JSONValue, fail: (String) -> LoadError) throws -> [ScriptedToolResult] {
        guard let items = json.arrayValue else { throw fail("expected a list of {name, arguments, result}") }
        return try items.enumerated().map { index, item in
            guard let object = item.objectValue else { throw fail("[\(index)]: expected {name, arguments, result}") }
            if let unknown = object.keys.first(where: { !["name", "arguments", "result"].contains($0) }) {
                throw fail("[\(index)]: unknown key '\(unknown)' (known: name, arguments, result)")
            }
            guard let name = object["name"]?.stringValue else { throw fail("[\(index)]: missing 'name'") }
            guard let result = object["result"] else { throw fail("[\(index)]: missing 'result'") }
            let arguments = object["arguments"]
            if let arguments, arguments.objectValue == nil { throw fail("[\(index)].arguments: expected an object") }
            return ScriptedToolResult(name: name, arguments: arguments, result: result)
        }
    }

    /// A case's conversation so far: user and assistant messages, assistant tool calls (`{id, name, arguments}`) and
    /// tool results (`{role: tool, tool_call_id, name, content}`, content text or JSON).
    static func history(_ json: JSONValue, fail: (String) -> LoadError) throws -> [ChatMessage] {
        guard let items = json.arrayValue else { throw fail("expected a list of messages") }
        var callNames: [String: String] = [:]
        return try items.enumerated().map { index, item in
            guard let role = item["role"]?.stringValue.flatMap(ChatMessage.Role.init(rawValue:)) else {
                throw fail("[\(index)].role: expected user, assistant or tool")
            }
            let content = item["content"].map { $0.stringValue ?? $0.compactJSON } ?? ""
            switch role {
            case .user:
                return .user(content)
            case .assistant:
                let calls = try (item["tool_calls"]?.arrayValue ?? []).enumerated().map { c, call in
                    guard let name = call["name"]?.stringValue else { throw fail("[\(index)].tool_calls[\(c)]: missing 'name'") }
                    let arguments = call["arguments"].map { $0.stringValue ?? $0.compactJSON } ?? "{}"
                    return ToolCall(id: call["id"]?.stringValue ?? "assay-history-\(index)-\(c)", name: name, arguments: arguments)
                }
                for call in calls { callNames[call.id ?? ""] = call.name }
                return .assistant(content, calls: calls)
            case .tool:
                guard let id = item["tool_call_id"]?.stringValue else { throw fail("[\(index)]: a tool message needs 'tool_call_id'") }
                // Gemini and Ollama name the tool a result answers: the name given, else the call's.
                guard let name = item["name"]?.stringValue ?? callNames[id] else {
                    throw fail("[\(index)]: tool_call_id '\(id)' answers no earlier call, and the message names no tool")
                }
                return ChatMessage(role: .tool, content: content, toolCallID: id, toolName: name)
            }
        }
    }
}

import Yams

/// A YAML node with the file and the dotted field path it was reached by, so that every
/// loading error can say where it is.
struct YAMLField {
    let node: Node
    let file: String
    let path: String

    var line: Int? { node.mark.map { $0.line } }

    func error(_ message: String) -> LoadError {
        LoadError(file: file, line: line, field: path.isEmpty ? nil : path, message: message)
    }

    static func load(file: String, text: String) throws -> YAMLField {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw LoadError(file: file, message: "the file is empty")
            }
            return YAMLField(node: node, file: file, path: "")
        } catch let error as LoadError {
            throw error
        } catch let error as YamlError {
            throw YAMLField.describe(error, file: file)
        }
    }

    static func describe(_ error: YamlError, file: String) -> LoadError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return LoadError(file: file, line: mark.line, message: "invalid YAML: \(prefix)\(problem) (column \(mark.column))")
        default:
            return LoadError(file: file, message: "invalid YAML: \(error)")
        }
    }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The members of a mapping, in file order.
    func mapping() throws -> [(key: String, value: YAMLField)] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping (key: value)") }
        var out: [(String, YAMLField)] = []
        var seen = Set<String>()
        for (k, v) in mapping {
            guard let key = k.string else { throw error("keys must be strings") }
            if !seen.insert(key).inserted {
                throw LoadError(file: file, line: k.mark?.line, field: child(key), message: "duplicate key")
            }
            out.append((key, YAMLField(node: v, file: file, path: child(key))))
        }
        return out
    }

    /// A mapping whose keys must all be in `allowed`.
    func fields(allowed: Set<String>) throws -> [String: YAMLField] {
        var out: [String: YAMLField] = [:]
        for (key, value) in try mapping() {
            guard allowed.contains(key) else {
                let known = allowed.sorted().joined(separator: ", ")
                throw LoadError(
                    file: file, line: value.line, field: child(key), message: "unknown key (known keys: \(known))")
            }
            out[key] = value
        }
        return out
    }

    func sequence() throws -> [YAMLField] {
        guard case .sequence(let seq) = node else { throw error("expected a list") }
        return seq.enumerated().map { YAMLField(node: $1, file: file, path: "\(path)[\($0)]") }
    }

    func string() throws -> String {
        guard case .scalar(let scalar) = node else { throw error("expected a string") }
        return scalar.string
    }

    func double() throws -> Double {
        guard case .scalar = node, let value = node.float ?? node.int.map(Double.init) else {
            throw error("expected a number")
        }
        return value
    }

    func int() throws -> Int {
        guard case .scalar = node, let value = node.int else { throw error("expected an integer") }
        return value
    }

    func bool() throws -> Bool {
        guard case .scalar = node, let value = node.bool else { throw error("expected true or false") }
        return value
    }

    /// The node as a JSON value, with YAML's scalar types resolved.
    func json() throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .singleQuoted || scalar.style == .doubleQuoted || scalar.style == .literal
                || scalar.style == .folded
            {
                return .string(scalar.string)
            }
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int: return node.int.map { .number(Double($0)) } ?? .string(scalar.string)
            case .float: return node.float.map(JSONValue.number) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .sequence:
            return .array(try sequence().map { try $0.json() })
        case .mapping:
            var out: [String: JSONValue] = [:]
            for (k, v) in try mapping() { out[k] = try v.json() }
            return .object(out)
        case .alias:
            throw error("YAML aliases are not supported here")
        }
    }
}

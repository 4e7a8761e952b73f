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
            // The parser is kept until the anchors are checked: nodes hold their anchors weakly.
            let parser = try Parser(yaml: text)
            guard let node = try parser.singleRoot() else {
                throw LoadError(file: file, message: "the file is empty")
            }
            // An alias repeats its anchor's node; nested aliases repeat nodes exponentially ("billion laughs"),
            // and walking the expanded tree would take minutes and gigabytes. Assay's files have no use for
            // them, so the first anchor is refused before anything walks the tree. Walking in file order
            // meets an anchor before any alias to it, so the walk visits each written node at most once.
            if let anchored = firstAnchored(node) {
                throw LoadError(
                    file: file, line: anchored.mark?.line,
                    message: "YAML anchors and aliases (&name, *name) are not supported: write the value out where it is used")
            }
            withExtendedLifetime(parser) {}
            return YAMLField(node: node, file: file, path: "")
        } catch let error as LoadError {
            throw error
        } catch let error as YamlError {
            throw YAMLField.describe(error, file: file, text: text)
        }
    }

    /// The first node, in file order, that carries an anchor.
    static func firstAnchored(_ node: Node) -> Node? {
        switch node {
        case .scalar(let scalar):
            return scalar.anchor == nil ? nil : node
        case .sequence(let sequence):
            if sequence.anchor != nil { return node }
            for item in sequence { if let found = firstAnchored(item) { return found } }
            return nil
        case .mapping(let mapping):
            if mapping.anchor != nil { return node }
            for (key, value) in mapping {
                if let found = firstAnchored(key) ?? firstAnchored(value) { return found }
            }
            return nil
        case .alias:
            return node
        }
    }

    static func describe(_ error: YamlError, file: String, text: String = "") -> LoadError {
        switch error {
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let first = context.mark.line
            let again = YAMLField.repeatedKeyLine(key, after: first, in: text)
            return LoadError(
                file: file, line: again ?? first, field: key,
                message: "duplicate key" + (again != nil && first > 0 ? " (first at line \(first))" : ""))
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return LoadError(file: file, line: mark.line, message: "invalid YAML: \(prefix)\(problem) (column \(mark.column))")
        default:
            return LoadError(file: file, message: "invalid YAML: \(error)")
        }
    }

    /// The line after `line` where `key` is written again as a mapping key (for a duplicate key's message).
    static func repeatedKeyLine(_ key: String, after line: Int, in text: String) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return nil }
        let indent = lines[line - 1].prefix { $0 == " " || $0 == "-" }.count
        for index in line..<lines.count {
            let current = lines[index]
            let body = current.dropFirst(indent)
            guard current.prefix(indent).allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            for form in [key, "\"\(key)\"", "'\(key)'"] where body.hasPrefix(form + ":") { return index + 1 }
        }
        return nil
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

    /// A price in USD per million tokens: a finite number, not negative.
    func price() throws -> Double {
        let value = try double()
        guard value.isFinite else { throw error("a price must be a finite number of USD per million tokens, not \(value)") }
        guard value >= 0 else { throw error("a price must not be negative") }
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

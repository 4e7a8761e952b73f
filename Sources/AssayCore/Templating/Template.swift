import Foundation

/// `{{var}}` templating for prompts and assertion values. A variable may be dotted (`{{ticket.body}}`).
/// A missing variable is an error, never an empty string.
public struct Template: Sendable, Hashable {
    public let text: String

    public init(_ text: String) {
        self.text = text
    }

    public struct MissingVariable: Error, Sendable, CustomStringConvertible {
        public let name: String
        public var description: String { "template variable '\(name)' is not defined" }
    }

    /// The variable names the template refers to, in order.
    public var variables: [String] {
        pieces.compactMap { if case .variable(let name) = $0 { return name } else { return nil } }
    }

    enum Piece: Hashable {
        case literal(Substring)
        case variable(String)
    }

    var pieces: [Piece] {
        var out: [Piece] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if name.isEmpty || name.contains(where: { $0.isWhitespace || $0 == "{" }) {
                out.append(.literal(rest[..<close.upperBound]))
            } else {
                if open.lowerBound > rest.startIndex { out.append(.literal(rest[..<open.lowerBound])) }
                out.append(.variable(name))
            }
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { out.append(.literal(rest)) }
        return out
    }

    /// Renders the template as text.
    /// - Throws: `MissingVariable` for the first variable `vars` does not define.
    public func render(_ vars: [String: JSONValue]) throws(MissingVariable) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .literal(let s): out += s
            case .variable(let name): out += try Template.lookup(name, in: vars).templateText
            }
        }
        return out
    }

    static func lookup(_ name: String, in vars: [String: JSONValue]) throws(MissingVariable) -> JSONValue {
        if let direct = vars[name] { return direct }
        let parts = name.split(separator: ".").map(String.init)
        guard parts.count > 1, var current = vars[parts[0]] else { throw MissingVariable(name: name) }
        for part in parts.dropFirst() {
            if let next = current[part] {
                current = next
            } else if let index = Int(part), let array = current.arrayValue, array.indices.contains(index) {
                current = array[index]
            } else {
                throw MissingVariable(name: name)
            }
        }
        return current
    }

    /// Renders every string inside a JSON value. A string that is exactly one `{{var}}`
    /// takes the variable's value as it is, so a list variable stays a list.
    public static func render(_ value: JSONValue, _ vars: [String: JSONValue]) throws(MissingVariable) -> JSONValue {
        switch value {
        case .string(let s):
            let template = Template(s)
            let pieces = template.pieces
            if pieces.count == 1, case .variable(let name) = pieces[0] { return try lookup(name, in: vars) }
            if !s.contains("{{") { return value }
            return .string(try template.render(vars))
        case .array(let items):
            var out: [JSONValue] = []
            for item in items { out.append(try render(item, vars)) }
            return .array(out)
        case .object(let members):
            var out: [String: JSONValue] = [:]
            for (k, v) in members { out[k] = try render(v, vars) }
            return .object(out)
        default:
            return value
        }
    }
}

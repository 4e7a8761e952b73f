import Foundation

/// Validates JSON against the JSON Schema keywords that answer formats need: type, properties,
/// required, enum, const, items, additionalProperties, minimum/maximum, minLength/maxLength,
/// minItems/maxItems and pattern. Unknown keywords are ignored, as the specification says.
public enum JSONSchemaValidator {
    static let types: Set<String> = ["object", "array", "string", "number", "integer", "boolean", "null"]

    /// What is wrong with the schema itself, or nil when it is usable.
    public static func problem(inSchema schema: JSONValue, at path: String = "$") -> String? {
        if case .bool = schema { return nil }
        guard case .object(let s) = schema else { return "\(path): a schema must be a mapping" }
        if let t = s["type"] {
            let names: [JSONValue] = t.arrayValue ?? [t]
            for name in names {
                guard let n = name.stringValue, types.contains(n) else {
                    return "\(path).type: unknown type \(name.compactJSON) (known: \(types.sorted().joined(separator: ", ")))"
                }
            }
        }
        if let props = s["properties"] {
            guard case .object(let p) = props else { return "\(path).properties: expected a mapping" }
            for key in p.keys.sorted() {
                if let problem = problem(inSchema: p[key]!, at: "\(path).properties.\(key)") { return problem }  // swift-format-ignore
            }
        }
        if let req = s["required"] {
            guard let items = req.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                return "\(path).required: expected a list of property names"
            }
        }
        if let e = s["enum"], e.arrayValue == nil { return "\(path).enum: expected a list" }
        if let items = s["items"], let problem = problem(inSchema: items, at: "\(path).items") { return problem }
        if let extra = s["additionalProperties"], let problem = problem(inSchema: extra, at: "\(path).additionalProperties") {
            return problem
        }
        for key in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] {
            if let v = s[key], v.numberValue == nil { return "\(path).\(key): expected a number" }
        }
        for key in ["minLength", "maxLength", "minItems", "maxItems"] {
            if let v = s[key], (v.numberValue ?? -1) < 0 { return "\(path).\(key): expected a non-negative integer" }
        }
        if let p = s["pattern"] {
            guard let pattern = p.stringValue, (try? NSRegularExpression(pattern: pattern)) != nil else {
                return "\(path).pattern: invalid regular expression"
            }
        }
        return nil
    }

    /// The ways `value` breaks `schema`, each naming its JSON path; empty when it conforms.
    public static func validate(_ value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        if case .bool(let allowed) = schema { return allowed ? [] : ["\(path): not allowed"] }
        guard case .object(let s) = schema else { return [] }
        var errors: [String] = []
        if let t = s["type"] {
            let names = (t.arrayValue ?? [t]).compactMap(\.stringValue)
            if !names.contains(where: { matches(value, type: $0) }) {
                return ["\(path): expected \(names.joined(separator: " or ")), found \(typeName(of: value))"]
            }
        }
        if let e = s["enum"]?.arrayValue, !e.contains(where: { equal($0, value) }) {
            errors.append("\(path): \(value.compactJSON.prefix(60)) is not one of \(JSONValue.array(e).compactJSON.prefix(200))")
        }
        if let c = s["const"], !equal(c, value) { errors.append("\(path): must equal \(c.compactJSON.prefix(60))") }
        switch value {
        case .object(let members):
            for name in (s["required"]?.arrayValue ?? []).compactMap(\.stringValue) where members[name] == nil {
                errors.append("\(path): missing required property '\(name)'")
            }
            let props = s["properties"]?.objectValue ?? [:]
            for key in members.keys.sorted() {
                let member = members[key]!  // swift-format-ignore: key from the same dictionary
                if let sub = props[key] {
                    errors += validate(member, against: sub, at: "\(path).\(key)")
                } else if let extra = s["additionalProperties"] {
                    if case .bool(false) = extra {
                        errors.append("\(path): unexpected property '\(key)'")
                    } else {
                        errors += validate(member, against: extra, at: "\(path).\(key)")
                    }
                }
            }
        case .array(let items):
            if let min = s["minItems"]?.numberValue, Double(items.count) < min {
                errors.append("\(path): expected at least \(Int(min)) items, found \(items.count)")
            }
            if let max = s["maxItems"]?.numberValue, Double(items.count) > max {
                errors.append("\(path): expected at most \(Int(max)) items, found \(items.count)")
            }
            if let sub = s["items"] {
                for (i, item) in items.enumerated() { errors += validate(item, against: sub, at: "\(path)[\(i)]") }
            }
        case .string(let text):
            let length = text.unicodeScalars.count
            if let min = s["minLength"]?.numberValue, Double(length) < min {
                errors.append("\(path): shorter than \(Int(min)) characters")
            }
            if let max = s["maxLength"]?.numberValue, Double(length) > max {
                errors.append("\(path): longer than \(Int(max)) characters")
            }
            if let pattern = s["pattern"]?.stringValue, let re = try? NSRegularExpression(pattern: pattern) {
                let range = NSRange(text.startIndex..., in: text)
                if re.firstMatch(in: text, range: range) == nil {
                    errors.append("\(path): does not match pattern \(pattern)")
                }
            }
        case .number(let n):
            if let min = s["minimum"]?.numberValue, n < min { errors.append("\(path): \(n) is below the minimum \(min)") }
            if let max = s["maximum"]?.numberValue, n > max { errors.append("\(path): \(n) is above the maximum \(max)") }
            if let min = s["exclusiveMinimum"]?.numberValue, n <= min { errors.append("\(path): must be above \(min)") }
            if let max = s["exclusiveMaximum"]?.numberValue, n >= max { errors.append("\(path): must be below \(max)") }
        default:
            break
        }
        return errors
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null),
            ("number", .number):
            return true
        case ("integer", .number(let n)): return n == n.rounded()
        default: return false
        }
    }

    static func typeName(of value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool { a == b }
}

import Foundation

/// A small JSONPath subset: `$`, `.name`, `['name']` and `[index]` steps.
public struct JSONPath: Sendable, Hashable {
    enum Step: Hashable {
        case key(String)
        case index(Int)
    }

    let steps: [Step]
    public let text: String

    public init?(_ text: String) {
        self.text = text
        var steps: [Step] = []
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        if rest.hasPrefix("$") { rest = rest.dropFirst() }
        while !rest.isEmpty {
            if rest.hasPrefix(".") {
                rest = rest.dropFirst()
                let name = rest.prefix { $0 != "." && $0 != "[" }
                if name.isEmpty { return nil }
                steps.append(.key(String(name)))
                rest = rest.dropFirst(name.count)
            } else if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]") else { return nil }
                let inner = rest[rest.index(after: rest.startIndex)..<close]
                if let i = Int(inner) {
                    steps.append(.index(i))
                } else if inner.count >= 2, let q = inner.first, q == "'" || q == "\"", inner.last == q {
                    steps.append(.key(String(inner.dropFirst().dropLast())))
                } else {
                    return nil
                }
                rest = rest[rest.index(after: close)...]
            } else if steps.isEmpty, text.first != "$" {
                // A bare `field.sub` path.
                let name = rest.prefix { $0 != "." && $0 != "[" }
                steps.append(.key(String(name)))
                rest = rest.dropFirst(name.count)
            } else {
                return nil
            }
        }
        self.steps = steps
    }

    /// The value at this path, or nil when a step is missing.
    public func evaluate(_ value: JSONValue) -> JSONValue? {
        var current = value
        for step in steps {
            switch step {
            case .key(let k):
                guard let next = current[k] else { return nil }
                current = next
            case .index(let i):
                guard let a = current.arrayValue else { return nil }
                let j = i < 0 ? a.count + i : i
                guard a.indices.contains(j) else { return nil }
                current = a[j]
            }
        }
        return current
    }
}

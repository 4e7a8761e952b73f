/// A suite, dataset or catalog that cannot be loaded. It names the file, the line or field, and what is wrong.
public struct LoadError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var field: String?
    public var message: String

    public init(file: String, line: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let field { return "\(location): \(field): \(message)" }
        return "\(location): \(message)"
    }
}

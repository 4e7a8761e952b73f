public import Foundation

extension RunManifest {
    /// The manifest as the JSON value a store keeps.
    public var json: JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain Codable values cannot fail; a failure would be a bug in this type.
        guard let data = try? encoder.encode(self), let value = try? JSONValue.parse(data: data) else { return .null }
        return value
    }

    /// The manifest a store kept with a run; nil for a configuration it cannot read.
    public init?(json: JSONValue) {
        guard let manifest = try? JSONDecoder().decode(RunManifest.self, from: Data(json.compactJSON.utf8)) else { return nil }
        self = manifest
    }
}

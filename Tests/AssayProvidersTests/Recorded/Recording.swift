import AssayCore
import Foundation
import Testing

/// A real provider response kept under Recordings/ (see its README): the body as recorded, where it came from,
/// and what it holds, written by reading it.
struct Recording: Sendable, CustomTestStringConvertible {
    let wire: String
    let name: String
    let source: String
    let model: String
    let streamed: Bool
    let status: Int
    let headers: [(name: String, value: String)]
    let body: String
    let expect: JSONValue

    var testDescription: String { "\(wire)/\(name)" }
    var expectedError: ErrorKind? { expect["error"]?.stringValue.flatMap(ErrorKind.init(rawValue:)) }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Recordings")

    /// Every recording, by wire format then name.
    static let all: [Recording] = {
        let wires = ["openai", "anthropic", "gemini", "cohere", "huggingface", "ollama"]
        return wires.flatMap { wire -> [Recording] in
            let dir = folder.appendingPathComponent(wire)
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
            return files.map { file in
                do {
                    return try Recording(wire: wire, file: dir.appendingPathComponent(file))
                } catch {
                    fatalError("\(wire)/\(file): \(error)")
                }
            }
        }
    }()

    init(wire: String, file: URL) throws {
        let json = try JSONValue.parse(String(contentsOf: file, encoding: .utf8))
        self.wire = wire
        name = file.deletingPathExtension().lastPathComponent
        source = json["source"]?.stringValue ?? ""
        model = json["model"]?.stringValue ?? "recorded-model"
        streamed = json["streamed"] == .bool(true)
        status = json["status"]?.numberValue.map { Int($0) } ?? 200
        headers = (json["headers"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value.templateText) }
        body = json["body"]?.stringValue ?? ""
        expect = json["expect"] ?? .object([:])
    }
}

import AssayStatistics
import AssayCore

/// A versioned judge prompt: its text and a stable hash stored with every score it produced, so that
/// scores from different prompt wordings are never mixed up silently.
public struct JudgePrompt: Sendable, Hashable {
    public let version: String
    public let system: String
    public let userTemplate: String

    public init(version: String, system: String, userTemplate: String) {
        self.version = version
        self.system = system
        self.userTemplate = userTemplate
    }

    /// FNV-1a of the prompt text.
    public var hash: String { StableHash.hex(StableHash.fnv1a(system + userTemplate)) }
    /// `version#hash`, as stored with judged grades.
    public var identity: String { "\(version)#\(hash)" }

    public func user(_ vars: [String: String]) -> String {
        (try? Template(userTemplate).render(vars.mapValues(JSONValue.string))) ?? userTemplate
    }
}

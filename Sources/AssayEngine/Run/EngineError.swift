/// A run, merge or comparison could not be carried out (not an invalid suite, not a failed gate). The
/// kind says what went wrong, so that the CLI maps it to an exit code without reading the message.
public struct EngineError: Error, Sendable, CustomStringConvertible {
    /// What went wrong; new kinds can be added without breaking callers that match on these.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Code: String, Sendable {
            case conflictingOptions = "conflicting options"
            case runNotFound = "run not found"
            case planMismatch = "plan mismatch"
            case noModelToRun = "no model to run"
            case modelNotInCatalog = "model not in the catalog"
            case providerUnsupported = "provider not supported"
            case invalidShard = "invalid shard"
            case outputUnwritable = "output not writable"
        }

        private let code: Code

        /// Options that cannot go together (e.g. `--resume A --run-id B`).
        public static let conflictingOptions = Kind(code: .conflictingOptions)
        /// A run named by `--resume`, `merge`, `--baseline` or `compare` is not in the store.
        public static let runNotFound = Kind(code: .runNotFound)
        /// A resumed run, a shard or a merge does not match the stored run's plan.
        public static let planMismatch = Kind(code: .planMismatch)
        public static let noModelToRun = Kind(code: .noModelToRun)
        public static let modelNotInCatalog = Kind(code: .modelNotInCatalog)
        public static let providerUnsupported = Kind(code: .providerUnsupported)
        public static let invalidShard = Kind(code: .invalidShard)
        /// A report or log file cannot be written.
        public static let outputUnwritable = Kind(code: .outputUnwritable)

        public var description: String { code.rawValue }
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

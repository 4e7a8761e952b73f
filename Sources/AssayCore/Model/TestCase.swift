/// One row of a suite's dataset: the variables its prompt and assertions are rendered with.
public struct TestCase: Sendable, Hashable {
    /// Unique within its suite; from the dataset's `id` (or `task_id`) field, else `<suite>-<line>`.
    public var id: String
    public var vars: [String: JSONValue]
    /// Cases that share a cluster are not independent (used by clustered intervals).
    public var cluster: String?
    /// A per-case pass threshold on the weighted score, overriding the suite's.
    public var threshold: Double?
    /// Extra assertions for this case only.
    public var assertions: [AssertionSpec]
    /// The conversation before the graded turn (the dataset's `messages`); empty for a single turn.
    public var history: [ChatMessage] = []
    /// This case's scripted tool results (the dataset's `tool_results`), tried before the suite's.
    public var toolResults: [ScriptedToolResult] = []
    /// The dataset (or suite) file and 1-based line the case came from, for messages.
    public var file: String
    public var line: Int?

    public var source: String { line.map { "\(file):\($0)" } ?? file }

    public init(
        id: String, vars: [String: JSONValue], cluster: String? = nil, threshold: Double? = nil,
        assertions: [AssertionSpec] = [], file: String = "", line: Int? = nil
    ) {
        self.id = id
        self.vars = vars
        self.cluster = cluster
        self.threshold = threshold
        self.assertions = assertions
        self.file = file
        self.line = line
    }
}

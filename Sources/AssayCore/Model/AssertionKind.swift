/// The assertion types Assay grades with. Names follow promptfoo's where the meaning matches.
public enum AssertionKind: String, Sendable, CaseIterable, Hashable {
    case equals
    case contains
    case icontains
    case containsAny = "contains-any"
    case containsAll = "contains-all"
    case icontainsAny = "icontains-any"
    case icontainsAll = "icontains-all"
    case startsWith = "starts-with"
    case regex
    case isJSON = "is-json"
    case jsonPath = "json-path"
    case levenshtein
    case rougeN = "rouge-n"
    case rougeL = "rouge-l"
    case bleu
    case latency
    case cost
    case finishReason = "finish-reason"
    case wordCount = "word-count"
    case charCount = "char-count"
    case codeTests = "code-tests"
    case llmRubric = "llm-rubric"
    case factuality
    case modelGradedClosedQA = "model-graded-closedqa"
    case selectBest = "select-best"
    case assertSet = "assert-set"
    case toolCall = "tool-call"
    case toolSequence = "tool-sequence"
    case toolCallF1 = "tool-call-f1"
    case noToolCall = "no-tool-call"

    /// Assertions that call a judge model.
    public var needsJudge: Bool { self == .llmRubric || self == .factuality || self == .modelGradedClosedQA || self == .selectBest }

    /// Whether the type takes a `not-` prefix: every rule-based type does; groups, judges and code tests do not.
    public var negatable: Bool { !(needsJudge || self == .codeTests || self == .assertSet) }

    /// Types whose `threshold` is an absolute quantity (edit distance, milliseconds, US dollars)
    /// rather than a score in [0, 1]; for these the threshold is required.
    public var thresholdIsAbsolute: Bool { self == .levenshtein || self == .latency || self == .cost }

    /// Assertions on the tools the model called rather than on its text.
    public var gradesToolCalls: Bool { self == .toolCall || self == .toolSequence || self == .toolCallF1 || self == .noToolCall }
}

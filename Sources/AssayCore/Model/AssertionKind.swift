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
    case rougeL = "rouge-l"
    case wordCount = "word-count"
    case charCount = "char-count"
    case codeTests = "code-tests"
    case llmRubric = "llm-rubric"

    /// Assertions that call a judge model.
    public var needsJudge: Bool { self == .llmRubric }
}

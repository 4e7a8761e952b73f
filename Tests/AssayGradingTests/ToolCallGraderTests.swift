import AssayCore
import AssayGrading
import Testing

/// The tool-call assertions, on what the model called across the exchange.
struct ToolCallGraderTests {
    static let calls = [
        ToolCall(id: "c1", name: "lookup_order", arguments: #"{"order_id":"LH-10001"}"#),
        ToolCall(id: "c2", name: "issue_refund", arguments: #"{"order_id":"LH-10001","amount":82.05,"reason":"return"}"#),
    ]

    static func grade(_ kind: AssertionKind, _ value: JSONValue?, calls: [ToolCall] = calls, negated: Bool = false, threshold: Double? = nil) -> GradeResult {
        let spec = AssertionSpec(kind: kind, negated: negated, value: value, threshold: threshold)
        return RuleGrader.grade(spec, value: value, input: GradingInput(output: "Your refund is on its way.", toolCalls: calls))
    }

    @Test func toolCallMatchesNameAndArgumentsAsASubsetByDefault() {
        #expect(Self.grade(.toolCall, ["name": "issue_refund", "arguments": ["amount": 82.05]]).pass)
        #expect(Self.grade(.toolCall, ["name": "issue_refund"]).pass, "no arguments: the name alone")
        let wrongAmount = Self.grade(.toolCall, ["name": "issue_refund", "arguments": ["amount": 88.0]])
        #expect(!wrongAmount.pass)
        #expect(wrongAmount.reason.contains("expected arguments"), "\(wrongAmount.reason)")
        #expect(!Self.grade(.toolCall, ["name": "cancel_order"]).pass)
        #expect(!Self.grade(.toolCall, ["name": "issue_refund", "arguments": ["order_id": "LH-10001"], "match": "exact"]).pass)
        #expect(Self.grade(.toolCall, ["name": "lookup_order", "arguments": ["order_id": "LH-10001"], "match": "exact"]).pass)
    }

    @Test func toolCallChecksAJSONSchema() {
        let schema: JSONValue = ["type": "object", "required": ["amount"], "properties": ["amount": ["type": "number", "maximum": 100]]]
        #expect(Self.grade(.toolCall, ["name": "issue_refund", "schema": schema]).pass)
        let tooMuch: JSONValue = ["type": "object", "properties": ["amount": ["type": "number", "maximum": 50]]]
        #expect(!Self.grade(.toolCall, ["name": "issue_refund", "schema": tooMuch]).pass)
    }

    /// Arguments the model wrote as broken JSON are what they are: they match no expected arguments.
    @Test func malformedArgumentsMatchNothing() {
        let broken = [ToolCall(id: "c", name: "issue_refund", arguments: #"{"amount": 82.05"#)]
        #expect(!Self.grade(.toolCall, ["name": "issue_refund", "arguments": ["amount": 82.05]], calls: broken).pass)
        #expect(Self.grade(.toolCall, ["name": "issue_refund"], calls: broken).pass)
    }

    @Test func notToolCallPassesWhenTheCallIsNotMade() {
        #expect(Self.grade(.toolCall, ["name": "cancel_order"], negated: true).pass)
        #expect(!Self.grade(.toolCall, ["name": "issue_refund"], negated: true).pass)
    }

    @Test func toolSequenceIsInOrderOrAsASet() {
        #expect(Self.grade(.toolSequence, ["lookup_order", "issue_refund"]).pass)
        #expect(!Self.grade(.toolSequence, ["issue_refund", "lookup_order"]).pass)
        #expect(Self.grade(.toolSequence, ["set": ["issue_refund", "lookup_order"]]).pass)
        #expect(!Self.grade(.toolSequence, ["lookup_order"]).pass, "an extra call breaks the sequence")
    }

    @Test func toolCallF1CountsRepeatsAndPassesAtItsThreshold() {
        #expect(RuleGrader.toolF1(called: [], expected: []) == 1)
        #expect(RuleGrader.toolF1(called: ["a"], expected: []) == 0)
        #expect(RuleGrader.toolF1(called: ["a", "a"], expected: ["a"]) == 2.0 * 0.5 * 1 / 1.5)
        #expect(RuleGrader.toolF1(called: ["a", "b"], expected: ["b", "c"]) == 0.5)
        let half = Self.grade(.toolCallF1, ["lookup_order", "cancel_order"])
        #expect(half.score == 0.5 && !half.pass, "the default threshold is 1")
        #expect(Self.grade(.toolCallF1, ["lookup_order", "cancel_order"], threshold: 0.5).pass)
        #expect(Self.grade(.toolCallF1, [], calls: []).pass, "none expected, none called")
    }

    @Test func noToolCall() {
        #expect(Self.grade(.noToolCall, nil, calls: []).pass)
        let called = Self.grade(.noToolCall, nil)
        #expect(!called.pass && called.reason.contains("lookup_order"))
    }

    /// The loader checks the values.
    @Test(arguments: [
        ("{type: tool-call, value: lookup_order}", "expected {name: TOOL}"),
        ("{type: tool-call, value: {name: x, args: {}}}", "unknown key 'args'"),
        ("{type: tool-sequence, value: {order: [a]}}", "expected a list of tool names"),
        ("{type: no-tool-call, value: x}", "takes no value"),
        ("{type: tool-call, path: $.a, value: {name: x}}", "takes no path"),
        ("{type: equals, value: x, transcript: true}", "only judge assertions read the transcript"),
    ])
    func badValuesAreNamed(assertion: String, message: String) throws {
        let yaml = "name: t\ncategory: t\nprompt: hi\ntests:\n  - {id: a}\nassert:\n  - \(assertion)\n"
        let error = try #require(throws: LoadError.self) { try SuiteLoader.parse(text: yaml, file: "suite.yaml") }
        #expect(error.message.contains(message), "\(error)")
    }
}

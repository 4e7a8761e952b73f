import AssayCore
import AssayProviders
import AssaySimulator
import Foundation
import Testing

/// A tool exchange in each provider format against the simulated fleet, without HTTP: the request with tools and the
/// conversation so far is parsed by the simulated wire, the fleet answers the script's step (calls, then the reply),
/// and the answer, encoded whole or streamed, is decoded by the client's format (streams fed byte by byte and split in two at 150 places).
struct SimulatedToolRoundTripTests {
    static let lookup = ToolSpec(
        name: "lookup_order", description: "Looks an order up.",
        parameters: ["type": "object", "properties": ["order_id": ["type": "string"]], "required": ["order_id"]])
    static let refund = ToolSpec(
        name: "issue_refund", description: "Refunds an order.",
        parameters: ["type": "object", "properties": ["order_id": ["type": "string"], "amount": ["type": "number"]]])

    static let suite: Suite = {
        var suite = Suite(
            name: "t", category: "t", prompt: "{{q}}", simulatorReference: "{{good}}",
            assertions: [AssertionSpec(kind: .noToolCall)],
            cases: [TestCase(id: "1", vars: [
                "q": "Refund my order LH-10001 please — the lamp is “broken” ✓",
                "good": "Your refund RF-1 of $42.50 is on its way.",
                "calls": [
                    [["name": "lookup_order", "arguments": ["order_id": "LH-10001"]]],
                    [["name": "issue_refund", "arguments": ["order_id": "LH-10001", "amount": 42.5]],
                     ["name": "lookup_order", "arguments": ["order_id": "LH-10002"]]],
                ],
            ])])
        suite.tools = [lookup, refund]
        suite.simulatorCalls = "{{calls}}"
        return suite
    }()

    static let fleet = SimulatedFleet(
        profiles: [SimulatedModelProfile(name: "good", quality: 1, ttftMedianMs: 30, ttftSigma: 0, tailProbability: 0, tokensPerSecond: 1000)],
        answerKey: SimulatedAnswerKey(suites: [suite]), seed: 7, timeScale: 0)

    /// One turn: the request for the conversation, parsed, answered and decoded.
    static func turn(_ name: String, conversation: [ChatMessage], stream: Bool) throws -> (request: SimulatedRequest, response: WireResponse) {
        let chat = ChatRequest(
            system: "Be brief.", user: suite.cases[0].vars["q"]?.stringValue ?? "", maxTokens: 200, stream: stream,
            tools: suite.tools, toolChoice: .auto, messages: conversation)
        let (parsed, wire) = try SimulatedWireRoundTripTests.parsed(name, chat)
        let reply = fleet.reply(
            model: parsed.model, system: parsed.system, user: parsed.user, maxTokens: parsed.maxTokens, jsonMode: false,
            requestSeed: parsed.seed, attempt: 0, tools: parsed.tools, toolTurns: parsed.toolTurns)
        guard case .answer(let answer) = reply else { throw CallError(kind: .serverError, message: "no answer: \(reply)") }
        let format = try SimulatedWireRoundTripTests.setup(name).format
        guard stream else { return (parsed, try format.decodeResponse(wire.completeBody(answer, request: parsed, id: "abc123"))) }
        var body = wire.streamStart(answer, request: parsed, id: "abc123")
        for (i, token) in answer.tokens.enumerated() { body += wire.streamToken(token, index: i, request: parsed, id: "abc123") }
        body += wire.streamToolCalls(answer, request: parsed, id: "abc123")
        body += wire.streamEnd(answer, request: parsed, id: "abc123")
        return (parsed, WireResponse(events: try WireTestSupport.decodeStream(format, body, splits: 150)))
    }

    @Test(arguments: SimulatedWireRoundTripTests.formats, [false, true])
    func aToolExchangeRoundTrips(name: String, stream: Bool) throws {
        let user = ChatMessage.user(Self.suite.cases[0].vars["q"]?.stringValue ?? "")
        var conversation = [user]

        // Turn 1: the lookup.
        let first = try Self.turn(name, conversation: conversation, stream: stream)
        #expect(first.request.tools == ["lookup_order", "issue_refund"])
        #expect(first.request.toolTurns == 0)
        #expect(first.response.toolCalls.map(\.name) == ["lookup_order"])
        #expect(first.response.toolCalls.first?.parsedArguments == ["order_id": "LH-10001"])
        #expect(first.response.finishReason == "tool-calls")
        #expect(first.response.text.isEmpty)

        // Turn 2: two calls at once, after the lookup's result.
        var calls = first.response.toolCalls
        for i in calls.indices where calls[i].id == nil { calls[i].id = "assay-call-1-\(i + 1)" }
        conversation.append(.assistant("", calls: calls))
        conversation += calls.map { .toolResult(#"{"status": "delivered", "total": 42.5}"#, for: $0) }
        let second = try Self.turn(name, conversation: conversation, stream: stream)
        #expect(second.request.toolTurns == 1)
        #expect(second.request.user == user.content, "the user's message is found behind the tool results")
        #expect(second.response.toolCalls.map(\.name) == ["issue_refund", "lookup_order"])
        #expect(second.response.toolCalls.first?.parsedArguments == ["order_id": "LH-10001", "amount": 42.5])

        // Turn 3: the reply.
        var more = second.response.toolCalls
        for i in more.indices where more[i].id == nil { more[i].id = "assay-call-2-\(i + 1)" }
        conversation.append(.assistant("", calls: more))
        conversation += more.map { .toolResult(#"{"refund_id": "RF-1"}"#, for: $0) }
        let third = try Self.turn(name, conversation: conversation, stream: stream)
        #expect(third.request.toolTurns == 2)
        #expect(third.response.toolCalls.isEmpty)
        #expect(third.response.text == "Your refund RF-1 of $42.50 is on its way.")
        #expect(third.response.finishReason == "stop")
    }

    /// `tool_choice: none` offers no tools to the model: the fleet answers in text.
    @Test(arguments: ["openai", "anthropic", "gemini", "cohere"])
    func toolChoiceNoneGetsText(name: String) throws {
        let chat = ChatRequest(user: Self.suite.cases[0].vars["q"]?.stringValue ?? "", tools: Self.suite.tools, toolChoice: ToolChoice.none)
        let (parsed, _) = try SimulatedWireRoundTripTests.parsed(name, chat)
        #expect(parsed.tools.isEmpty)
    }
}

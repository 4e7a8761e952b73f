import AssayCore
import AssayGrading
import AssayTesting
import Foundation
import Logging
import Synchronization
import Testing

@testable import AssayEngine

/// The exchange of a tool suite, in process: turns, results sent back, what is folded into the sample.
struct ToolExchangeTests {
    /// The requests a scripted model was sent.
    final class Log: Sendable {
        let requests = Mutex<[ChatRequest]>([])
        func append(_ request: ChatRequest) { requests.withLock { $0.append(request) } }
        var all: [ChatRequest] { requests.withLock { $0 } }
    }

    static func suite(choice: ToolChoice?, maxTurns: Int = 3) -> Suite {
        var testCase = TestCase(id: "1", vars: ["q": "Where is LH-1?"])
        testCase.toolResults = [ScriptedToolResult(name: "lookup_order", result: ["status": "shipped"])]
        var suite = Suite(
            name: "tools", category: "t", prompt: "{{q}}", assertions: [AssertionSpec(kind: .toolCall, value: ["name": "lookup_order"])],
            cases: [testCase])
        suite.tools = [ToolSpec(name: "lookup_order")]
        suite.toolChoice = choice
        suite.maxTurns = maxTurns
        return suite
    }

    static let model = ModelSpec(id: "m", provider: "openai", model: "m", price: Price(input: 1, output: 2))

    /// Calls lookup_order while the conversation has no result yet, then answers; `fail` fails the second turn.
    static func client(log: Log, fail: Bool = false) -> ScriptedModelClient {
        ScriptedModelClient { request, _ throws(CallFailure) in
            log.append(request)
            let answered = request.messages.contains { $0.role == .tool }
            if answered && fail { throw CallFailure(error: CallError(kind: .serverError, message: "down"), attempts: 4, elapsedMs: 10) }
            return ChatResponse(
                text: answered ? "It shipped." : "", toolCalls: answered ? [] : [ToolCall(name: "lookup_order", arguments: #"{"order_id":"LH-1"}"#)],
                finishReason: answered ? "stop" : "tool-calls", usage: TokenUsage(inputTokens: 1_000_000, outputTokens: 0),
                timings: CallTimings(headersMs: 1, firstEventMs: 2, ttftMs: answered ? 50 : 5, totalMs: 100))
        }
    }

    static func execute(_ suite: Suite, client: ScriptedModelClient) async throws -> Sample {
        let executor = SampleExecutor(
            runID: "r", clients: ["m": client], grader: AnswerGrader(codeRunner: nil, judges: [:], defaultJudge: nil), seed: 1,
            logger: Logger(label: "test"))
        let job = PlannedSample(suite: suite, testCase: suite.cases[0], prepared: suite.prepared(index: 0)[0], model: model, repeatIndex: 0,
            conversational: suite.isConversational)
        return try #require(await executor.execute(job))
    }

    @Test func aCallIsAnsweredAndTheSampleKeepsTheExchange() async throws {
        let log = Log()
        let sample = try await Self.execute(Self.suite(choice: .named("lookup_order")), client: Self.client(log: log))
        let requests = log.all
        #expect(requests.count == 2)
        #expect(requests[0].toolChoice == .named("lookup_order"))
        #expect(requests[1].toolChoice == .auto, "a forced choice holds for the first turn only")
        #expect(requests[1].messages.map { $0.role } == [ChatMessage.Role.user, .assistant, .tool])
        #expect(requests[1].messages[2].content == #"{"status":"shipped"}"#)
        #expect(requests[1].messages[2].toolCallID == "assay-call-1-1", "a call without an id gets one its result can name")
        #expect(sample.output == "It shipped.")
        #expect(sample.toolCalls.map(\.name) == ["lookup_order"])
        #expect(sample.turns.count == 2)
        #expect(sample.turns[0].toolResults == [#"{"status":"shipped"}"#])
        #expect(sample.cost == 2, "each turn priced: a million input tokens at $1, twice")
        #expect(sample.usage?.inputTokens == 2_000_000)
        #expect(sample.timings?.ttftMs == 5, "TTFT is the first turn's")
        #expect(sample.timings?.totalMs == 200)
        #expect(sample.timings?.generationMs == Double(145), "writing time: each turn's total less its own TTFT")
        #expect(sample.passed == true)
    }

    @Test func theTurnLimitEndsTheExchange() async throws {
        let log = Log()
        // A model that calls the tool whatever it is told.
        let stubborn = ScriptedModelClient { request, _ throws(CallFailure) in
            log.append(request)
            return ChatResponse(
                text: "", toolCalls: [ToolCall(id: "c", name: "lookup_order", arguments: "{}")], finishReason: "tool-calls",
                usage: TokenUsage(inputTokens: 10, outputTokens: 1), timings: CallTimings(totalMs: 1))
        }
        let sample = try await Self.execute(Self.suite(choice: .required, maxTurns: 3), client: stubborn)
        #expect(log.all.count == 3)
        #expect(sample.turns.count == 3)
        #expect(sample.turns[2].toolResults.isEmpty, "the last turn's calls get no results: there is no turn after it")
        #expect(sample.toolCalls.count == 3)
    }

    /// A failure after a paid turn keeps that turn and its cost on the failed sample.
    @Test func aFailureMidExchangeKeepsWhatWasPaid() async throws {
        let log = Log()
        let sample = try await Self.execute(Self.suite(choice: nil), client: Self.client(log: log, fail: true))
        #expect(sample.status == .error)
        #expect(sample.errorKind == ErrorKind.serverError)
        #expect(sample.turns.count == 1)
        #expect(sample.cost == 1)
    }

    /// A turn from the response cache measured nothing: the exchange's time is its live turns'.
    @Test func cachedTurnsAreLeftOutOfTheTimings() {
        let cached = ChatResponse(text: "", finishReason: "tool-calls", usage: nil, timings: CallTimings(totalMs: 0), attempts: 0, cached: true)
        let live = ChatResponse(text: "ok", finishReason: "stop", usage: nil, timings: CallTimings(ttftMs: 40, totalMs: 90))
        let folded = SampleExecutor.folded([cached, live])
        #expect(folded.timings.ttftMs == nil)
        #expect(folded.timings.totalMs == 90)
        #expect(!folded.cached)
    }
}

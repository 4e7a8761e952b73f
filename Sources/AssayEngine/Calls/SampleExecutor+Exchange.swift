import AssayCore

/// A case that offers tools or carries a conversation: the model's turns, each tool call answered with the
/// suite's scripted result, until the model answers without calling or the suite's turn limit is reached.
extension SampleExecutor {
    /// The exchange folded into one response (the last turn's text, every turn's calls, summed usage, cost and
    /// time; the first turn's TTFT), and its turns; a failed call fails the whole exchange.
    func exchange(
        _ first: ChatRequest, suite: Suite, testCase: TestCase, model: ModelSpec, client: any ModelClient
    ) async throws(ExchangeFailure) -> (response: ChatResponse, turns: [SampleTurn]) {
        var request = first
        request.tools = suite.tools
        request.toolChoice = suite.toolChoice
        var conversation = testCase.history + [.user(first.user)]
        var turns: [SampleTurn] = []
        var responses: [ChatResponse] = []
        for turn in 0..<suite.maxTurns {
            request.messages = conversation
            // A forced choice (required, or a named tool) holds for the first turn only: forced again, the model
            // could never answer in text after the results.
            if turn > 0 { request.toolChoice = suite.toolChoice == ToolChoice.none ? ToolChoice.none : .auto }
            var response: ChatResponse
            do {
                response = try await client.complete(request, model: model)
            } catch {
                throw ExchangeFailure(failure: error, turns: turns)
            }
            // Calls without an id (Gemini's, Ollama's) get one, so that their results can name them.
            for index in response.toolCalls.indices where (response.toolCalls[index].id ?? "").isEmpty {
                response.toolCalls[index].id = "assay-call-\(turn + 1)-\(index + 1)"
            }
            responses.append(response)
            let cost = response.usage.flatMap { usage in model.price.map { $0.cost(of: usage) } }
            var record = SampleTurn(
                text: response.text, toolCalls: response.toolCalls, finishReason: response.finishReason, usage: response.usage,
                cost: cost, timings: response.cached ? nil : response.timings)
            let last = response.toolCalls.isEmpty || turn == suite.maxTurns - 1
            if !response.toolCalls.isEmpty && !last {
                conversation.append(.assistant(response.text, calls: response.toolCalls))
                for call in response.toolCalls {
                    let result = ScriptedToolResult.result(for: call, caseResults: testCase.toolResults, suiteResults: suite.toolResults)
                    let text = result.stringValue ?? result.compactJSON
                    record.toolResults.append(text)
                    conversation.append(.toolResult(text, for: call))
                }
            }
            turns.append(record)
            if last { break }
        }
        return (Self.folded(responses), turns)
    }

    /// One response standing for the exchange. Its timings are the live turns' (a turn from the response cache
    /// measured nothing); it counts as cached only when every turn was.
    static func folded(_ responses: [ChatResponse]) -> ChatResponse {
        guard let first = responses.first, let last = responses.last else {
            return ChatResponse(text: "", finishReason: nil, usage: nil, timings: CallTimings(totalMs: 0))
        }
        let usages = responses.compactMap(\.usage)
        let usage = usages.isEmpty ? nil : usages.dropFirst().reduce(usages[0], +)
        let live = responses.filter { !$0.cached }
        let measured = live.isEmpty ? responses : live
        // TTFT is the first turn's, and only when that turn was measured.
        let opening = first.cached ? nil : first.timings
        let timings = CallTimings(
            headersMs: opening?.headersMs, firstEventMs: opening?.firstEventMs, ttftMs: opening?.ttftMs,
            totalMs: measured.map(\.timings.totalMs).reduce(0, +), queuedMs: measured.map(\.timings.queuedMs).reduce(0, +),
            retryMs: measured.map(\.timings.retryMs).reduce(0, +),
            generationMs: responses.count > 1 ? measured.map { $0.timings.totalMs - ($0.timings.ttftMs ?? $0.timings.totalMs) }.reduce(0, +) : nil,
            chunkGapsMs: live.contains { $0.timings.chunkGapsMs != nil } ? live.flatMap { $0.timings.chunkGapsMs ?? [] } : nil)
        return ChatResponse(
            text: last.text, toolCalls: responses.flatMap(\.toolCalls), finishReason: last.finishReason, usage: usage, timings: timings,
            attempts: responses.map(\.attempts).reduce(0, +), cached: responses.allSatisfy(\.cached))
    }
}

/// A call of an exchange that failed, with the turns that were answered (and paid for) before it.
struct ExchangeFailure: Error {
    let failure: CallFailure
    let turns: [SampleTurn]
}

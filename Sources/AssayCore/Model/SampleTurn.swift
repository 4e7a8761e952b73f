/// One model turn of a case that took several (a tool suite's exchange): what the model said and called, the
/// results sent back, and what the turn measured and cost.
public struct SampleTurn: Sendable, Hashable, Codable {
    public var text: String
    public var toolCalls: [ToolCall]
    /// The results sent back for `toolCalls`, in the same order (as the model read them).
    public var toolResults: [String]
    public var finishReason: String?
    public var usage: TokenUsage?
    /// USD; nil when the model's price is unknown.
    public var cost: Double?
    /// Nil for an answer from the response cache.
    public var timings: CallTimings?

    public init(
        text: String, toolCalls: [ToolCall] = [], toolResults: [String] = [], finishReason: String? = nil, usage: TokenUsage? = nil,
        cost: Double? = nil, timings: CallTimings? = nil
    ) {
        self.text = text
        self.toolCalls = toolCalls
        self.toolResults = toolResults
        self.finishReason = finishReason
        self.usage = usage
        self.cost = cost
        self.timings = timings
    }

    /// The turns as JSON (stored, and written in results.json).
    public static func json(_ turns: [SampleTurn]) -> JSONValue {
        .array(turns.map { turn in
            var out: [String: JSONValue] = [
                "text": .string(turn.text), "tool_calls": ToolCall.json(turn.toolCalls),
                "tool_results": .array(turn.toolResults.map(JSONValue.string)),
                "finish_reason": turn.finishReason.map(JSONValue.string) ?? .null, "cost_usd": turn.cost.map(JSONValue.number) ?? .null,
            ]
            if let u = turn.usage {
                var usage: [String: JSONValue] = [
                    "input_tokens": .number(Double(u.inputTokens)), "output_tokens": .number(Double(u.outputTokens)),
                    "cached_input_tokens": .number(Double(u.cachedInputTokens)), "reasoning_tokens": .number(Double(u.reasoningTokens)),
                    "cache_write_tokens": .number(Double(u.cacheWriteTokens)),
                ]
                if let b = u.billedInputTokens { usage["billed_input_tokens"] = .number(Double(b)) }
                if let b = u.billedOutputTokens { usage["billed_output_tokens"] = .number(Double(b)) }
                out["usage"] = .object(usage)
            }
            if let t = turn.timings {
                out["timings_ms"] = [
                    "headers": t.headersMs.map(JSONValue.number) ?? .null, "first_event": t.firstEventMs.map(JSONValue.number) ?? .null,
                    "ttft": t.ttftMs.map(JSONValue.number) ?? .null, "total": .number(t.totalMs), "queued": .number(t.queuedMs),
                    "retrying": .number(t.retryMs),
                ]
            }
            return .object(out)
        })
    }

    /// Reads `json(_:)`'s output back; nil for anything else.
    public static func from(json: JSONValue) -> [SampleTurn]? {
        guard let items = json.arrayValue else { return nil }
        var turns: [SampleTurn] = []
        for item in items {
            guard let text = item["text"]?.stringValue, let calls = item["tool_calls"].flatMap(ToolCall.from(json:)) else { return nil }
            func int(_ key: String) -> Int? { item["usage"]?[key]?.numberValue.map { Int($0) } }
            let usage = item["usage"].map { _ in
                TokenUsage(
                    inputTokens: int("input_tokens") ?? 0, outputTokens: int("output_tokens") ?? 0,
                    cachedInputTokens: int("cached_input_tokens") ?? 0, reasoningTokens: int("reasoning_tokens") ?? 0,
                    cacheWriteTokens: int("cache_write_tokens") ?? 0, billedInputTokens: int("billed_input_tokens"),
                    billedOutputTokens: int("billed_output_tokens"))
            }
            let t = item["timings_ms"]
            let timings = t?["total"]?.numberValue.map { total in
                CallTimings(
                    headersMs: t?["headers"]?.numberValue, firstEventMs: t?["first_event"]?.numberValue, ttftMs: t?["ttft"]?.numberValue,
                    totalMs: total, queuedMs: t?["queued"]?.numberValue ?? 0, retryMs: t?["retrying"]?.numberValue ?? 0)
            }
            turns.append(SampleTurn(
                text: text, toolCalls: calls, toolResults: (item["tool_results"]?.arrayValue ?? []).compactMap(\.stringValue),
                finishReason: item["finish_reason"]?.stringValue, usage: usage, cost: item["cost_usd"]?.numberValue, timings: timings))
        }
        return turns
    }

    /// The exchange as a judge reads it: the conversation before, the user's message, then each turn's text, calls
    /// and results.
    public static func transcript(history: [ChatMessage], user: String, turns: [SampleTurn]) -> String {
        var lines: [String] = []
        for message in history {
            switch message.role {
            case .user: lines.append("USER: \(message.content)")
            case .assistant:
                if !message.content.isEmpty { lines.append("ASSISTANT: \(message.content)") }
                for call in message.toolCalls { lines.append("ASSISTANT CALLS \(call.name)(\(call.arguments))") }
            case .tool: lines.append("TOOL \(message.toolName ?? "") RETURNS: \(message.content)")
            }
        }
        lines.append("USER: \(user)")
        for turn in turns {
            if !turn.text.isEmpty { lines.append("ASSISTANT: \(turn.text)") }
            for (index, call) in turn.toolCalls.enumerated() {
                lines.append("ASSISTANT CALLS \(call.name)(\(call.arguments))")
                if index < turn.toolResults.count { lines.append("TOOL \(call.name) RETURNS: \(turn.toolResults[index])") }
            }
        }
        return lines.joined(separator: "\n")
    }
}

import AssayCore

/// Decodes OpenAI Chat Completions responses and stream chunks.
enum OpenAIResponseDecoder {
    static func usage(_ json: JSONValue?) -> TokenUsage? {
        guard let u = json, case .object = u else { return nil }
        return TokenUsage(
            inputTokens: Int(u["prompt_tokens"]?.numberValue ?? 0),
            outputTokens: Int(u["completion_tokens"]?.numberValue ?? 0),
            cachedInputTokens: Int(u["prompt_tokens_details"]?["cached_tokens"]?.numberValue ?? 0),
            reasoningTokens: Int(u["completion_tokens_details"]?["reasoning_tokens"]?.numberValue ?? 0))
    }

    /// Normalised finish reasons; unknown values pass through.
    static func finishReason(_ raw: String?) -> String? {
        switch raw {
        case nil: return nil
        case "stop": return "stop"
        case "length": return "length"
        case "content_filter": return "content-filter"
        case "tool_calls", "function_call": return "tool-calls"
        case let other?: return other
        }
    }

    static func errorInBody(_ json: JSONValue) -> CallError? {
        guard let error = json["error"] else { return nil }
        let message = error["message"]?.stringValue ?? error.templateText
        let type = (error["type"]?.stringValue ?? "") + " " + (error["code"]?.templateText ?? "")
        let kind: ErrorKind
        if type.contains("rate_limit") {
            kind = .rateLimited
        } else if type.contains("insufficient_quota") {
            kind = .quotaExhausted
        } else if type.contains("invalid_request") {
            kind = .invalidRequest
        } else {
            kind = .serverError
        }
        return CallError(kind: kind, message: "error event in the stream: \(message)")
    }

    static func decodeCompletion(_ text: String) throws -> ChatResponse {
        let json: JSONValue
        do {
            json = try JSONValue.parse(text)
        } catch {
            throw CallError(kind: .malformedResponse, message: "the response is not JSON: \(error.description)")
        }
        if let error = errorInBody(json) { throw error }
        guard let choice = json["choices"]?.arrayValue?.first else {
            throw CallError(kind: .malformedResponse, message: "the response has no choices")
        }
        return ChatResponse(
            text: choice["message"]?["content"]?.stringValue ?? "",
            finishReason: finishReason(choice["finish_reason"]?.stringValue), usage: usage(json["usage"]),
            timings: CallTimings(totalMs: 0))
    }
}

/// Accumulates a Chat Completions stream.
struct OpenAIStreamState {
    var text = ""
    var finishReason: String?
    var usage: TokenUsage?
    var sawDone = false
    var hasContent = false

    enum Step { case more, done }

    mutating func consume(_ event: SSEEvent) throws -> Step {
        let data = event.data.trimmingCharacters(in: .whitespaces)
        if data.hasPrefix("[DONE]") {
            sawDone = true
            return .done
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(data)
        } catch {
            throw CallError(kind: .malformedResponse, message: "malformed stream chunk: \(error.description)")
        }
        if let error = OpenAIResponseDecoder.errorInBody(json) { throw error }
        if let u = OpenAIResponseDecoder.usage(json["usage"]) { usage = u }
        if let choice = json["choices"]?.arrayValue?.first {
            if let piece = choice["delta"]?["content"]?.stringValue, !piece.isEmpty {
                text += piece
                hasContent = true
            }
            if let reason = choice["finish_reason"]?.stringValue { finishReason = OpenAIResponseDecoder.finishReason(reason) }
        }
        return .more
    }
}

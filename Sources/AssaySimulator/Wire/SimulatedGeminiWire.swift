import AssayCore
import Foundation

/// Gemini `generateContent` as the fleet serves it (https://ai.google.dev/api/generate-content), at
/// `POST /{v1|v1beta|v1alpha}/models/{model}:generateContent` and `:streamGenerateContent?alt=sse`
/// (the model comes from the path; a stream without `alt=sse`, which the real API answers with a JSON array, is a 400).
///
/// Every chunk of the stream is a whole `GenerateContentResponse` (`candidates[0].content` with role `model`,
/// `index`, `usageMetadata`, `modelVersion`, `responseId`), separated by CRLF blank lines as the real API sends
/// them. There is no opening event (`streamStart` is empty) and no end marker: the last chunk carries the
/// `finishReason` (STOP or MAX_TOKENS), an empty text part and the final usage.
public struct SimulatedGeminiWire: SimulatedWire {
    public var name: String { "gemini" }
    public var streamContentType: String { "text/event-stream" }

    public init() {}

    public func matches(method: String, path: String) -> Bool {
        method == "POST" && Self.route(path) != nil
    }

    /// The model and whether the call streams, from `/{version}/models/{model}:{method}`.
    static func route(_ path: String) -> (model: String, stream: Bool)? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count == 4, segments[0].isEmpty, ["v1", "v1beta", "v1alpha"].contains(segments[1]),
            segments[2] == "models", let colon = segments[3].lastIndex(of: ":")
        else { return nil }
        let model = String(segments[3][..<colon])
        let method = segments[3][segments[3].index(after: colon)...]
        guard !model.isEmpty else { return nil }
        switch method {
        case "generateContent": return (model, false)
        case "streamGenerateContent": return (model, true)
        default: return nil
        }
    }

    public func parse(
        method: String, path: String, query: String, headers: [(name: String, value: String)], body: String
    ) -> Result<SimulatedRequest, SimulatedWireError> {
        guard let route = Self.route(path) else {
            return .failure(SimulatedWireError(status: 404, type: "NOT_FOUND", message: "Unknown path \(path)"))
        }
        if route.stream && !query.split(separator: "&").contains("alt=sse") {
            return .failure(SimulatedWireError(
                type: "INVALID_ARGUMENT", message: "The simulator streams streamGenerateContent with alt=sse only"))
        }
        let json: JSONValue
        switch SimulatedWireSupport.parseObject(body) {
        case .success(let value): json = value
        case .failure(let error): return .failure(SimulatedWireError(type: "INVALID_ARGUMENT", message: error.message))
        }
        guard let contents = json["contents"]?.arrayValue, !contents.isEmpty else {
            return .failure(SimulatedWireError(
                type: "INVALID_ARGUMENT", message: "* GenerateContentRequest.contents: contents is not specified"))
        }
        // The user's last turn with text: a turn of function responses is not one.
        let hasText: (JSONValue) -> Bool = { content in (content["parts"]?.arrayValue ?? []).contains { $0["text"] != nil } }
        let user = contents.last { ($0["role"]?.stringValue ?? "user") == "user" && hasText($0) }
        let config = json["generationConfig"]
        let mode = json["toolConfig"]?["functionCallingConfig"]?["mode"]?.stringValue
        let declared = (json["tools"]?.arrayValue ?? []).flatMap { ($0["functionDeclarations"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue } }
        let toolTurns = SimulatedWireSupport.toolTurns(
            contents.map { content in
                // Gemini's turns have no role for the user by default: name it for the count.
                var named = content.objectValue ?? [:]
                named["role"] = .string(content["role"]?.stringValue ?? "user")
                return .object(named)
            },
            role: "model", userText: hasText, calls: { ($0["parts"]?.arrayValue ?? []).contains { $0["functionCall"] != nil } })
        return .success(SimulatedRequest(
            model: route.model, system: json["systemInstruction"].map { Self.text($0) },
            user: user.map { Self.text($0) } ?? "",
            maxTokens: SimulatedWireSupport.int(config?["maxOutputTokens"]) ?? SimulatedWireSupport.defaultMaxTokens,
            jsonMode: config?["responseMimeType"]?.stringValue == "application/json", stream: route.stream,
            seed: SimulatedWireSupport.int(config?["seed"]), includeUsage: true,
            temperature: config?["temperature"]?.numberValue,
            stop: SimulatedWireSupport.strings(config?["stopSequences"])).withTools(mode == "NONE" ? [] : declared, turns: toolTurns))
    }

    /// The text of a `Content`: its parts' texts joined.
    static func text(_ content: JSONValue) -> String {
        (content["parts"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined()
    }

    /// `{"error": {"code", "message", "status"}}`, the status named after the HTTP status.
    public func errorBody(status: Int, type: String, message: String) -> String {
        let error: JSONValue = [
            "code": .number(Double(status)), "message": .string(message), "status": .string(Self.status(status)),
        ]
        return JSONValue.object(["error": error]).compactJSON
    }

    static func status(_ http: Int) -> String {
        switch http {
        case 400: return "INVALID_ARGUMENT"
        case 401: return "UNAUTHENTICATED"
        case 403: return "PERMISSION_DENIED"
        case 404: return "NOT_FOUND"
        case 429: return "RESOURCE_EXHAUSTED"
        case 500: return "INTERNAL"
        case 503, 529: return "UNAVAILABLE"
        case 504: return "DEADLINE_EXCEEDED"
        default: return http >= 500 ? "INTERNAL" : "FAILED_PRECONDITION"
        }
    }

    /// stop → STOP, length → MAX_TOKENS; a function call finishes with STOP too, as Gemini's do.
    static func finishReason(_ finish: String) -> String {
        switch finish {
        case "stop", "tool_calls": return "STOP"
        case "length": return "MAX_TOKENS"
        default: return finish.uppercased()
        }
    }

    public func completeBody(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String {
        response(text: answer.text, calls: answer.toolCalls, finish: answer.finishReason, usage: usage(answer), request: request, id: id)
            .compactJSON
    }

    /// Gemini sends calls whole: one chunk with every `functionCall` part.
    public func streamToolCalls(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String {
        guard !answer.toolCalls.isEmpty else { return "" }
        return event(response(text: nil, calls: answer.toolCalls, finish: nil, usage: nil, request: request, id: id))
    }

    public func streamStart(request: SimulatedRequest, id: String) -> String { "" }

    public func streamToken(_ token: String, index: Int, request: SimulatedRequest, id: String) -> String {
        // Chunks before the last carry no usageMetadata (the input count is not known here; the field is optional).
        event(response(text: token, finish: nil, usage: nil, request: request, id: id))
    }

    public func streamEnd(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String {
        event(response(text: "", finish: answer.finishReason, usage: usage(answer), request: request, id: id))
    }

    func event(_ json: JSONValue) -> String {
        "data: \(json.compactJSON)\r\n\r\n"
    }

    func response(
        text: String?, calls: [SimulatedToolCall] = [], finish: String?, usage: JSONValue?, request: SimulatedRequest, id: String
    ) -> JSONValue {
        // A function call's answer has no text part (unless the model wrote text too).
        var parts: [JSONValue] = text.map { calls.isEmpty || !$0.isEmpty ? [["text": .string($0)]] : [] } ?? []
        parts += calls.map { call in ["functionCall": ["name": .string(call.name), "args": (try? JSONValue.parse(call.arguments)) ?? .object([:])]] }
        var candidate: [String: JSONValue] = [
            "content": ["role": "model", "parts": .array(parts)], "index": 0,
        ]
        if let finish { candidate["finishReason"] = .string(Self.finishReason(finish)) }
        var response: [String: JSONValue] = [
            "candidates": [.object(candidate)], "modelVersion": .string(request.model), "responseId": .string(id),
        ]
        if let usage { response["usageMetadata"] = usage }
        return .object(response)
    }

    func usage(_ answer: SimulatedAnswer) -> JSONValue {
        [
            "promptTokenCount": .number(Double(answer.inputTokens)),
            "candidatesTokenCount": .number(Double(answer.outputTokens)),
            "totalTokenCount": .number(Double(answer.inputTokens + answer.outputTokens)),
            "promptTokensDetails": [["modality": "TEXT", "tokenCount": .number(Double(answer.inputTokens))]],
        ]
    }
}

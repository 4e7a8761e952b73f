import AssayCore
import Foundation

/// How the simulated fleet speaks one provider's format.
///
/// The server picks the wire whose `matches` accepts the request, `parse`s it (answering 400 with `errorBody` on
/// failure), asks `SimulatedFleet.reply(...)`, and writes either `errorBody` (with the status and Retry-After headers),
/// `completeBody`, or `streamStart` + `streamToken`* + `streamEnd` with `streamContentType` (a cut stream stops after
/// some tokens without `streamEnd`). The bodies are the shapes
/// of each provider's API reference (linked from each wire's file) with every field the official SDKs read.
///
/// `id` is a neutral identifier the server makes up per answer (e.g. hex digits); each wire adds its provider's prefix
/// (`chatcmpl-`, `msg_`...). Hugging Face's router and TGI speak the OpenAI format at `/v1/chat/completions`, so
/// `SimulatedOpenAIWire` serves them: there is no separate Hugging Face wire.
public protocol SimulatedWire: Sendable {
    var name: String { get }
    /// Whether this format serves the request (method and path, e.g. POST /v1/messages; Gemini's model is in the path).
    func matches(method: String, path: String) -> Bool
    /// Reads a request; nil + error body when it is not a valid request for this format (the caller answers 400).
    func parse(
        method: String, path: String, query: String, headers: [(name: String, value: String)], body: String
    ) -> Result<SimulatedRequest, SimulatedWireError>
    /// The provider's own error JSON shape.
    func errorBody(status: Int, type: String, message: String) -> String
    /// The non-streamed JSON answer.
    func completeBody(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String
    /// "text/event-stream" or "application/x-ndjson".
    var streamContentType: String { get }
    /// Events before the first token (role chunk / message_start ...); empty for formats that have none.
    func streamStart(request: SimulatedRequest, id: String) -> String
    /// The same, knowing the answer: prefer this one. Anthropic's `message_start` then carries the input count
    /// (without the answer it says 0 and the final `message_delta` carries it); the other formats ignore the answer.
    func streamStart(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String
    func streamToken(_ token: String, index: Int, request: SimulatedRequest, id: String) -> String
    /// The answer's tool calls, streamed as the provider streams them (after the text, before `streamEnd`).
    func streamToolCalls(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String
    /// Finish + usage + terminator.
    func streamEnd(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String
}

extension SimulatedWire {
    public func streamStart(_ answer: SimulatedAnswer, request: SimulatedRequest, id: String) -> String {
        streamStart(request: request, id: id)
    }
}

/// A chat request as the fleet needs it, recovered from any format.
public struct SimulatedRequest: Sendable, Equatable {
    public var model: String
    public var system: String?
    public var user: String
    public var maxTokens: Int
    public var jsonMode: Bool
    public var stream: Bool
    public var seed: Int?
    /// Whether a stream must end with usage (OpenAI's `stream_options.include_usage`; always true for the formats
    /// that always report it).
    public var includeUsage: Bool
    public var temperature: Double?
    public var stop: [String]
    /// The names of the tools offered; empty for a plain chat.
    public var tools: [String] = []
    /// How many times the model has called tools since the user's last message (the exchange's step).
    public var toolTurns: Int = 0

    public init(
        model: String, system: String? = nil, user: String, maxTokens: Int, jsonMode: Bool = false,
        stream: Bool = false, seed: Int? = nil, includeUsage: Bool = true, temperature: Double? = nil,
        stop: [String] = []
    ) {
        self.model = model
        self.system = system
        self.user = user
        self.maxTokens = maxTokens
        self.jsonMode = jsonMode
        self.stream = stream
        self.seed = seed
        self.includeUsage = includeUsage
        self.temperature = temperature
        self.stop = stop
    }
}

extension SimulatedRequest {
    /// The request with the tools offered and the exchange's step.
    func withTools(_ tools: [String], turns: Int) -> SimulatedRequest {
        var copy = self
        copy.tools = tools
        copy.toolTurns = turns
        return copy
    }
}

/// Why a request is not valid for a format; the server answers `status` with the wire's `errorBody`.
public struct SimulatedWireError: Error, Sendable, Equatable {
    public var status: Int
    public var type: String
    public var message: String

    public init(status: Int = 400, type: String = "invalid_request_error", message: String) {
        self.status = status
        self.type = type
        self.message = message
    }
}

/// Every simulated wire, and the look-up by request.
public enum SimulatedWires {
    public static let all: [any SimulatedWire] = [
        SimulatedOpenAIWire(), SimulatedAnthropicWire(), SimulatedGeminiWire(), SimulatedCohereWire(),
        SimulatedOllamaWire(),
    ]

    /// The wire that serves a method and path (without the query), if any.
    public static func wire(method: String, path: String) -> (any SimulatedWire)? {
        all.first { $0.matches(method: method, path: path) }
    }

    /// The wire by name ("openai", "anthropic", "gemini", "cohere", "ollama"; "huggingface" is "openai").
    public static func wire(named name: String) -> (any SimulatedWire)? {
        let wanted = name.lowercased() == "huggingface" ? "openai" : name.lowercased()
        return all.first { $0.name == wanted }
    }
}

/// Helpers shared by the simulated wires.
enum SimulatedWireSupport {
    /// Answers that do not say otherwise get this many tokens at most.
    static let defaultMaxTokens = 4096
    /// The `created` time of OpenAI objects (2026-01-01T00:00:00Z), fixed so that bodies are deterministic.
    static let created = 1_767_225_600
    /// The same instant, for Ollama's `created_at`.
    static let createdAt = "2026-01-01T00:00:00.000000Z"

    static func parseObject(_ body: String) -> Result<JSONValue, SimulatedWireError> {
        guard let json = try? JSONValue.parse(body), case .object = json else {
            return .failure(SimulatedWireError(message: "The request body is not a JSON object"))
        }
        return .success(json)
    }

    /// The first system message's text (the roles given count as system) and the last user message's text.
    static func conversation(_ messages: [JSONValue], systemRoles: Set<String> = ["system"]) -> (system: String?, user: String) {
        let system = messages.first { systemRoles.contains($0["role"]?.stringValue ?? "") }
        let user = messages.last { $0["role"]?.stringValue == "user" }
        return (text(system?["content"]), text(user?["content"]) ?? "")
    }

    /// The assistant turns that called tools since the last message of the user's that has text (a message of
    /// tool results is not one), as `calls` tells such a turn.
    static func toolTurns(_ messages: [JSONValue], role: String = "assistant", userText: (JSONValue) -> Bool, calls: (JSONValue) -> Bool) -> Int {
        let lastUser = messages.lastIndex { $0["role"]?.stringValue == "user" && userText($0) } ?? -1
        return messages.enumerated().filter { $0.offset > lastUser && $0.element["role"]?.stringValue == role && calls($0.element) }.count
    }

    /// The names of Chat Completions-style tools (`[{type: function, function: {name}}]`).
    static func functionNames(_ tools: JSONValue?) -> [String] {
        (tools?.arrayValue ?? []).compactMap { $0["function"]?["name"]?.stringValue }
    }

    /// A message's text: a string, or the `text` of an array of content blocks/parts.
    static func text(_ content: JSONValue?) -> String? {
        if let s = content?.stringValue { return s }
        guard let blocks = content?.arrayValue else { return nil }
        return blocks.compactMap { $0["text"]?.stringValue }.joined()
    }

    static func int(_ value: JSONValue?) -> Int? {
        guard let n = value?.numberValue, n.isFinite, abs(n) < 1e15 else { return nil }
        return Int(n.rounded())
    }

    /// Stop sequences: a string or an array of strings.
    static func strings(_ value: JSONValue?) -> [String] {
        if let s = value?.stringValue { return [s] }
        return value?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    static func number(_ value: Int) -> JSONValue { .number(Double(value)) }

    /// One SSE event: an optional `event:` line and one `data:` line.
    static func sse(_ json: JSONValue, event: String? = nil) -> String {
        (event.map { "event: \($0)\n" } ?? "") + "data: \(json.compactJSON)\n\n"
    }

    /// The header value, by case-insensitive name.
    static func header(_ name: String, in headers: [(name: String, value: String)]) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

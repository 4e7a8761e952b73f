public import AssayCore
public import Foundation

/// Hugging Face Inference Providers router and TGI / Inference Endpoints (https://huggingface.co/docs/inference-providers): the OpenAI Chat
/// Completions wire format, so decoding, streaming and errors are `OpenAIWire`'s.
///
/// Differences from OpenAI: the base URL is the router, `https://router.huggingface.co/v1`. A base whose path
/// already holds a version segment (`/v1`, or a provider's own such as `/novita/v3/openai`) is used as the
/// OpenAI SDK uses a base URL, `{base}/chat/completions`; a bare TGI endpoint URL gets `/v1/chat/completions`; the token field is `max_tokens` (`max_completion_tokens` for a model the catalog marks `reasoning: true`); `stream` is sent explicitly
/// (`false` too, as the SDK does). `stream_options.include_usage` is sent when streaming: whether it is honoured
/// depends on the provider behind the router, and usage has only prompt/completion/total tokens.
/// TGI's `{"error": "...", "error_type": "..."}` chunks and bodies are read by `OpenAIWire`.
public struct HuggingFaceWire: WireFormat {
    public static let defaultBaseURL = "https://router.huggingface.co/v1"
    let openAI = OpenAIWire()

    public var name: String { "huggingface" }
    public var defaultBaseURL: String { Self.defaultBaseURL }

    public init() {}

    public func request(for request: ChatRequest, model: ModelSpec, apiKey: String?) -> WireRequest {
        let base = WireJSON.trimmed(model.baseURL ?? Self.defaultBaseURL)
        let url = Self.chatCompletionsURL(base: base)
        // max_tokens, which the router's providers know, unless the catalog says the model is an OpenAI reasoning model.
        var body = OpenAIWire.body(for: request, model: model, useMaxCompletionTokens: model.reasoning)
        if !request.stream, case .object(var fields) = body {
            fields["stream"] = false
            body = .object(fields)
        }
        return WireRequest(url: url, headers: OpenAIWire.headers(for: request, apiKey: apiKey), body: body)
    }

    public func decodeResponse(_ body: String) throws(CallError) -> WireResponse {
        try openAI.decodeResponse(body)
    }

    public func makeStreamDecoder() -> any WireStreamDecoder {
        openAI.makeStreamDecoder()
    }

    public func classifyError(status: Int, body: String, headers: [(name: String, value: String)]) -> CallError {
        openAI.classifyError(status: status, body: body, headers: headers)
    }

    /// `{base}/chat/completions` when the base's path holds a version segment (`v1`, `v3`), else
    /// `{base}/v1/chat/completions`.
    static func chatCompletionsURL(base: String) -> String {
        let path = URL(string: base)?.path ?? ""
        let versioned = path.split(separator: "/").contains { segment in
            segment.count >= 2 && segment.first == "v" && segment.dropFirst().allSatisfy(\.isNumber)
        }
        return base + (versioned ? "" : "/v1") + "/chat/completions"
    }
}

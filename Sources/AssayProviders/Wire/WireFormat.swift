public import AssayCore

/// A provider's wire format: how to build its HTTP request and read its answers.
///
/// Pure Foundation code: the HTTP client sends `request(for:model:apiKey:)`, feeds the body to
/// `decodeResponse(_:)` or to a stream decoder, and hands non-2xx answers to `classifyError`.
/// Field names follow each provider's API reference; each format's file links to its own.
public protocol WireFormat: Sendable {
    /// "openai", "anthropic", "gemini", "cohere", "huggingface", "ollama" (the catalog's `provider` value).
    var name: String { get }
    var defaultBaseURL: String { get }
    /// The HTTP request for a chat call. `apiKey` is nil for keyless endpoints (Ollama, local servers).
    func request(for request: ChatRequest, model: ModelSpec, apiKey: String?) -> WireRequest
    /// Decodes a whole (non-streamed) response body. Throws for an error object in a 200 body or malformed JSON
    /// (kind .malformedResponse).
    func decodeResponse(_ body: String) throws(CallError) -> WireResponse
    /// A fresh incremental decoder for a streamed response body.
    func makeStreamDecoder() -> any WireStreamDecoder
    /// Classifies an HTTP error response (status != 2xx) into a CallError with kind, message, status and
    /// retryAfter (seconds, from retry-after-ms / retry-after headers).
    func classifyError(status: Int, body: String, headers: [(name: String, value: String)]) -> CallError
}

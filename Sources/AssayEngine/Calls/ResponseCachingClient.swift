import Crypto
import AssayCore
import AssayProviders
import Foundation

/// Serves a request from the store's response cache when the same request (provider, model, base URL,
/// body, repeat) was answered before, and stores each new successful answer. Failures are never cached.
struct ResponseCachingClient: ModelClient {
    let inner: any ModelClient
    let format: any WireFormat
    let store: any ResultStore

    func complete(_ request: ChatRequest, model: ModelSpec) async throws(CallFailure) -> ChatResponse {
        let key = ResponseCachingClient.key(request, model: model, format: format)
        // A store that cannot be read is not a reason to fail the call: it is made instead.
        if let hit = try? await store.cachedResponse(key: key) {
            return ChatResponse(
                text: hit.text, toolCalls: hit.toolCalls, finishReason: hit.finishReason, usage: hit.usage,
                timings: CallTimings(headersMs: nil, firstEventMs: nil, ttftMs: nil, totalMs: 0), attempts: 0, cached: true)
        }
        let response = try await inner.complete(request, model: model)
        let entry = CachedResponse(
            key: key, provider: model.provider, model: model.model, text: response.text, toolCalls: response.toolCalls,
            finishReason: response.finishReason,
            usage: response.usage, createdAt: Timestamp.now())
        try? await store.storeCachedResponse(entry)
        return response
    }

    /// SHA-256 over what decides the answer: provider, model, the URL the request goes to (base URL and
    /// path), the exact body sent, and the repeat (carried in the body's seed, and added here too because
    /// not every wire format sends a seed). The API key is not part of it and never reaches the store.
    static func key(_ request: ChatRequest, model: ModelSpec, format: any WireFormat) -> String {
        let wire = format.request(for: request, model: model, apiKey: nil)
        // The simulated fleet listens on a new port each run; its answers do not depend on the port.
        let url = model.isSimulated ? wire.url.replacing(/127\.0\.0\.1:[0-9]+/, with: "simulated-fleet") : wire.url
        let parts = [model.provider, model.model, url, wire.body.compactJSON, String(request.seed ?? 0)]
        return Crypto.SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8)).hexString
    }
}

import AssayCore
import AssayProviders
import AssayStore
import AssayTesting
import Foundation
import Testing

@testable import AssayEngine

/// The response cache in process, over a real SQLite store: a repeated request is answered from the store,
/// anything that changes the answer misses, and failures are never kept.
struct ResponseCachingClientTests {
    static let model = ModelSpec(id: "openai/m", provider: "openai", model: "m", baseURL: "http://127.0.0.1:9/v1")

    static func withCache(_ inner: ScriptedModelClient, _ body: (ResponseCachingClient) async throws -> Void) async throws {
        let folder = try TempFolder()
        try await ResultStores.using(folder.url.appendingPathComponent("cache.sqlite").path) { store in
            try await body(ResponseCachingClient(inner: inner, format: OpenAIWire(), store: store))
        }
    }

    @Test func aRepeatedRequestIsAnsweredFromTheStore() async throws {
        let inner = ScriptedModelClient(text: "Paris")
        try await Self.withCache(inner) { cache in
            let request = ChatRequest(user: "Capital of France?", seed: 3)
            let first = try await cache.complete(request, model: Self.model)
            let second = try await cache.complete(request, model: Self.model)
            #expect(inner.calls == 1)
            #expect(!first.cached)
            #expect(second.cached)
            #expect(second.text == "Paris")
            #expect(second.usage == first.usage, "usage is kept, so the cost of a cached answer is known")
        }
    }

    @Test func whatChangesTheAnswerMisses() async throws {
        let inner = ScriptedModelClient(text: "x")
        try await Self.withCache(inner) { cache in
            _ = try await cache.complete(ChatRequest(user: "q", seed: 0), model: Self.model)
            _ = try await cache.complete(ChatRequest(user: "q", seed: 1), model: Self.model)  // another repeat
            _ = try await cache.complete(ChatRequest(user: "q!", seed: 0), model: Self.model)
            _ = try await cache.complete(ChatRequest(user: "q", maxTokens: 9, seed: 0), model: Self.model)
            var other = Self.model
            other.baseURL = "http://127.0.0.1:9/other/v1"
            _ = try await cache.complete(ChatRequest(user: "q", seed: 0), model: other)
            #expect(inner.calls == 5)
        }
    }

    @Test func failuresAreNotCached() async throws {
        let inner = ScriptedModelClient { _, _ throws(CallFailure) in
            throw CallFailure(error: CallError(kind: .serverError, message: "500"), attempts: 1, elapsedMs: 1)
        }
        try await Self.withCache(inner) { cache in
            for _ in 0..<2 {
                await #expect(throws: CallFailure.self) { try await cache.complete(ChatRequest(user: "q"), model: Self.model) }
            }
            #expect(inner.calls == 2)
        }
    }

    @Test func theSimulatedFleetsPortIsNotPartOfTheKey() {
        let request = ChatRequest(user: "q", seed: 0)
        let one = ModelSpec(id: "sim/a", provider: "openai", model: "a", baseURL: "http://127.0.0.1:4001/v1")
        var two = one
        two.baseURL = "http://127.0.0.1:4999/v1"
        #expect(ResponseCachingClient.key(request, model: one, format: OpenAIWire()) == ResponseCachingClient.key(request, model: two, format: OpenAIWire()))
    }
}

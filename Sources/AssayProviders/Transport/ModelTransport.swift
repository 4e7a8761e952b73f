public import AssayCore
public import Foundation

/// Makes one attempt of a call, with no retry: the wire client. `RetryingClient` adds retries,
/// limits and fail-fast around it.
public protocol ModelTransport: Sendable {
    func attempt(_ request: ChatRequest, model: ModelSpec) async throws(CallError) -> ChatResponse
}

import AssayCore

/// The global and per-model caps on calls in flight.
struct CallLimits: Sendable {
    let global: AsyncSemaphore
    let perModel: [String: AsyncSemaphore]

    init(global: Int, models: [ModelSpec]) {
        self.global = AsyncSemaphore(limit: global)
        perModel = Dictionary(models.map { ($0.id, AsyncSemaphore(limit: $0.maxConcurrency)) }, uniquingKeysWith: { a, _ in a })
    }

    /// Runs `body` holding a slot of the model's and of the global limit.
    func withSlot<T: Sendable>(model: String, _ body: () async throws(CallFailure) -> T) async throws(CallFailure) -> T {
        let modelGate = perModel[model]
        await modelGate?.acquire()
        await global.acquire()
        let result: Result<T, CallFailure>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        await global.release()
        await modelGate?.release()
        return try result.get()
    }
}

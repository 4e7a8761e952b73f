public import AssayCore
public import Foundation

/// Every limit a call passes before it is sent: the model's own cap, its provider's adaptive limit
/// and the run's global cap. Judge calls pass the same gates as any other call to their provider.
public struct CallGate: Sendable {
    let global: AsyncSemaphore
    let perModel: [String: AsyncSemaphore]
    let perProvider: [String: AdaptiveLimit]
    let providerOf: [String: String]

    /// - Parameters:
    ///   - models: every model the run calls (judges included).
    ///   - global: most calls in flight over the whole run.
    public init(models: [ModelSpec], global: Int) {
        self.global = AsyncSemaphore(limit: global)
        perModel = Dictionary(models.map { ($0.id, AsyncSemaphore(limit: $0.maxConcurrency)) }, uniquingKeysWith: { a, _ in a })
        var keyOf: [String: String] = [:]
        var bound: [String: Int] = [:]
        for m in models {
            let key = CallGate.providerKey(m)
            keyOf[m.id] = key
            bound[key, default: 0] += m.maxConcurrency
        }
        providerOf = keyOf
        perProvider = bound.mapValues { AdaptiveLimit(minimum: 1, maximum: min($0, max(1, global))) }
    }

    /// Rate limits are per provider account and endpoint.
    static func providerKey(_ m: ModelSpec) -> String { "\(m.provider) \(m.baseURL ?? "default")" }

    /// Waits for every gate; returns the token to give back.
    func enter(model: String) async -> Ticket {
        let modelGate = perModel[model]
        let provider = providerOf[model].flatMap { perProvider[$0] }
        await modelGate?.acquire()
        await provider?.acquire()
        await global.acquire()
        return Ticket(modelGate: modelGate, provider: provider, global: global)
    }

    struct Ticket: Sendable {
        let modelGate: AsyncSemaphore?
        let provider: AdaptiveLimit?
        let global: AsyncSemaphore

        func leave(_ outcome: AdaptiveLimit.Outcome) async {
            await global.release()
            await provider?.release(outcome)
            await modelGate?.release()
        }
    }

    /// The providers' current limits, for the run's notes: key → (limit, maximum, halvings).
    public func providerLimits() async -> [String: (limit: Int, maximum: Int, halvings: Int)] {
        var out: [String: (Int, Int, Int)] = [:]
        for (key, limit) in perProvider { out[key] = (await limit.limit, limit.maximum, await limit.halvings) }
        return out
    }
}

import AssayCore

/// A judge model reached through its provider's client, which passes the same gates (model, provider,
/// global) as every other call.
struct ModelJudgeClient: JudgeClient {
    let spec: ModelSpec
    let client: any ModelClient

    var modelID: String { spec.id }

    func ask(system: String, user: String) async throws(CallFailure) -> (text: String, cost: Double?) {
        let request = ChatRequest(system: system, user: user, maxTokens: 400, temperature: 0, jsonMode: true, stream: false)
        let response = try await client.complete(request, model: spec)
        let cost = response.usage.flatMap { usage in spec.price.map { $0.cost(of: usage) } }
        return (response.text, cost)
    }
}

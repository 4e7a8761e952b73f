import AssayCore
import AssayGrading

/// A judge model reached through its provider's client, which passes the same gates (model, provider,
/// global) as every other call.
struct ModelJudgeClient: JudgeClient {
    let spec: ModelSpec
    let client: any ModelClient
    /// Told what each judge call paid: nothing when the reply came from the response cache.
    let meter: SpendMeter?

    var modelID: String { spec.id }

    func ask(system: String, user: String) async throws(CallFailure) -> (text: String, cost: Double?) {
        let request = ChatRequest(
            system: system, user: user, maxTokens: Self.replyLimit(spec), temperature: 0, jsonMode: true, stream: false)
        let response = try await client.complete(request, model: spec)
        let cost = response.usage.flatMap { usage in spec.price.map { $0.cost(of: usage) } }
        // Added as the call returns, while the sample's reservation (which projected this judging) is still
        // held until the sample settles: for that moment the judging counts twice, erring on the safe side.
        if let cost, !response.cached { await meter?.addJudging(cost) }
        // The grade keeps the judgment's price either way, as a cached answer keeps its own.
        return (response.text, cost)
    }

    /// The token limit of a judge's reply: a verdict fits in 400 tokens, but a reasoning model's limit covers
    /// its reasoning too, and 400 would often end inside the reasoning with no verdict written.
    static func replyLimit(_ spec: ModelSpec) -> Int {
        spec.reasoning ? 4_000 : 400
    }
}

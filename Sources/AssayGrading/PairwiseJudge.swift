public import Foundation
public import AssayCore

/// `select-best`, judged pairwise: for two models' answers to the same case the judge is asked in both
/// orders, and a win counts only when both orders agree (position bias would otherwise decide).
public struct PairwiseJudge: Sendable {
    public static let prompt = JudgePrompt(
        version: "select-best/1",
        system: """
            You compare two answers to the same request against a criterion and pick the one that meets it \
            better. Judge the content, not the position or the length. Reply with one JSON object and nothing \
            else: {"reason": "<one sentence>", "winner": "1", "2" or "tie"}
            """,
        userTemplate: """
            <input>
            {{input}}
            </input>
            <criterion>
            {{criterion}}
            </criterion>
            <response_1>
            {{first}}
            </response_1>
            <response_2>
            {{second}}
            </response_2>
            Which response meets the criterion better?
            """)

    /// One ordering's verdict: 1, 2 or nil for a tie.
    public enum Verdict: Sendable, Equatable { case first, second, tie }

    public static func parse(_ text: String) -> Verdict? {
        guard let json = JudgeReply.firstObject(in: text), let winner = json["winner"]?.templateText.lowercased() else { return nil }
        switch winner.trimmingCharacters(in: .whitespaces) {
        case "1", "response_1", "first": return .first
        case "2", "response_2", "second": return .second
        case "tie", "0", "none": return .tie
        default: return nil
        }
    }

    let client: any JudgeClient

    public init(client: any JudgeClient) {
        self.client = client
    }

    /// Judges A against B in both orders.
    public func compare(input: String, criterion: String, a: String, b: String) async -> PairwiseOutcome {
        var cost: Double? = 0
        func ask(_ first: String, _ second: String) async -> Verdict? {
            for _ in 0..<2 {
                do {
                    let reply = try await client.ask(
                        system: Self.prompt.system,
                        user: Self.prompt.user(["input": input, "criterion": criterion, "first": first, "second": second]))
                    cost = cost.flatMap { c in reply.cost.map { c + $0 } }
                    if let verdict = Self.parse(reply.text) { return verdict }
                } catch {
                    if !error.error.kind.isRetryable { return nil }
                }
            }
            return nil
        }
        let ab = await ask(a, b)
        let ba = await ask(b, a)
        let winner: PairwiseOutcome.Winner
        switch (ab, ba) {
        case (nil, _), (_, nil): winner = .unjudged
        case (.first?, .second?): winner = .a
        case (.second?, .first?): winner = .b
        case (.tie?, .tie?): winner = .tie
        default: winner = .inconsistent
        }
        return PairwiseOutcome(winner: winner, judgeCost: cost, judge: "\(client.modelID) \(Self.prompt.identity)")
    }
}

/// The result of judging one pair in both orders.
public struct PairwiseOutcome: Sendable, Hashable {
    public typealias Winner = PairwiseWinner

    public var winner: Winner
    public var judgeCost: Double?
    public var judge: String
}


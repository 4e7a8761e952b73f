import AssayCore
import AssaySimulator
import Testing

/// The fleet on its own, without a server: its answers repeat for a seed, follow the suites' answer key,
/// and differ by profile as the routing tests assume.
struct SimulatedFleetTests {
    static func suite() throws -> Suite {
        try SuiteLoader.parse(text: """
            name: capitals
            category: geography
            prompt: "Capital of {{country}}?"
            simulator:
              reference: "{{capital}}"
              flawed: "I am not sure."
            tests:
              - {country: France, capital: Paris}
              - {country: Japan, capital: Tokyo}
            assert:
              - {type: contains, value: "{{capital}}"}
            """, file: "capitals.yaml")
    }

    static func text(_ reply: SimulatedReply) -> String? {
        guard case .answer(let answer) = reply else { return nil }
        return answer.tokens.joined()
    }

    @Test func theAnswerKeyHoldsEachCasesRenderedPromptAndReference() throws {
        let key = SimulatedAnswerKey(suites: [try Self.suite()])
        #expect(key.count == 2)
        let entry = try #require(key.entry(forPrompt: "  Capital of Japan?\n"))
        #expect(entry.reference == "Tokyo")
        #expect(entry.flawed == "I am not sure.")
        #expect(entry.caseKey == "capitals/capitals-2", "ids without an `id` field are the suite name and the row number")
        #expect(entry.category == "geography")
        #expect(key.entry(forPrompt: "Capital of Peru?") == nil)
    }

    @Test func aSeedRepeatsEveryReply() throws {
        let key = SimulatedAnswerKey(suites: [try Self.suite()])
        let one = SimulatedFleet(answerKey: key, seed: 7, timeScale: 0)
        let again = SimulatedFleet(answerKey: key, seed: 7, timeScale: 0)
        for model in ["atlas-large", "pico-nano", "tiny-local"] {
            for prompt in ["Capital of France?", "Capital of Japan?"] {
                for attempt in 0..<3 {
                    let a = one.reply(model: model, system: nil, user: prompt, maxTokens: 64, jsonMode: false, attempt: attempt)
                    let b = again.reply(model: model, system: nil, user: prompt, maxTokens: 64, jsonMode: false, attempt: attempt)
                    #expect(a == b)
                }
            }
        }
    }

    @Test func aStrongProfileAnswersWithTheReferenceMoreOftenThanAWeakOne() throws {
        // Many cases, so that the profiles' qualities (0.93 against 0.5) show beyond chance.
        let rows = (1...200).map { "  - {country: \"C\($0)\", capital: \"K\($0)\"}" }.joined(separator: "\n")
        let suite = try SuiteLoader.parse(text: """
            name: many
            prompt: "Capital of {{country}}?"
            simulator:
              reference: "{{capital}}"
            tests:
            \(rows)
            assert:
              - {type: contains, value: "{{capital}}"}
            """, file: "many.yaml")
        let fleet = SimulatedFleet(answerKey: SimulatedAnswerKey(suites: [suite]), seed: 42, timeScale: 0)
        func correct(_ model: String) -> Int {
            (1...200).filter { i in
                let reply = fleet.reply(model: model, system: nil, user: "Capital of C\(i)?", maxTokens: 64, jsonMode: false, attempt: 0)
                return Self.text(reply)?.contains("K\(i)") == true
            }.count
        }
        let strong = correct("atlas-large")
        let weak = correct("pico-nano")
        #expect(strong > 160, "atlas-large: \(strong) of 200")
        #expect(weak < 140, "pico-nano: \(weak) of 200")
    }

    @Test func anUnknownModelIsA404() {
        let fleet = SimulatedFleet(answerKey: SimulatedAnswerKey(), seed: 1, timeScale: 0)
        guard case .failure(let status, _, let message, _) = fleet.reply(model: "nope", system: nil, user: "hi", maxTokens: 5, jsonMode: false, attempt: 0) else {
            Issue.record("an unknown model answered")
            return
        }
        #expect(status == 404)
        #expect(message.contains("nope"))
    }

    @Test func anAnswerLongerThanMaxTokensIsCutWithFinishLength() throws {
        let fleet = SimulatedFleet(answerKey: SimulatedAnswerKey(), seed: 1, timeScale: 0)
        guard case .answer(let answer) = fleet.reply(model: "atlas-large", system: nil, user: "Write at length about rivers.", maxTokens: 2, jsonMode: false, attempt: 0) else {
            Issue.record("no answer")
            return
        }
        #expect(answer.tokens.count <= 2)
        #expect(answer.finishReason == "length")
    }
}

import AssayCore
import Foundation
import AssayStatistics
import AssayGrading

/// The simulated providers' behaviour: deterministic for a seed, so that a run's answers, grades,
/// errors and costs repeat exactly; only wall-clock timings vary.
public struct SimulatedFleet: Sendable {
    public let profiles: [String: SimulatedModelProfile]
    public let answerKey: SimulatedAnswerKey
    public let seed: UInt64
    /// Multiplies every simulated delay: 1 is the profiles' own latency, 0 answers at once.
    public let timeScale: Double

    public init(
        profiles: [SimulatedModelProfile] = SimulatedModelProfile.builtIn, answerKey: SimulatedAnswerKey, seed: UInt64,
        timeScale: Double = 1
    ) {
        self.profiles = Dictionary(profiles.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.answerKey = answerKey
        self.seed = seed
        self.timeScale = timeScale
    }

    /// Decides the reply to one request.
    /// - Parameters:
    ///   - attempt: how many times this same request was seen before (0 for the first).
    ///   - requestSeed: the request's `seed` field; repeats of a case send different seeds and may get different answers.
    public func reply(
        model: String, system: String?, user: String, maxTokens: Int, jsonMode: Bool, requestSeed: Int? = nil, attempt: Int,
        tools: [String] = [], toolTurns: Int = 0
    ) -> SimulatedReply {
        guard let profile = profiles[model] else {
            return .failure(status: 404, type: "invalid_request_error", message: "The model '\(model)' does not exist", retryAfterMs: nil)
        }
        let seedText = requestSeed.map(String.init) ?? "-"
        let requestKey = "\(seed)|\(model)|\(seedText)|\(StableHash.fnv1a((system ?? "") + "\u{1E}" + user))" + (toolTurns > 0 ? "|turn\(toolTurns)" : "")
        var attemptRandom = SplitMix64(seed: StableHash.of(requestKey, "attempt", String(attempt)))
        let faultDraw = attemptRandom.nextUnit()
        if faultDraw < profile.rateLimitRate {
            let wait = Int((200 + 800 * attemptRandom.nextUnit()) * timeScale)
            return .failure(
                status: 429, type: "rate_limit_exceeded",
                message: "Rate limit reached for \(model) (simulated). Please try again in \(wait)ms.", retryAfterMs: wait)
        }
        if faultDraw < profile.rateLimitRate + profile.serverErrorRate {
            return .failure(status: 500, type: "server_error", message: "The server had an error while processing your request (simulated).", retryAfterMs: nil)
        }
        if faultDraw < profile.rateLimitRate + profile.serverErrorRate + profile.overloadedRate {
            return .failure(status: 529, type: "overloaded_error", message: "Overloaded (simulated).", retryAfterMs: nil)
        }

        var text: String
        var calls: [SimulatedToolCall] = []
        if profile.isJudge {
            text = judgeReply(system: system ?? "", user: user, requestKey: requestKey, attempt: attempt)
        } else if !tools.isEmpty, let step = toolStep(profile: profile, model: model, user: user, requestSeed: seedText, tools: tools, toolTurns: toolTurns) {
            text = ""
            calls = step.enumerated().map { index, call in
                SimulatedToolCall(id: "\(StableHash.hex(StableHash.of(requestKey, "call", String(index))).prefix(12))", name: call.name, arguments: call.arguments)
            }
        } else {
            text = answer(profile: profile, model: model, user: user, jsonMode: jsonMode, requestSeed: seedText)
        }
        var tokens = SimulatedFleet.tokenize(text)
        var finish = calls.isEmpty ? "stop" : "tool_calls"
        if tokens.count > maxTokens {
            tokens = Array(tokens.prefix(maxTokens))
            finish = "length"
        }
        text = tokens.joined()

        var timing = SplitMix64(seed: StableHash.of(requestKey, "timing", String(attempt)))
        var ttft = profile.ttftMedianMs * Foundation.exp(profile.ttftSigma * timing.nextNormal())
        if timing.nextUnit() < profile.tailProbability { ttft *= profile.tailFactor * (0.75 + 0.5 * timing.nextUnit()) }
        let interToken = 1000 / profile.tokensPerSecond * (0.9 + 0.2 * timing.nextUnit())
        let cut = attemptRandom.nextUnit() < profile.streamCutRate && tokens.count > 2 ? tokens.count / 2 : nil
        let malformed = attemptRandom.nextUnit() < profile.malformedRate && tokens.count > 2 ? tokens.count / 3 : nil
        // A stall is not scaled: it exists to outlast the client's deadline.
        let stalled = attemptRandom.nextUnit() < profile.stallRate
        let inputTokens = SimulatedFleet.tokenize((system ?? "") + " " + user).count + 7
        return .answer(SimulatedAnswer(
            tokens: tokens, finishReason: finish, inputTokens: inputTokens, ttftMs: stalled ? profile.stallMs : ttft * timeScale,
            interTokenMs: interToken * timeScale, cutAfter: cut, malformedAfter: malformed, toolCalls: calls))
    }

    /// The calls a model makes at this step of a case's tool script (its correct script or its flawed one, drawn as
    /// a text answer is), nil when the script has no step left (the model then answers in text). Calls to tools not
    /// offered are left out.
    func toolStep(
        profile: SimulatedModelProfile, model: String, user: String, requestSeed: String, tools: [String], toolTurns: Int
    ) -> [(name: String, arguments: String)]? {
        guard let entry = answerKey.entry(forPrompt: user), entry.calls != nil else { return nil }
        let script = answersCorrectly(profile: profile, model: model, entry: entry, requestSeed: requestSeed)
            ? entry.calls : (entry.flawedCalls ?? entry.calls)
        guard let steps = script?.arrayValue, toolTurns < steps.count else { return nil }
        let step = steps[toolTurns].arrayValue ?? [steps[toolTurns]]
        let calls = step.compactMap { call -> (name: String, arguments: String)? in
            guard let name = call["name"]?.stringValue, tools.contains(name) else { return nil }
            return (name, (call["arguments"] ?? .object([:])).compactJSON)
        }
        return calls.isEmpty ? nil : calls
    }

    /// Whether the model gets this case right: the case's difficulty, shared by every model, against the model's
    /// quality, with its own luck on the case and a little of this request's.
    func answersCorrectly(profile: SimulatedModelProfile, model: String, entry: SimulatedAnswerKey.Entry, requestSeed: String) -> Bool {
        let difficulty = StableHash.unit(StableHash.of(String(seed), entry.caseKey, "difficulty"))
        let stableLuck = StableHash.unit(StableHash.of(String(seed), entry.caseKey, model, "luck"))
        let samplingLuck = StableHash.unit(StableHash.of(String(seed), entry.caseKey, model, "sample", requestSeed))
        let luck = 0.75 * stableLuck + 0.25 * samplingLuck
        return 0.65 * difficulty + 0.35 * luck < profile.quality(in: entry.category)
    }

    func answer(profile: SimulatedModelProfile, model: String, user: String, jsonMode: Bool, requestSeed: String) -> String {
        guard let entry = answerKey.entry(forPrompt: user) else {
            return "I am a simulated model and have no answer prepared for this prompt."
        }
        // Case difficulty is shared by every model, so stronger models get right what weaker ones do,
        // and more: paired comparisons then look like real ones. Mostly the model's own (stable) luck on the
        // case, partly the sampling of this request's seed, so that repeats flip on the cases near the model's
        // limit, as sampled models do.
        let correct = answersCorrectly(profile: profile, model: model, entry: entry, requestSeed: requestSeed)
        var text = correct ? entry.reference : (entry.flawed ?? SimulatedFleet.degrade(entry.reference))
        let style = StableHash.unit(StableHash.of(String(seed), entry.caseKey, model, "style"))
        if jsonMode && style < profile.preambleRate(in: entry.category) {
            text = "Sure! Here is the JSON you asked for:\n" + text
        }
        if profile.adversarial { text = SimulatedFleet.payloads + text + SimulatedFleet.payloads }
        return text
    }

    /// The simulated judge: it scores the output by its closeness to the case's correct answer, with noise.
    /// The draw depends on the request only (not the attempt): two samples with the same answer send the
    /// same judge request, and must get the same grade whichever is sent first.
    func judgeReply(system: String, user: String, requestKey: String, attempt: Int) -> String {
        var random = SplitMix64(seed: StableHash.of(requestKey, "judge"))
        func closeness(_ transcriptOrAnswer: String, input: String) -> Double {
            // A transcript's reply is its last assistant line: that is what is compared with the reference.
            var output = transcriptOrAnswer
            if let last = output.range(of: "ASSISTANT: ", options: .backwards), output.hasPrefix("USER: ") {
                output = String(output[last.upperBound...])
            }
            if let reference = SimulatedFleet.section("reference", in: user) {
                return TextMetrics.rougeL(candidate: output, reference: reference)
            }
            guard let entry = answerKey.entry(forPrompt: input) else { return 0.5 }
            return TextMetrics.rougeL(candidate: output, reference: entry.reference)
        }
        // Pairwise: the closer answer wins, but the simulated judge has a position bias, as real ones do.
        if system.contains("compare two answers") {
            let input = SimulatedFleet.section("input", in: user) ?? ""
            let a = closeness(SimulatedFleet.section("response_1", in: user) ?? "", input: input)
            let b = closeness(SimulatedFleet.section("response_2", in: user) ?? "", input: input)
            let winner: String
            if random.nextUnit() < 0.12 {
                winner = "1"
            } else if abs(a - b) < 0.02 {
                winner = "tie"
            } else {
                winner = a > b ? "1" : "2"
            }
            return JSONValue.object(["reason": .string(String(format: "Simulated judge: closeness %.2f against %.2f.", a, b)), "winner": .string(winner)]).compactJSON
        }
        if system.contains("check the facts") {
            let similarity = closeness(SimulatedFleet.section("output", in: user) ?? "", input: SimulatedFleet.section("question", in: user) ?? "")
            let noisy = similarity + 0.05 * random.nextNormal()
            let choice = noisy >= 0.85 ? "C" : noisy >= 0.6 ? "A" : noisy >= 0.4 ? "E" : "D"
            return JSONValue.object(["reason": .string(String(format: "Simulated judge: closeness %.2f to the reference.", similarity)), "choice": .string(choice)]).compactJSON
        }
        if system.contains("meets a criterion") {
            let similarity = closeness(SimulatedFleet.section("output", in: user) ?? "", input: SimulatedFleet.section("question", in: user) ?? "")
            let meets = similarity + 0.05 * random.nextNormal() >= 0.55
            return JSONValue.object(["reason": .string(String(format: "Simulated judge: closeness %.2f.", similarity)), "verdict": .string(meets ? "Y" : "N")]).compactJSON
        }
        let input = SimulatedFleet.section("input", in: user) ?? ""
        let output = SimulatedFleet.section("output", in: user) ?? ""
        let similarity = closeness(output, input: input)
        let score = min(1, max(0, 0.1 + 0.85 * similarity + 0.08 * random.nextNormal()))
        let rounded = (score * 100).rounded() / 100
        let pass = rounded >= 0.6
        let reason = pass
            ? "Simulated judge: the answer matches what the rubric asks for (closeness \(String(format: "%.2f", similarity)))."
            : "Simulated judge: the answer falls short of the rubric (closeness \(String(format: "%.2f", similarity)))."
        return JSONValue.object(["score": .number(rounded), "pass": .bool(pass), "reason": .string(reason)]).compactJSON
    }

    /// Markup a report must show as text: scripts, event handlers, tags that break out of their element.
    public static let payloads = """
        <script>document.body.setAttribute('data-pwned','script')</script>\
        <img src=x onerror="document.body.setAttribute('data-pwned','img')">\
        </pre></details></section><b id="pwned-b">bold?</b>\
        "><svg onload="document.body.setAttribute('data-pwned','svg')"></svg>\
        ]]><!-- --></testcase>&amp;&#x3c;\u{1b}[31m
        """

    static func section(_ tag: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(tag)>\n"), let close = text.range(of: "\n</\(tag)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }

    /// A generic weak answer: the first half of the correct one.
    static func degrade(_ reference: String) -> String {
        let words = reference.split(separator: " ")
        return words.prefix(max(1, words.count / 2)).joined(separator: " ")
    }

    /// Splits text into token-like pieces (a word with its following whitespace, long words in 4-character
    /// pieces), so that streamed chunks and token counts look like a real tokenizer's.
    public static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var lettersInCurrent = 0
        for ch in text {
            if ch.isWhitespace {
                current.append(ch)
                continue
            }
            if !current.isEmpty && (current.last?.isWhitespace == true || lettersInCurrent >= 4) {
                tokens.append(current)
                current = ""
                lettersInCurrent = 0
            }
            current.append(ch)
            lettersInCurrent += 1
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}

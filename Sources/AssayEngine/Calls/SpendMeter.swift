import AssayCore

/// Tracks the run's spend and, with a budget, refuses to start a call whose projected cost would take
/// spend (paid plus reserved for calls in flight) past it.
actor SpendMeter {
    /// USD; nil means no budget.
    let limit: Double?
    /// What the calls made so far cost: model calls not served from the cache, and judge calls not
    /// served from it (added by the judge client as each returns, pairwise judging and calibration included).
    private(set) var spent: Double = 0
    private var reserved: Double = 0
    private var outputTokens: [String: (sum: Int, count: Int)] = [:]
    /// Per model: the input tokens its provider counted, and what the prompts' lengths estimated for them.
    private var inputTokens: [String: (counted: Int, estimated: Int, count: Int)] = [:]
    private var judgeCost: [String: (sum: Double, count: Int)] = [:]

    /// The judge's price, for projecting the judging of a suite before any of it has been seen.
    let judgePrice: Price?
    /// The most a judge writes in one reply (`ModelJudgeClient.replyLimit`).
    let judgeReplyTokens: Int

    init(limit: Double?, judgePrice: Price?, judgeReplyTokens: Int = 400) {
        self.limit = limit
        self.judgePrice = judgePrice
        self.judgeReplyTokens = judgeReplyTokens
    }

    /// What is held back for a call in flight, and the prompt estimate it was projected from.
    struct Reservation: Sendable {
        let cost: Double
        let promptTokens: Int
    }

    /// Reserves the projected cost of a call. Nil when it would pass the budget: the call is not started.
    func reserve(_ job: PlannedSample) -> Reservation? {
        let promptTokens = SpendMeter.promptTokens(job.suite, vars: job.testCase.vars)
        let estimate = projectedCost(job, promptTokens: promptTokens)
        if let limit, spent + reserved + estimate > limit { return nil }
        reserved += estimate
        return Reservation(cost: estimate, promptTokens: promptTokens)
    }

    /// Replaces a reservation by what the sample actually cost, and learns from it for later projections.
    /// - Returns: the spend so far.
    func settle(_ reservation: Reservation, sample: Sample?) -> Double {
        reserved = max(0, reserved - reservation.cost)
        guard let sample else { return spent }
        learn(from: sample, estimatedInput: reservation.promptTokens)
        if !sample.cached { spent += sample.cost ?? 0 }
        return spent
    }

    private func learn(from sample: Sample, estimatedInput: Int) {
        if let tokens = sample.usage?.outputTokens, !sample.cached {
            outputTokens[sample.model, default: (0, 0)].sum += tokens
            outputTokens[sample.model, default: (0, 0)].count += 1
        }
        if let tokens = sample.usage?.inputTokens, tokens > 0, !sample.cached {
            inputTokens[sample.model, default: (0, 0, 0)].counted += tokens
            inputTokens[sample.model, default: (0, 0, 0)].estimated += estimatedInput
            inputTokens[sample.model, default: (0, 0, 0)].count += 1
        }
        if sample.status == .graded {
            judgeCost[sample.suite, default: (0, 0)].sum += sample.judgeCost
            judgeCost[sample.suite, default: (0, 0)].count += 1
        }
    }

    /// A prompt's tokens, from its length at about 4 characters a token (template, system and variables).
    static func promptTokens(_ suite: Suite, vars: [String: JSONValue]) -> Int {
        (suite.prompt.count + (suite.system?.count ?? 0) + vars.values.map { $0.templateText.count }.reduce(0, +)) / 4 + 16
    }

    /// Observed means are raised by this much: a projection should rather stop a call too early than
    /// let the spend pass the budget.
    static let margin = 1.25

    /// Reserves the projected cost of `count` judge calls made after the samples (pairwise judging,
    /// calibration); false when they would pass the budget.
    func reserveJudgments(_ count: Int, suites: [Suite]) -> Bool {
        guard let limit, count > 0 else { return true }
        let promptTokens = suites.map { SpendMeter.promptTokens($0, vars: [:]) }.max() ?? 0
        let answerTokens = suites.map(\.maxTokens).max() ?? 0
        // A judge reads the prompt and (for a pair) two answers, and replies in at most its reply limit.
        let reply = judgeReplyTokens
        let perCall = judgePrice.map { $0.cost(of: TokenUsage(inputTokens: promptTokens + 2 * answerTokens + 400, outputTokens: reply)) } ?? 0
        return spent + reserved + Double(count) * perCall <= limit
    }

    /// Adds what a judge call paid.
    func addJudging(_ cost: Double) {
        spent += cost
    }

    /// Input tokens estimated from the prompt's length (about 4 characters a token, scaled by the model's
    /// counted-to-estimated ratio once three answers are seen); output tokens from
    /// the model's answers so far, or the suite's max_tokens until three have been seen; plus judging:
    /// the suite's mean judge cost per sample once three have been seen, before that each judge
    /// assertion at the judge's price for the prompt, the answer and a full judge reply.
    /// A model without a price projects nothing for its own call (the run warns of it).
    func projectedCost(_ job: PlannedSample, promptTokens: Int) -> Double {
        var input = promptTokens
        // Once three answers are in, the estimate is scaled by how far the provider's count was from it
        // (its tokenizer, its own framing of the messages), never below the estimate itself.
        if let seen = inputTokens[job.model.id], seen.count >= 3, seen.estimated > 0 {
            let ratio = Double(seen.counted) / Double(seen.estimated) * SpendMeter.margin
            input = max(input, Int((Double(input) * ratio).rounded(.up)))
        }
        let seen = outputTokens[job.model.id].flatMap { $0.count >= 3 ? Double($0.sum) / Double($0.count) * SpendMeter.margin : nil }
        let output = seen.map { Int($0.rounded(.up)) } ?? job.suite.maxTokens
        // An exchange may take up to max_turns calls, each reading the conversation so far: projected as that
        // many calls on the whole prompt (output learned from samples already holds every turn's).
        let turns = job.conversational ? job.suite.maxTurns : 1
        let outputProjected = seen == nil ? output * turns : output
        let call = job.model.price.map { $0.cost(of: TokenUsage(inputTokens: input * turns, outputTokens: outputProjected)) } ?? 0
        let judging: Double
        if let observed = judgeCost[job.suite.name], observed.count >= 3 {
            judging = observed.sum / Double(observed.count) * SpendMeter.margin
        } else {
            let judged = (job.suite.assertions + job.testCase.assertions).flatMap(\.flattened).filter { $0.kind.needsJudge && $0.kind != .selectBest }.count
            let reply = judgeReplyTokens
            let perJudgment = judgePrice.map { $0.cost(of: TokenUsage(inputTokens: input + output + 400, outputTokens: reply)) } ?? 0
            judging = Double(judged) * perJudgment
        }
        return call + judging
    }
}

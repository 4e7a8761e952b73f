/// Fingerprints (SHA-256, the first 16 hex digits) of what decides a suite's samples, kept with a run so
/// that a resume, a shard or a merge with a suite changed since (a prompt reworded, an assertion turned
/// round, the token limit raised) is refused rather than mixed into one run. Three parts, so that the
/// refusal can say which changed.
public struct SuiteDigests: Codable, Sendable, Equatable {
    /// Each case's id and rendered system and user prompts.
    public var prompts: String
    /// The assertions (suite's and cases'), thresholds and every case's data.
    public var grading: String
    /// Token limit, temperature, response format, judge and the simulator's answers.
    public var generation: String

    public init(prompts: String, grading: String, generation: String) {
        self.prompts = prompts
        self.grading = grading
        self.generation = generation
    }

    /// The parts of `other` that differ from these, named for a message.
    public func differences(_ other: SuiteDigests) -> [String] {
        var out: [String] = []
        if prompts != other.prompts { out.append("its prompts") }
        if grading != other.grading { out.append("its assertions, thresholds or case data") }
        if generation != other.generation { out.append("its generation settings (max_tokens, temperature, response format, judge or simulator answers)") }
        return out
    }
}

/// What a run is: its suites, models, judge and settings, as the store keeps it with the run
/// (`RunRecord.configuration`, in the same JSON keys that earlier versions wrote). A resumed run, a
/// shard joining it and `assay merge` compare their `plan` with the stored one.
public struct RunManifest: Codable, Sendable, Equatable {
    public struct SuiteEntry: Codable, Sendable, Equatable {
        public var name: String
        public var version: String
        public var category: String
        public var cases: Int
        /// Nil in runs stored before Assay kept them.
        public var digests: SuiteDigests?

        public init(name: String, version: String, category: String, cases: Int, digests: SuiteDigests? = nil) {
            self.name = name
            self.version = version
            self.category = category
            self.cases = cases
            self.digests = digests
        }

        /// What identifies a suite in a run: name, version, category, number of cases, and the fingerprints
        /// of its prompts, grading and generation settings.
        /// - Parameter prepared: the suite's cases as the run rendered them (rendered here when not given).
        public init(_ suite: Suite, prepared: [PreparedCase]? = nil) {
            self.init(
                name: suite.name, version: suite.version, category: suite.category, cases: suite.cases.count,
                digests: prepared.map(suite.digests(prepared:)) ?? suite.digests)
        }

        /// "name vVERSION (category, N cases)".
        public var label: String { "\(name) v\(version) (\(category), \(cases) cases)" }

        /// How `other` (the same suite now) differs in content from this one; nothing when either was stored
        /// without fingerprints.
        public func contentDifferences(_ other: SuiteEntry) -> [String] {
            guard let a = digests, let b = other.digests else { return [] }
            let parts = a.differences(b)
            return parts.isEmpty ? [] : ["suite \(name): \(parts.joined(separator: ", ")) changed since the run was planned"]
        }
    }

    public struct ModelEntry: Codable, Sendable, Equatable {
        public struct PriceEntry: Codable, Sendable, Equatable {
            public var input: Double
            public var output: Double
            public var source: String
        }

        /// A model without a price is written with `"price": null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(provider, forKey: .provider)
            try c.encode(model, forKey: .model)
            try c.encode(price, forKey: .price)
            try c.encodeIfPresent(parameters, forKey: .parameters)
        }

        public var id: String
        public var provider: String
        public var model: String
        public var price: PriceEntry?
        /// `ModelSpec.parametersDigest`; nil in runs stored before Assay kept it.
        public var parameters: String?
    }

    /// An adaptive run's rounds and the decision rule that stops models: a resume, a shard or a merge must
    /// decide with the same.
    public struct Adaptive: Codable, Sendable, Equatable {
        public var roundSize: Int
        public var maxQualityLoss: Double
        public var valuePerSuccess: Double?
        public var alpha: Double
        public var maxP95LatencyMs: Double?

        public init(roundSize: Int, maxQualityLoss: Double, valuePerSuccess: Double?, alpha: Double, maxP95LatencyMs: Double?) {
            self.roundSize = roundSize
            self.maxQualityLoss = maxQualityLoss
            self.valuePerSuccess = valuePerSuccess
            self.alpha = alpha
            self.maxP95LatencyMs = maxP95LatencyMs
        }

        enum CodingKeys: String, CodingKey {
            case roundSize = "round_size", maxQualityLoss = "max_quality_loss", valuePerSuccess = "value_per_success", alpha
            case maxP95LatencyMs = "max_p95_latency_ms"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(roundSize, forKey: .roundSize)
            try c.encode(maxQualityLoss, forKey: .maxQualityLoss)
            try c.encode(valuePerSuccess, forKey: .valuePerSuccess)
            try c.encode(alpha, forKey: .alpha)
            try c.encode(maxP95LatencyMs, forKey: .maxP95LatencyMs)
        }
    }

    public var suites: [SuiteEntry]
    public var models: [ModelEntry]
    public var judge: String?
    /// The judge prompt's identity (`name version#hash`).
    public var judgePrompt: String?
    public var repeats: Int
    public var adaptive: Adaptive?
    public var concurrency: Int?
    public var failUnder: Double?
    public var baseline: String?
    public var assayVersion: String?
    public var skippedModels: [String: String]
    public var gitRevision: String?

    enum CodingKeys: String, CodingKey {
        case suites, models, judge, judgePrompt = "judge_prompt", repeats, adaptive, concurrency, failUnder = "fail_under"
        case baseline, assayVersion = "assay_version", skippedModels = "skipped_models", gitRevision = "git_revision"
    }

    public init(
        suites: [Suite], prepared: [[PreparedCase]]? = nil, models: [ModelSpec], judge: String?, judgePrompt: String?, repeats: Int,
        adaptive: Adaptive?, concurrency: Int?, failUnder: Double?, baseline: String?, assayVersion: String?,
        skippedModels: [String: String], gitRevision: String?
    ) {
        self.suites = suites.indices.map { SuiteEntry(suites[$0], prepared: prepared?[$0]) }
        self.models = models.map { m in
            ModelEntry(
                id: m.id, provider: m.provider, model: m.model,
                price: m.price.map { ModelEntry.PriceEntry(input: $0.input, output: $0.output, source: $0.source) },
                parameters: m.parametersDigest)
        }
        self.judge = judge
        self.judgePrompt = judgePrompt
        self.repeats = repeats
        self.adaptive = adaptive
        self.concurrency = concurrency
        self.failUnder = failUnder
        self.baseline = baseline
        self.assayVersion = assayVersion
        self.skippedModels = skippedModels
        self.gitRevision = gitRevision
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        suites = try c.decode([SuiteEntry].self, forKey: .suites)
        models = try c.decode([ModelEntry].self, forKey: .models)
        judge = try c.decodeIfPresent(String.self, forKey: .judge)
        judgePrompt = try c.decodeIfPresent(String.self, forKey: .judgePrompt)
        repeats = try c.decodeIfPresent(Int.self, forKey: .repeats) ?? 1
        adaptive = try c.decodeIfPresent(Adaptive.self, forKey: .adaptive)
        concurrency = try c.decodeIfPresent(Int.self, forKey: .concurrency)
        failUnder = try c.decodeIfPresent(Double.self, forKey: .failUnder)
        baseline = try c.decodeIfPresent(String.self, forKey: .baseline)
        assayVersion = try c.decodeIfPresent(String.self, forKey: .assayVersion)
        skippedModels = try c.decodeIfPresent([String: String].self, forKey: .skippedModels) ?? [:]
        gitRevision = try c.decodeIfPresent(String.self, forKey: .gitRevision)
    }

    /// Writes every key, null when absent, as earlier versions did.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(suites, forKey: .suites)
        try c.encode(models, forKey: .models)
        try c.encode(judge, forKey: .judge)
        try c.encode(judgePrompt, forKey: .judgePrompt)
        try c.encode(repeats, forKey: .repeats)
        try c.encode(adaptive, forKey: .adaptive)
        try c.encode(concurrency, forKey: .concurrency)
        try c.encode(failUnder, forKey: .failUnder)
        try c.encode(baseline, forKey: .baseline)
        try c.encode(assayVersion, forKey: .assayVersion)
        try c.encode(skippedModels, forKey: .skippedModels)
        try c.encodeIfPresent(gitRevision, forKey: .gitRevision)
    }

    /// What decides which samples a run holds and what they mean: the same suites at the same versions,
    /// the same models, repeats, judge and adaptive settings.
    public struct Plan: Sendable, Equatable {
        public var suites: [SuiteEntry]
        public var models: [ModelEntry]
        public var repeats: Int
        public var judge: String?
        public var judgePrompt: String?
        public var adaptive: Adaptive?
    }

    public var plan: Plan {
        Plan(suites: suites, models: models, repeats: repeats, judge: judge, judgePrompt: judgePrompt, adaptive: adaptive)
    }

    /// How `other`'s plan differs from this one's, one line per field ("repeats: stored 1, now 3").
    public func planDifferences(_ other: RunManifest) -> [String] {
        let a = plan
        let b = other.plan
        var out: [String] = []
        func note(_ field: String, _ x: String, _ y: String) { out.append("\(field): stored \(x), now \(y)") }
        if a.suites.map(\.label) != b.suites.map(\.label) {
            note("suites", a.suites.map(\.label).joined(separator: ", "), b.suites.map(\.label).joined(separator: ", "))
        } else {
            for (x, y) in zip(a.suites, b.suites) { out += x.contentDifferences(y) }
        }
        if a.models.map(\.id) != b.models.map(\.id) {
            note("models", a.models.map(\.id).joined(separator: ", "), b.models.map(\.id).joined(separator: ", "))
        } else {
            for (x, y) in zip(a.models, b.models) where x.parameters != nil && y.parameters != nil && x.parameters != y.parameters {
                out.append("model \(x.id): its catalog entry (provider, model, base_url, api_version, temperature support or faults) changed since the run was planned")
            }
        }
        if a.repeats != b.repeats { note("repeats", String(a.repeats), String(b.repeats)) }
        if a.judge != b.judge { note("judge", a.judge ?? "none", b.judge ?? "none") }
        if a.judgePrompt != b.judgePrompt { note("judge_prompt", a.judgePrompt ?? "none", b.judgePrompt ?? "none") }
        if a.adaptive != b.adaptive {
            func describe(_ x: Adaptive?) -> String {
                guard let x else { return "full grid" }
                return "rounds of \(x.roundSize), δ \(x.maxQualityLoss), α \(x.alpha)" + (x.valuePerSuccess.map { ", value \($0)" } ?? "")
                    + (x.maxP95LatencyMs.map { ", p95 limit \($0)" } ?? "")
            }
            note("adaptive", describe(a.adaptive), describe(b.adaptive))
        }
        return out
    }
}

public import AssayCore

/// Everything the report writers need about one run.
public struct RunSummary: Sendable {
    public var run: RunRecord
    public var suites: [SuiteSummary]
    /// The run's samples reduced to counts, sums and per-case outcomes: writers that show texts stream
    /// the samples from their `SampleSource`.
    public var table: OutcomeTable
    /// Models left out of the run, with the reason (e.g. missing credentials).
    public var skippedModels: [String: String]
    /// The run's own gates and their outcome (e.g. the pass-rate floor).
    public var gates: [GateResult]
    /// What a case's rendered prompt and expectation look like, for the drill-down.
    public var caseDetails: CaseDetails
    /// The models of the run, as the catalog describes them (for the routing configs).
    public var models: [ModelSpec]
    /// The routing decision per category.
    public var routes: [CategoryRoute]
    public var routingOptions: RoutingOptions
    /// The comparison with the baseline run, when one was given.
    public var baseline: RunComparison?
    /// The baseline run's routing, derived from its samples the same way, to show what changed.
    public var baselineRoutes: [CategoryRoute]?
    /// Planned samples that did not run (the run was stopped).
    public var notRun: [PlannedKey]
    /// How far each judge configuration agrees with the human labels of its calibration set.
    public var calibrations: [JudgeCalibration]
    /// An adaptive run: what it called and saved.
    public var adaptive: AdaptiveReport?
    /// This run with the stored runs before it (same suites): trends and drift; nil when the store holds no
    /// earlier complete run to compare with.
    public var history: RunHistory? = nil

    public static let simulatedNotice = "simulated providers: not real model results"

    public var notice: String? { run.simulated ? RunSummary.simulatedNotice : nil }

    /// Says that the run is incomplete, why, and how much did not run; nil for a complete run.
    public var incompleteNotice: String? {
        guard run.status != .complete else { return nil }
        let planned = table.sampleCount + notRun.count
        var text = "incomplete: \(notRun.count) of \(planned) planned samples did not run"
        if let note = run.note { text += " (\(note))" }
        return text
    }

    public init(
        run: RunRecord, suites: [SuiteSummary], table: OutcomeTable, skippedModels: [String: String] = [:],
        gates: [GateResult] = [], caseDetails: CaseDetails = CaseDetails(), models: [ModelSpec] = [],
        routes: [CategoryRoute] = [], routingOptions: RoutingOptions = RoutingOptions(), baseline: RunComparison? = nil,
        baselineRoutes: [CategoryRoute]? = nil, notRun: [PlannedKey] = [], calibrations: [JudgeCalibration] = [],
        adaptive: AdaptiveReport? = nil
    ) {
        self.run = run
        self.suites = suites
        self.table = table
        self.skippedModels = skippedModels
        self.gates = gates
        self.caseDetails = caseDetails
        self.models = models
        self.routes = routes
        self.routingOptions = routingOptions
        self.baseline = baseline
        self.baselineRoutes = baselineRoutes
        self.notRun = notRun
        self.calibrations = calibrations
        self.adaptive = adaptive
    }

    public var passedGates: Bool { gates.allSatisfy(\.passed) }
}

/// A gate a run is checked against, and how it came out.
public struct GateResult: Sendable, Hashable {
    public var name: String
    public var passed: Bool
    public var detail: String

    public init(name: String, passed: Bool, detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}

/// The input side of a case, for reports.
public struct CaseDetail: Sendable, Hashable {
    public var prompt: String
    public var expected: String?
    /// The conversation before the graded turn, for a case that carries one.
    public var history: [ChatMessage]

    public init(prompt: String, expected: String?, history: [ChatMessage] = []) {
        self.prompt = prompt
        self.expected = expected
        self.history = history
    }
}

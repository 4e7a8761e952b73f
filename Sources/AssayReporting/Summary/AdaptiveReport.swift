/// What an adaptive run (`--adaptive`) called, and what it saved against the full grid.
public struct AdaptiveReport: Sendable, Hashable {
    public var roundSize: Int
    /// Rounds in the schedule (the longest category's).
    public var rounds: Int
    /// Samples stored.
    public var calls: Int
    /// Samples of the full grid (every case × model × repeat).
    public var fullGrid: Int
    /// What the samples not called would have cost, estimated from each model's mean cost per sample
    /// (judge included) in the same category; nil when a price is unknown.
    public var savedCost: Double?
    /// Categories run in full (graded pairwise, so not decided case by case).
    public var fullCategories: [String]
    public var stops: [Stop]
    /// Samples the schedule needs that are not stored (the run was stopped): not a saving.
    public var missing: Int = 0

    /// A model that stopped being called in a category.
    public struct Stop: Sendable, Hashable {
        public var category: String
        public var model: String
        /// The round (from 1) after which it stopped.
        public var afterRound: Int
        public var casesRun: Int
        public var casesInCategory: Int

        public init(category: String, model: String, afterRound: Int, casesRun: Int, casesInCategory: Int) {
            self.category = category
            self.model = model
            self.afterRound = afterRound
            self.casesRun = casesRun
            self.casesInCategory = casesInCategory
        }
    }

    public init(roundSize: Int, rounds: Int, calls: Int, fullGrid: Int, savedCost: Double?, fullCategories: [String], stops: [Stop]) {
        self.roundSize = roundSize
        self.rounds = rounds
        self.calls = calls
        self.fullGrid = fullGrid
        self.savedCost = savedCost
        self.fullCategories = fullCategories
        self.stops = stops
    }

    /// Calls the decisions made unnecessary; an incomplete run saves nothing on what it did not reach.
    public var savedCalls: Int { missing > 0 ? 0 : max(0, fullGrid - calls) }

    /// One line for the reports: "312 of 936 calls (33%) …".
    public var headline: String {
        if missing > 0 {
            return "Adaptive run (rounds of \(roundSize) cases per category), incomplete: \(calls) model calls made, \(missing) more due in the round it stopped in; no saving is claimed for a run that did not finish."
        }
        var text = "Adaptive run (rounds of \(roundSize) cases per category): \(calls) of \(fullGrid) model calls, \(savedCalls) saved (\(ReportFormat.percent(Double(savedCalls) / Double(max(1, fullGrid)))))"
        if let savedCost { text += ", about \(ReportFormat.usd(savedCost)) not spent" }
        if !fullCategories.isEmpty { text += "; run in full: \(fullCategories.joined(separator: ", ")) (graded pairwise)" }
        return text + "."
    }
}

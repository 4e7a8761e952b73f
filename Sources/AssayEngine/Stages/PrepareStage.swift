import AssayCore
import AssaySandbox
import Foundation
import AssayReporting

/// The first stage: loads the suites and the catalog, chooses the models and the run's id, and checks
/// what can be checked before anything is opened or called.
struct PrepareStage: Sendable {
    /// What the run will be, before the store is opened.
    struct Prepared: Sendable {
        let suites: [Suite]
        /// Per suite, its cases with their prompts rendered: the only place they are rendered.
        let cases: [[PreparedCase]]
        let selection: ModelSelection
        let runID: String
        let outDir: String
    }

    let configuration: RunConfiguration
    let events: RunEvents

    /// - Throws: `LoadError` for an invalid suite, dataset or catalog; `EngineError` when no model can run
    ///   or the options conflict.
    func run() throws -> Prepared {
        let config = configuration
        let catalog = try Catalogs.load(config.catalogPath, prices: config.pricesPath)
        let suites = try SuiteLoader.load(paths: config.suitePaths)
        if config.adaptiveRoundSize != nil, config.routing.valuePerSuccess != nil {
            throw EngineError(.conflictingOptions, "an adaptive run decides by the quality margin; value mode needs the full grid")
        }
        events(.loaded(suites: suites.count, cases: suites.map(\.cases.count).reduce(0, +), models: catalog.models.count, catalog: config.catalogPath))

        let selection = ModelSelection.select(catalog: catalog, environment: config.environment, forceSimulate: config.forceSimulate)
        for (model, reason) in selection.skipped.sorted(by: { $0.key < $1.key }) where !model.hasPrefix("sim/") || !selection.simulated {
            events(.skipped(model: model, reason: reason))
        }
        guard !selection.models.isEmpty else {
            throw EngineError(.noModelToRun, "no model to run: the catalog has no simulated models and no real model has credentials")
        }
        if selection.simulated { events(.usingSimulatedFleet) }
        if suites.contains(where: \.needsJudge) && selection.judge == nil {
            events(.warning("no judge model available; judge assertions will be recorded as grader errors"))
        }
        if let resume = config.resumeRunID, let runID = config.runID, resume != runID {
            throw EngineError(.conflictingOptions, "--resume \(resume) and --run-id \(runID) name different runs")
        }
        let runID = config.resumeRunID ?? config.runID ?? PrepareStage.makeRunID()
        return Prepared(
            suites: suites, cases: suites.enumerated().map { $1.prepared(index: $0) }, selection: selection, runID: runID,
            outDir: config.reportDirectory(runID: runID))
    }

    /// The sandbox for code suites, or nil; what it could not set up is said once.
    func sandbox(for suites: [Suite]) throws -> PythonSandbox? {
        guard suites.contains(where: \.usesCodeTests) else { return nil }
        let sandbox = try PythonSandbox()
        if !sandbox.notes.isEmpty { events(.sandboxNotes(sandbox.notes)) }
        return sandbox
    }

    /// "20261203-194521-e99a": the start time and four random hex digits.
    static func makeRunID() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return "\(formatter.string(from: Date()))-\(String(repeating: "0", count: 4 - suffix.count))\(suffix)"
    }
}

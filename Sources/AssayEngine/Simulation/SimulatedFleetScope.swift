public import AssayCore
public import AssaySimulator
public import Foundation
public import AssayProviders

/// Runs work with the simulated fleet serving on loopback when the run uses it, with the models pointed
/// at it; otherwise with the models as they are.
public enum SimulatedFleetScope {
    /// - Parameter body: receives the models and the judge to call (pointed at the fleet when simulated).
    static func with<T: Sendable>(
        _ selection: ModelSelection, cases: [[PreparedCase]], suites: [Suite], configuration: RunConfiguration, events: RunEvents,
        _ body: @Sendable ([ModelSpec], ModelSpec?) async throws -> T
    ) async throws -> T {
        guard selection.simulated else { return try await body(selection.models, selection.judge) }
        let fleet = SimulatedFleet(
            profiles: profiles(for: selection.models + (selection.judge.map { [$0] } ?? []), at: Date()),
            answerKey: SimulatedAnswerKey(suites: suites, cases: cases), seed: configuration.seed,
            timeScale: configuration.simulatorTimeScale)
        return try await SimulatorServer.withRunning(fleet: fleet) { port in
            events(.fleetListening(port: port))
            return try await body(selection.models.map { pointAtSimulator($0, port: port) }, selection.judge.map { pointAtSimulator($0, port: port) })
        }
    }

    /// A simulated model's base URL: its format's default with the host replaced by the loopback fleet
    /// (so `/v1` stays for OpenAI, `/v1beta` for Gemini, nothing for Anthropic, Cohere and Ollama).
    public static func pointAtSimulator(_ model: ModelSpec, port: Int) -> ModelSpec {
        var m = model
        let defaultBase = ProviderClients.format(for: model)?.defaultBaseURL ?? "http://localhost/v1"
        let path = URL(string: defaultBase)?.path ?? ""
        m.baseURL = "http://127.0.0.1:\(port)\(path)"
        return m
    }

    /// The built-in profiles, with each catalog entry's `faults:` applied to the model it names, and its
    /// `drift:` when it applies at `date` (the run's start).
    public static func profiles(for models: [ModelSpec], at date: Date = Date()) -> [SimulatedModelProfile] {
        SimulatedModelProfile.builtIn.map { profile in
            let entries = models.filter { $0.isSimulated && $0.model == profile.name }
            let faults = entries.reduce(into: [String: Double]()) { $0.merge($1.simulatedFaults) { _, b in b } }
            var changed = faults.isEmpty ? profile : profile.withFaults(faults)
            if let drift = entries.compactMap(\.simulatedDrift).last, drift.applies(at: date) { changed = changed.withDrift(drift) }
            return changed
        }
    }
}

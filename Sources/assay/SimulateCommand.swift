import ArgumentParser
import AssayCore
import AssayEngine
import AssaySimulator
import Foundation
import AssayReporting

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Serve the simulated provider fleet on loopback, in the foreground.")

    @Option(name: .long, help: "Port to listen on (0 picks a free one).")
    var port: Int = 8787

    @Option(name: .long, help: "Suite files or folders whose cases the fleet answers.")
    var suites: [String] = ["Suites"]

    @Option(name: .customLong("time-scale"), help: "Scale the fleet's latencies (1 = realistic, 0 = none).")
    var timeScale: Double = 1

    @Option(name: .long, help: "Seed for the fleet's answers and faults.")
    var seed: UInt64 = 42

    @Option(name: .long, help: "The model catalog whose sim/ entries say which wire format each simulated model speaks.")
    var models: String = "Suites/models.yaml"

    func run() async throws {
        let loaded: [Suite]
        do {
            loaded = try SuiteLoader.load(paths: suites)
        } catch let error as LoadError {
            Console.error("error: \(error)")
            throw ExitCode(65)
        }
        let catalog: ModelCatalog
        do {
            catalog = try CatalogLoader.load(path: models)
        } catch let error as LoadError {
            Console.error("error: \(error)")
            throw ExitCode(65)
        }
        let simulated = catalog.models.filter(\.isSimulated)
        let fleet = SimulatedFleet(profiles: SimulatedFleetScope.profiles(for: simulated), answerKey: SimulatedAnswerKey(suites: loaded), seed: seed, timeScale: max(0, timeScale))
        try await SimulatorServer.run(fleet: fleet, port: port) { bound in
            Console.say("Simulated fleet (\(RunSummary.simulatedNotice)) on http://127.0.0.1:\(bound); any key is accepted.")
            for model in simulated {
                let base = SimulatedFleetScope.pointAtSimulator(model, port: bound).baseURL ?? ""
                Console.say("  \(model.provider.padding(toLength: 12, withPad: " ", startingAt: 0)) \(model.model.padding(toLength: 14, withPad: " ", startingAt: 0)) base URL \(base)")
            }
            Console.say("Press Ctrl-C to stop.")
        }
    }
}

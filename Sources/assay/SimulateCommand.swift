import ArgumentParser
import AssayCore
import AssaySimulator
import Foundation

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Serve the simulated provider fleet on loopback, in the foreground.")

    @Option(name: .long, help: "Port to listen on (0 picks a free one).")
    var port: Int = 8787

    @Option(name: .long, help: "Suite files or folders whose cases the fleet answers.")
    var suites: [String] = ["Suites"]

    @Option(name: .long, help: "Seed for the fleet's answers and faults.")
    var seed: UInt64 = 42

    func run() async throws {
        let loaded: [Suite]
        do {
            loaded = try SuiteLoader.load(paths: suites)
        } catch let error as LoadError {
            printError("error: \(error)")
            throw ExitCode(65)
        }
        let fleet = SimulatedFleet(answerKey: SimulatedAnswerKey(suites: loaded), seed: seed)
        try await SimulatorServer.run(fleet: fleet, port: port) { bound in
            print("Simulated fleet (\(RunSummary_notice)) on http://127.0.0.1:\(bound)")
            for profile in SimulatedModelProfile.builtIn {
                print("  openai  \(profile.name)  base URL http://127.0.0.1:\(bound)/v1")
            }
            print("Press Ctrl-C to stop.")
        }
    }
}

let RunSummary_notice = RunSummary.simulatedNotice

import Foundation
import Synchronization
import Testing

/// What Assay prints while it runs reaches a pipe while it runs (a CI log, `| cat`, a script waiting for the
/// simulator's base URLs), not when the process exits: stdout is block-buffered without a terminal.
struct PipedOutputTests {
    /// Starts `assay` with stdout on a pipe and waits until a line containing `marker` has arrived, while the
    /// process still runs. Returns what arrived and whether the process was still running then.
    static func firstOutput(_ arguments: [String], until marker: String, environment: [String: String] = CLIRunner.cleanEnvironment) async throws
        -> (text: String, stillRunning: Bool)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRunner.executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = CLIRunner.root
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        let received = Mutex(Data())
        out.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            received.withLock { $0.append(chunk) }
        }
        try process.run()
        defer {
            out.fileHandleForReading.readabilityHandler = nil
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        for _ in 0..<300 {
            let text = String(decoding: received.withLock { $0 }, as: UTF8.self)
            if text.contains(marker) { return (text, process.isRunning) }
            try await Task.sleep(for: .milliseconds(50))
        }
        return (String(decoding: received.withLock { $0 }, as: UTF8.self), process.isRunning)
    }

    @Test func theSimulatorsBaseURLsArriveWhileItServes() async throws {
        let (text, running) = try await Self.firstOutput(["simulate", "--port", "0"], until: "Press Ctrl-C to stop.")
        #expect(text.contains("base URL http://127.0.0.1:"), "\(text)")
        #expect(running, "the lines came only when the simulator exited")
    }

    @Test func aRunsProgressArrivesWhileItRuns() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        var environment = CLIRunner.cleanEnvironment
        environment["ASSAY_PROGRESS"] = "plain"
        environment["ASSAY_PROGRESS_SECONDS"] = "0.2"
        let (text, running) = try await Self.firstOutput(
            ["run", "Suites/coding", "--sim-time-scale", "1", "--concurrency", "2", "--out", dir.appendingPathComponent("out").path,
             "--db", dir.appendingPathComponent("a.sqlite").path],
            until: " samples (", environment: environment)
        #expect(text.contains("Run "), "\(text)")
        #expect(text.contains(" samples ("), "no progress line arrived: \(text)")
        #expect(running, "the progress came only when the run exited")
    }
}

import AssayEngine
import Foundation
import UnixSignals

/// Ctrl-C stops a run gracefully instead of killing the process: the first asks the run to stop
/// scheduling (the engine lets the calls in flight finish for the grace period, then cancels only them,
/// and writes the reports marked incomplete); a second exits at once.
enum Interrupts {
    static func stoppingOnSIGINT<T: Sendable>(
        _ stop: RunStopSignal, grace: Duration, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let signals = await UnixSignalsSequence(trapping: .sigint)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                var interrupts = 0
                for await _ in signals {
                    interrupts += 1
                    if interrupts > 1 { exit(130) }
                    Console.status("\nStopping: no new calls; waiting up to \(Int(grace.components.seconds)) s for calls in flight. Press Ctrl-C again to quit at once.\n")
                    stop.stop(.interrupted, because: "stopped by Ctrl-C")
                }
                return nil
            }
            group.addTask { try await body() }
            while let result = try await group.next() {
                if let value = result {
                    group.cancelAll()
                    return value
                }
            }
            throw CancellationError()
        }
    }
}

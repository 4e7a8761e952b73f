import Dispatch
import AssayEngine
import Foundation
import AssayCore

/// Ctrl-C cancels the running work (which stops scheduling and writes what it has) instead of
/// killing the process; a second Ctrl-C exits at once.
enum Interrupts {
    /// The first Ctrl-C asks the run to stop scheduling (`stop`) and lets the calls in flight finish for up
    /// to `grace`, then cancels them; the run then writes its reports marked incomplete. A second Ctrl-C
    /// exits at once.
    static func stoppingOnSIGINT<T: Sendable>(
        _ stop: RunStopSignal, grace: Duration = .seconds(5), _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let task = Task { try await body() }
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let count = Counter()
        source.setEventHandler {
            if count.increment() > 1 { exit(130) }
            FileHandle.standardError.write(Data("\nStopping: no new calls; waiting up to \(Int(grace.milliseconds / 1000)) s for calls in flight. Press Ctrl-C again to quit at once.\n".utf8))
            stop.stop(.interrupted, because: "stopped by Ctrl-C")
            Task {
                try? await Task.sleep(for: grace)
                task.cancel()
            }
        }
        source.resume()
        defer { source.cancel() }
        return try await task.value
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func increment() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}

import Dispatch
import Foundation

/// Ctrl-C cancels the running work (which stops scheduling and writes what it has) instead of
/// killing the process; a second Ctrl-C exits at once.
enum Interrupts {
    static func cancellingOnSIGINT<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let count = Counter()
        source.setEventHandler {
            if count.increment() > 1 { exit(130) }
            FileHandle.standardError.write(Data("\nStopping: no new calls; press Ctrl-C again to quit at once.\n".utf8))
            task.cancel()
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

import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Leases sandbox user IDs, one per concurrent run, so that no two runs share a process count, a directory or a
/// kill. A lease holds an exclusive `flock` on a file in a directory only root can enter, so runs in other Assay
/// processes on the machine skip it too; an ID with live processes (a run still ending elsewhere) is skipped.
final class SandboxUsers: Sendable {
    static let shared = SandboxUsers()

    private struct State {
        var held: Set<UInt32> = []
        /// Where the next search starts: IDs are handed out in turn, so one just released is not reused at once.
        var cursor = Int.random(in: 0..<1 << 20)
    }

    private let state = Mutex(State())

    /// One leased ID; released once, however many times `release` is called.
    final class Lease: Sendable {
        let uid: UInt32
        private let fd: Int32
        private let owner: SandboxUsers
        private let released = Mutex(false)

        init(uid: UInt32, fd: Int32, owner: SandboxUsers) {
            self.uid = uid
            self.fd = fd
            self.owner = owner
        }

        func release() {
            let first = released.withLock { released -> Bool in
                defer { released = true }
                return !released
            }
            guard first else { return }
            close(fd)
            owner.state.withLock { _ = $0.held.remove(uid) }
        }
    }

    /// Waits up to a minute for a free ID; nil at once when there is nowhere safe for the lock files.
    func lease(from range: ClosedRange<UInt32>) async -> Lease? {
        guard SandboxUsers.lockDirectory() != nil else { return nil }
        for _ in 0..<1200 {
            if let lease = tryLease(from: range) { return lease }
            if Task.isCancelled { return nil }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    func tryLease(from range: ClosedRange<UInt32>) -> Lease? {
        guard let directory = SandboxUsers.lockDirectory() else { return nil }
        let busy = Set(PythonSandbox.processes(ofUsers: range).map(\.uid))
        let leased = state.withLock { state -> (uid: UInt32, fd: Int32)? in
            let count = Int(range.upperBound - range.lowerBound) + 1
            for step in 0..<count {
                let uid = range.lowerBound + UInt32((state.cursor + step) % count)
                // Never root; never an ID something else is running as.
                if uid == 0 || state.held.contains(uid) || busy.contains(uid) { continue }
                let fd = open("\(directory)/uid-\(uid).lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
                if fd < 0 { continue }
                if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                    close(fd)
                    continue
                }
                state.held.insert(uid)
                state.cursor = (state.cursor + step + 1) % count
                return (uid, fd)
            }
            return nil
        }
        return leased.map { Lease(uid: $0.uid, fd: $0.fd, owner: self) }
    }

    /// A directory for the lock files that only root can enter (so no sandboxed program can hold a lock).
    static func lockDirectory() -> String? {
        for path in ["/run/assay-sandbox", NSTemporaryDirectory() + "/assay-sandbox-users"] {
            _ = mkdir(path, 0o700)
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid() else { continue }
            if info.st_mode & 0o077 != 0, chmod(path, 0o700) != 0 { continue }
            return path
        }
        return nil
    }
}

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The run's directory and the processes a program leaves behind: found from /proc and killed.
extension PythonSandbox {
    /// Where run directories go: the temporary directory, unless the run's user could not reach into it (a TMPDIR
    /// under /root), then /tmp.
    static func runsDirectory(reachableByOthers: Bool) -> URL {
        let temporary = FileManager.default.temporaryDirectory
        guard reachableByOthers else { return temporary }
        var path = temporary.resolvingSymlinksInPath().path
        while !path.isEmpty && path != "/" {
            var info = stat()
            if stat(path, &info) != 0 || info.st_mode & 0o001 == 0 { return URL(fileURLWithPath: "/tmp") }
            path = (path as NSString).deletingLastPathComponent
        }
        return temporary
    }

    static func readPrefix(_ path: String, bytes: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: bytes + 1)) ?? Data()
        var text = String(decoding: data.prefix(bytes), as: UTF8.self)
        if data.count > bytes { text += "\n[output truncated]" }
        return text
    }

    /// Removes the run's directory whatever the program did to it (as the current user, a directory it made
    /// unreadable would otherwise stay).
    static func removeTree(_ url: URL) {
        let fm = FileManager.default
        if (try? fm.removeItem(at: url)) != nil || !fm.fileExists(atPath: url.path) { return }
        if let walker = fm.enumerator(atPath: url.path) {
            chmod(url.path, 0o700)
            while let relative = walker.nextObject() as? String {
                let path = url.appendingPathComponent(relative).path
                var info = stat()
                if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { chmod(path, 0o700) }
            }
        }
        try? fm.removeItem(at: url)
    }

    // MARK: Processes left behind

    /// Live processes whose real, effective or saved user ID is in `uids` (zombies are left out: they run nothing).
    static func processes(ofUsers uids: ClosedRange<UInt32>) -> [(pid: Int32, uid: UInt32)] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var found: [(Int32, UInt32)] = []
        for entry in entries {
            guard let pid = Int32(entry),
                let status = try? String(contentsOfFile: "/proc/\(entry)/status", encoding: .utf8)
            else { continue }
            var ids: [UInt32] = []
            var zombie = false
            for line in status.split(separator: "\n") {
                if line.hasPrefix("State:") {
                    zombie = line.contains("Z (zombie)") || line.contains("X (dead)")
                } else if line.hasPrefix("Uid:") {
                    ids = line.dropFirst(4).split(whereSeparator: { $0 == "\t" || $0 == " " }).prefix(3).compactMap { UInt32($0) }
                    break
                }
            }
            if !zombie, let hit = ids.first(where: { uids.contains($0) }) { found.append((pid, hit)) }
        }
        return found
    }

    /// Kills every process of `uid` and waits until none is left. The kill is `kill(-1, SIGKILL)` made as that user:
    /// the kernel sends it to all the user's processes at once (a fork bomb cannot outrun it) and to no one else's.
    static func killProcesses(ofUser uid: UInt32, python: String) async {
        guard uid != 0 else { return }
        for attempt in 0..<100 {
            if processes(ofUsers: uid...uid).isEmpty { return }
            if attempt % 10 == 0 {
                _ = runQuick(
                    ["/usr/bin/env"] + setpriv(uid) + [python, "-I", "-S", "-c", "import os, signal; os.kill(-1, signal.SIGKILL)"])
            }
            await pause(milliseconds: 20)
        }
    }

    /// A pause that cancellation does not cut short: the clean-up it paces must finish.
    static func pause(milliseconds: Int) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { done.resume() }
        }
    }

    /// Kills `root` and its descendants, children first found from /proc (a stopped parent cannot fork again).
    static func killTree(_ root: Int32) {
        kill(root, SIGSTOP)
        var tree = [root]
        var index = 0
        let parents = parentsByPid()
        while index < tree.count {
            let parent = tree[index]
            for (pid, ppid) in parents where ppid == parent && !tree.contains(pid) {
                kill(pid, SIGSTOP)
                tree.append(pid)
            }
            index += 1
        }
        for pid in tree.reversed() { kill(pid, SIGKILL) }
    }

    static func parentsByPid() -> [(pid: Int32, ppid: Int32)] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry in
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, let ppid = Int32(fields[1]) else { return nil }
            return (pid, ppid)
        }
    }

    /// Kills every process of session `sid` (the run's, when it runs as the current user without a PID namespace).
    static func killSession(_ sid: Int32) async {
        guard sid > 1, sid != getsid(0) else { return }
        for _ in 0..<50 {
            var left = 0
            for pid in sessionMembers(sid) {
                kill(pid, SIGKILL)
                left += 1
            }
            if left == 0 { return }
            await pause(milliseconds: 20)
        }
    }

    static func sessionMembers(_ sid: Int32) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            // After "pid (comm)": state ppid pgrp session ...
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 3, fields[0] != "Z", fields[0] != "X", Int32(fields[3]) == sid else { return nil }
            return pid
        }
    }
}

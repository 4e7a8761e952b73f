public import AssayCore
public import Foundation

#if canImport(Glibc)
public import Glibc
#elseif canImport(Musl)
public import Musl
#elseif canImport(Darwin)
public import Darwin
#endif

/// Runs model-written Python in a contained child process:
///
/// - its own session and process group under `timeout` (the group is killed whole at the wall-clock limit), in a new
///   PID namespace where the system allows it (when the program ends, the kernel kills everything it left behind);
/// - as a user of its own when Assay runs as root (`setpriv`, one user ID per concurrent run from
///   `Limits.userIDs`, no groups, no capabilities, no new privileges), so that the process-count limit counts the
///   run's processes and no others, file permissions stop it writing outside its directory, and every process of
///   that user can be killed after the run;
/// - under `prlimit` limits: CPU, address space, file size, processes, no core files;
/// - with writes restricted to its own empty working directory by Landlock where the kernel has it (so world-writable
///   directories such as /tmp are closed too), TCP bind and connect refused, and signals to processes outside
///   the sandbox refused (Landlock ABI 6);
/// - with an environment of nothing but PATH, HOME, TMPDIR and LANG (so no credentials), no network when a network
///   namespace can be made, and its output truncated.
///
/// Whatever cannot be applied on this system is named in `notes` (and in every result's `notes`); no notes means
/// every containment above is in force.
public struct PythonSandbox: CodeRunner {
    public struct Limits: Sendable {
        public var wallSeconds: Double = 10
        public var cpuSeconds: Int = 10
        public var memoryBytes: Int = 1 << 30
        public var fileBytes: Int = 8 << 20
        public var processes: Int = 64
        public var outputBytes: Int = 8 * 1024
        /// The user IDs programs run as when Assay runs as root, one per concurrent run (across Assay processes too:
        /// each is leased under a lock file). They must belong to nothing else on the machine: the process-count limit
        /// counts every process of the user, and after each run every process of its user is killed. Runs wait for a
        /// free one, so the range bounds how many run at once on the machine.
        public var userIDs: ClosedRange<UInt32> = 2_100_000_000...2_100_000_063
        public init() {}
    }

    /// A containment the sandbox could not apply on this system.
    public enum Containment: String, Sendable, CaseIterable {
        /// No network namespace: the program can reach the network (TCP may still be refused by Landlock).
        case network
        /// The program runs as the current user: RLIMIT_NPROC counts all that user's processes (and does not apply
        /// to root), and only Landlock keeps it from writing where that user may.
        case separateUser
        /// No Landlock: writes are limited by file permissions only, and world-writable directories (/tmp) are open.
        case fileSystem
        /// Neither a PID namespace nor a user of its own: a background process that starts its own session can
        /// outlive the run.
        case processLifetime

        public var note: String {
            switch self {
            case .network: "no network namespace on this system: network not isolated"
            case .separateUser: "runs as the current user: process-count and file-system limits are weaker"
            case .fileSystem:
                "no Landlock on this system: the program can write outside its directory wherever file permissions allow (e.g. /tmp)"
            case .processLifetime:
                "no PID namespace on this system: a background process that starts its own session can outlive the run"
            }
        }
    }

    /// A run and the user it ran as (nil when it ran as the current user).
    public struct Run: Sendable {
        public var result: CodeRunResult
        public var userID: UInt32?
    }

    /// What this system allows, probed once per process.
    package struct Isolation: Sendable {
        /// The interpreter, one the sandbox user can run.
        package var python: String
        /// Run as a leased user ID through `setpriv` (requires root).
        package var separateUser: Bool
        package var networkNamespace: Bool
        package var pidNamespace: Bool
        /// `--map-root-user` is needed to make namespaces (not root).
        package var mapRootUser: Bool
        /// 0 when the kernel has no Landlock.
        package var landlockABI: Int

        package var missing: [Containment] {
            var out: [Containment] = []
            if !networkNamespace { out.append(.network) }
            if !separateUser { out.append(.separateUser) }
            if landlockABI < 1 { out.append(.fileSystem) }
            if !pidNamespace && !separateUser { out.append(.processLifetime) }
            return out
        }

        var unshare: [String] {
            guard networkNamespace || pidNamespace else { return [] }
            return ["unshare"] + (mapRootUser ? ["--map-root-user"] : []) + (networkNamespace ? ["--net"] : [])
                + (pidNamespace ? ["--pid", "--fork", "--kill-child"] : []) + ["--"]
        }
    }

    let limits: Limits
    let isolation: Isolation
    let gate: AsyncSemaphore

    /// Finds the Python interpreter and probes what isolation the system allows.
    /// - Throws: `SandboxError` when no Python 3 can be found.
    public init(limits: Limits = Limits(), parallelism: Int = 2) throws {
        guard let isolation = PythonSandbox.probed else {
            throw SandboxError(message: "python3 was not found on PATH; the code-tests grader needs it")
        }
        self.init(limits: limits, parallelism: parallelism, isolation: isolation)
    }

    /// With the isolation given instead of probed: for tests of the fallbacks.
    package init(limits: Limits, parallelism: Int, isolation: Isolation) {
        self.limits = limits
        self.isolation = isolation
        self.gate = AsyncSemaphore(limit: parallelism)
    }

    /// What this system allows (nil without Python).
    package static var probedIsolation: Isolation? { probed }

    /// Containments that could not be applied on this system.
    public var missing: [Containment] { isolation.missing }

    /// Notes about isolation that could not be applied; empty when every containment is in force.
    public var notes: [String] { missing.map(\.note) }

    /// Probed once per process: the probes start programs and wait for them.
    static let probed: Isolation? = findPython().map { probe(interpreter: $0) }

    static func findPython() -> String? {
        // Resolve the real interpreter once: shims (pyenv) need environment variables the sandbox removes.
        for candidate in ["python3", "/usr/bin/python3"] {
            let result = runQuick(["/usr/bin/env", candidate, "-c", "import sys; print(sys.executable)"])
            if result.status == 0, let path = result.output.split(separator: "\n").first, !path.isEmpty {
                return String(path)
            }
        }
        return nil
    }

    static func setpriv(_ uid: UInt32) -> [String] {
        ["setpriv", "--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", "--no-new-privs", "--"]
    }

    static func probe(interpreter: String) -> Isolation {
        var isolation = Isolation(
            python: interpreter, separateUser: false, networkNamespace: false, pidNamespace: false, mapRootUser: false,
            landlockABI: 0)
        let root = geteuid() == 0
        if root, runQuick(["/usr/bin/env", "setpriv", "--version"]).status == 0 {
            // The user must be able to run the interpreter: one under /root (pyenv) is out of its reach. Probed the
            // way runs start it, through prlimit: setpriv itself still holds root's capabilities while it execs.
            let uid = Limits().userIDs.lowerBound
            var candidates = [interpreter]
            for other in ["/usr/bin/python3", "/usr/local/bin/python3"] where !candidates.contains(other) {
                candidates.append(other)
            }
            let check = "import ctypes, json, os, sys; sys.exit(0 if os.access(sys.executable, os.X_OK) else 1)"
            for candidate in candidates
            where runQuick(["/usr/bin/env"] + setpriv(uid) + ["prlimit", "--core=0", "--", candidate, "-I", "-c", check]).status == 0 {
                isolation.python = candidate
                isolation.separateUser = true
                break
            }
        }
        // As root the namespaces need no user namespace (and setpriv could not switch to an unmapped user inside one).
        isolation.mapRootUser = !root
        for (net, pid) in [(true, true), (true, false), (false, true)] {
            isolation.networkNamespace = net
            isolation.pidNamespace = pid
            if runQuick(["/usr/bin/env"] + isolation.unshare + ["true"]).status == 0 { break }
            isolation.networkNamespace = false
            isolation.pidNamespace = false
        }
        let abi = runQuick([isolation.python, "-I", "-c", bootstrapSource, "--probe"])
        if abi.status == 0, let value = Int(abi.output.trimmingCharacters(in: .whitespacesAndNewlines)) {
            isolation.landlockABI = max(0, value)
        }
        return isolation
    }

    static func runQuick(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return (-1, "")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    public func runPython(_ program: String) async -> CodeRunResult {
        await runPythonReportingUser(program).result
    }

    /// Runs a program like `runPython` and also says which user it ran as.
    public func runPythonReportingUser(_ program: String) async -> Run {
        await gate.acquire()
        let run = await runContained(program)
        await gate.release()
        return run
    }

    func failure(_ message: String) -> Run {
        Run(result: CodeRunResult(exitCode: nil, timedOut: false, output: message, durationMs: 0, notes: notes), userID: nil)
    }

    func runContained(_ program: String) async -> Run {
        var lease: SandboxUsers.Lease?
        if isolation.separateUser {
            guard let leased = await SandboxUsers.shared.lease(from: limits.userIDs) else {
                return failure("sandbox set-up failed: no free user ID in \(limits.userIDs)")
            }
            lease = leased
        }
        defer { lease?.release() }
        let uid = lease?.uid

        let fm = FileManager.default
        let base = PythonSandbox.runsDirectory(reachableByOthers: uid != nil).appendingPathComponent(
            "assay-sandbox-\(UUID().uuidString)")
        let work = base.appendingPathComponent("work")
        let code = base.appendingPathComponent("code")
        let outputFile = base.appendingPathComponent("output.txt")
        let sessionFile = base.appendingPathComponent("session")
        // Set-up: base (0711, ours) holds the work directory (0700, the run's user), the code (0755, read-only to the
        // run) and the output file (0600: the run only gets its descriptor).
        do {
            try fm.createDirectory(at: work, withIntermediateDirectories: true)
            try fm.createDirectory(at: code, withIntermediateDirectories: true)
            try Data(program.utf8).write(to: code.appendingPathComponent("main.py"))
            try Data(PythonSandbox.bootstrapSource.utf8).write(to: code.appendingPathComponent("bootstrap.py"))
            guard fm.createFile(atPath: outputFile.path, contents: nil) else { throw SandboxError(message: "output file") }
            chmod(base.path, 0o711)
            chmod(code.path, 0o755)
            chmod(code.appendingPathComponent("main.py").path, 0o644)
            chmod(code.appendingPathComponent("bootstrap.py").path, 0o644)
            chmod(outputFile.path, 0o600)
            chmod(work.path, 0o700)
            if let uid, chown(work.path, uid, uid) != 0 {
                throw SandboxError(message: "chown of the work directory: \(String(cString: strerror(errno)))")
            }
        } catch {
            PythonSandbox.removeTree(base)
            return failure("sandbox set-up failed: \(error)")
        }
        // Without a PID namespace or a user of its own, the run's session is what is left to find its processes by.
        let trackSession = !isolation.pidNamespace && uid == nil
        var arguments = [
            "-i", "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=\(work.path)", "TMPDIR=\(work.path)", "LANG=C.UTF-8",
            "PYTHONHASHSEED=0", "PYTHONDONTWRITEBYTECODE=1",
            // A new session, waited for; inside it `timeout` leads its own process group and kills the
            // whole group (the program and anything it forked) at the wall-clock limit.
            "setsid", "--wait", "timeout", "--signal=KILL", String(format: "%.1f", limits.wallSeconds),
        ]
        // Namespaces first (they need the privilege), then the user switch, then the limits, which then count
        // that user's processes.
        arguments += isolation.unshare
        if let uid { arguments += PythonSandbox.setpriv(uid) }
        arguments += [
            "prlimit", "--cpu=\(limits.cpuSeconds)", "--as=\(limits.memoryBytes)", "--fsize=\(limits.fileBytes)",
            "--nproc=\(limits.processes)", "--core=0", "--",
            isolation.python, "-I", "-B", code.appendingPathComponent("bootstrap.py").path,
            work.path, code.appendingPathComponent("main.py").path, String(isolation.landlockABI),
            trackSession ? sessionFile.path : "-",
        ]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = work
        guard let handle = try? FileHandle(forWritingTo: outputFile) else {
            PythonSandbox.removeTree(base)
            return failure("sandbox output file failed")
        }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        let clock = ContinuousClock()
        let start = clock.now
        let exited = ExitSignal()
        process.terminationHandler = { _ in exited.fire() }
        do {
            try process.run()
        } catch {
            try? handle.close()
            PythonSandbox.removeTree(base)
            return failure("could not start python: \(error)")
        }
        let pid = process.processIdentifier
        // `timeout` enforces the limit inside; this is the backstop should it fail to.
        var finished = await exited.wait(timeout: .milliseconds(Int(limits.wallSeconds * 1000) + 3000))
        if !finished {
            // Over time, or the run is being stopped: kill it, all the way down (setsid may have forked, so the
            // session is not known here), and wait for the exit, which SIGKILL makes certain (reading the status of a
            // running process traps).
            PythonSandbox.killTree(pid)
            await exited.waitUntilFired()
        }
        let duration = (clock.now - start)
        let ms = duration.milliseconds
        // Whatever the program left running dies now: with a user of its own, every process of that user; without,
        // every process of its session (a PID namespace has already taken them with the program).
        if let uid {
            await PythonSandbox.killProcesses(ofUser: uid, python: isolation.python)
        } else if trackSession, let text = try? String(contentsOf: sessionFile, encoding: .utf8),
            let sid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), sid > 1
        {
            await PythonSandbox.killSession(sid)
        }
        // timeout(1) kills its whole group, itself included, so setsid reports a signal, not 124:
        // a run that failed after lasting the whole limit timed out.
        let status = process.terminationStatus
        let timedOut = !finished || status == 124 || (status != 0 && ms >= limits.wallSeconds * 1000 - 20)
        if timedOut { finished = false }
        try? handle.close()
        let output = PythonSandbox.readPrefix(outputFile.path, bytes: limits.outputBytes)
        PythonSandbox.removeTree(base)
        return Run(
            result: CodeRunResult(
                exitCode: finished ? status : nil, timedOut: timedOut, output: output, durationMs: ms, notes: notes),
            userID: uid)
    }

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

    // MARK: The bootstrap

    /// Runs first, as the run's user and under its limits: makes no new privileges certain, records the session
    /// when asked, restricts writes to the work directory with Landlock (fails closed when that was probed to work
    /// and then does not), then replaces itself with the program. `--probe` prints the Landlock ABI (0 for none).
    /// Arguments: work directory, program, Landlock ABI to apply (0: none), session file (or "-").
    static let bootstrapSource = #"""
        import ctypes, os, sys

        L = ctypes.c_long

        def fail(message):
            os.write(2, ("assay sandbox: " + message + "\n").encode())
            os._exit(125)

        def landlock_abi(libc):
            abi = libc.syscall(L(444), None, L(0), L(1))  # landlock_create_ruleset(NULL, 0, VERSION)
            return abi if abi > 0 else 0

        def restrict(libc, abi, work):
            fs = 0
            for bit in (1, 4, 5, 6, 7, 8, 9, 10, 11, 12):  # write_file, remove_dir, remove_file, make_*
                fs |= 1 << bit
            if abi >= 2:
                fs |= 1 << 13  # refer
            if abi >= 3:
                fs |= 1 << 14  # truncate
            net = 3 if abi >= 4 else 0  # bind_tcp, connect_tcp: handled, never allowed
            scoped = 3 if abi >= 6 else 0  # abstract unix sockets, signals: only inside the sandbox

            class Ruleset(ctypes.Structure):
                _fields_ = [("fs", ctypes.c_uint64), ("net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]

            class PathBeneath(ctypes.Structure):
                _pack_ = 1
                _fields_ = [("allowed", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]

            attr = Ruleset(fs, net, scoped)
            size = 24 if abi >= 6 else 16 if abi >= 4 else 8
            ruleset = libc.syscall(L(444), ctypes.byref(attr), L(size), L(0))
            if ruleset < 0:
                fail("landlock_create_ruleset: " + os.strerror(ctypes.get_errno()))
            null = (1 << 1) | ((1 << 14) if abi >= 3 else 0)
            for path, allowed in ((work, fs), ("/dev/null", null)):
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                rule = PathBeneath(allowed, fd)
                if libc.syscall(L(445), L(ruleset), L(1), ctypes.byref(rule), L(0)) != 0:
                    fail("landlock_add_rule " + path + ": " + os.strerror(ctypes.get_errno()))
                os.close(fd)
            if libc.syscall(L(446), L(ruleset), L(0)) != 0:
                fail("landlock_restrict_self: " + os.strerror(ctypes.get_errno()))
            os.close(ruleset)

        def main(args):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.syscall.restype = ctypes.c_long
            if args[:1] == ["--probe"]:
                print(landlock_abi(libc))
                return
            work, program, want, session = args
            if libc.prctl(ctypes.c_int(38), L(1), L(0), L(0), L(0)) != 0:  # PR_SET_NO_NEW_PRIVS
                fail("no_new_privs: " + os.strerror(ctypes.get_errno()))
            if session != "-":
                with open(session, "w") as f:
                    f.write(str(os.getsid(0)))
            if int(want) > 0:
                abi = landlock_abi(libc)
                if abi < 1:
                    fail("Landlock is not available")
                restrict(libc, abi, work)
            # Descriptors the program must not hold: Foundation's termination socket among them (whoever holds it
            # keeps the run from being seen to end).
            os.closerange(3, os.sysconf("SC_OPEN_MAX"))
            os.execv(sys.executable, [sys.executable, "-I", "-B", program])

        main(sys.argv[1:])
        """#
}

/// Leases sandbox user IDs, one per concurrent run, so that no two runs share a process count, a directory or a
/// kill. A lease holds an exclusive `flock` on a file in a directory only root can enter, so runs in other Assay
/// processes on the machine skip it too; an ID with live processes (a run still ending elsewhere) is skipped.
final class SandboxUsers: @unchecked Sendable {
    static let shared = SandboxUsers()

    private let lock = NSLock()
    private var held: Set<UInt32> = []
    /// Where the next search starts: IDs are handed out in turn, so one just released is not reused at once.
    private var cursor = Int.random(in: 0..<1 << 20)

    final class Lease: @unchecked Sendable {
        let uid: UInt32
        private let fd: Int32
        private let owner: SandboxUsers
        private var released = false

        init(uid: UInt32, fd: Int32, owner: SandboxUsers) {
            self.uid = uid
            self.fd = fd
            self.owner = owner
        }

        func release() {
            guard !released else { return }
            released = true
            close(fd)
            owner.lock.lock()
            owner.held.remove(uid)
            owner.lock.unlock()
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
        lock.lock()
        defer { lock.unlock() }
        let count = Int(range.upperBound - range.lowerBound) + 1
        for step in 0..<count {
            let uid = range.lowerBound + UInt32((cursor + step) % count)
            // Never root; never an ID something else is running as.
            if uid == 0 || held.contains(uid) || busy.contains(uid) { continue }
            let fd = open("\(directory)/uid-\(uid).lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
            if fd < 0 { continue }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                close(fd)
                continue
            }
            held.insert(uid)
            cursor = (cursor + step + 1) % count
            return Lease(uid: uid, fd: fd, owner: self)
        }
        return nil
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

/// A one-shot signal a termination handler fires and an async caller awaits with a timeout.
final class ExitSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false
    private var abandoned = false
    private var waiter: CheckedContinuation<Bool, Never>?

    func fire() {
        lock.lock()
        fired = true
        let w = waiter
        waiter = nil
        lock.unlock()
        w?.resume(returning: true)
    }

    private func register(_ c: CheckedContinuation<Bool, Never>) {
        lock.lock()
        if fired || abandoned {
            let result = fired
            lock.unlock()
            c.resume(returning: result)
        } else {
            waiter = c
            lock.unlock()
        }
    }

    private func abandon() {
        lock.lock()
        abandoned = true
        let w = waiter
        waiter = nil
        lock.unlock()
        w?.resume(returning: false)
    }

    private func reset() {
        lock.lock()
        abandoned = false
        lock.unlock()
    }

    /// Waits for the signal with no timeout and regardless of cancellation.
    func waitUntilFired() async {
        reset()
        _ = await withCheckedContinuation { self.register($0) }
    }

    /// True when fired before the timeout.
    func wait(timeout: Duration) async -> Bool {
        reset()
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { await withCheckedContinuation { self.register($0) } }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            if !first { abandon() }
            group.cancelAll()
            await group.waitForAll()
            return first
        }
    }
}

/// The sandbox cannot be used.
public struct SandboxError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

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
}

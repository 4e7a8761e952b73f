import AssayCore
import Foundation

/// Runs model-written Python in a contained child process: its own session and process group
/// (killed whole on timeout), CPU, memory, file-size and process-count limits (prlimit), an empty
/// temporary working directory, an environment with nothing but PATH, HOME and LANG (so no
/// credentials), no network when a network namespace can be made, and output truncated.
public struct PythonSandbox: CodeRunner {
    public struct Limits: Sendable {
        public var wallSeconds: Double = 10
        public var cpuSeconds: Int = 10
        public var memoryBytes: Int = 1 << 30
        public var fileBytes: Int = 8 << 20
        public var processes: Int = 64
        public var outputBytes: Int = 8 * 1024
        public init() {}
    }

    let python: String
    let limits: Limits
    let isolateNetwork: [String]?
    let gate: AsyncSemaphore

    /// Finds the Python interpreter and probes what isolation the system allows.
    /// - Throws: `SandboxError` when no Python 3 can be found.
    public init(limits: Limits = Limits(), parallelism: Int = 2) throws {
        self.limits = limits
        self.gate = AsyncSemaphore(limit: parallelism)
        guard let python = PythonSandbox.interpreter else {
            throw SandboxError(message: "python3 was not found on PATH; the code-tests grader needs it")
        }
        self.python = python
        isolateNetwork = PythonSandbox.networkIsolation
    }

    /// Notes about isolation that could not be applied.
    public var notes: [String] {
        isolateNetwork == nil ? ["no network namespace on this system: network not isolated"] : []
    }

    /// Probed once per process: the probes start programs and wait for them.
    static let interpreter: String? = findPython()
    static let networkIsolation: [String]? = probeNetworkNamespace()

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

    static func probeNetworkNamespace() -> [String]? {
        for command in [["unshare", "--net", "--map-root-user"], ["unshare", "--net"]] {
            if runQuick(["/usr/bin/env"] + command + ["true"]).status == 0 { return command }
        }
        return nil
    }

    static func runQuick(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
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
        await gate.acquire()
        let result = await runContained(program)
        await gate.release()
        return result
    }

    func runContained(_ program: String) async -> CodeRunResult {
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("assay-sandbox-\(UUID().uuidString)")
        let work = base.appendingPathComponent("work")
        let code = base.appendingPathComponent("code")
        let outputFile = base.appendingPathComponent("output.txt")
        defer { try? fm.removeItem(at: base) }
        do {
            try fm.createDirectory(at: work, withIntermediateDirectories: true)
            try fm.createDirectory(at: code, withIntermediateDirectories: true)
            try Data(program.utf8).write(to: code.appendingPathComponent("main.py"))
            _ = fm.createFile(atPath: outputFile.path, contents: nil)
        } catch {
            return CodeRunResult(exitCode: nil, timedOut: false, output: "sandbox set-up failed: \(error)", durationMs: 0, notes: notes)
        }
        var arguments = [
            "-i", "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=\(work.path)", "LANG=C.UTF-8", "PYTHONHASHSEED=0",
            "PYTHONDONTWRITEBYTECODE=1",
            // A new session, waited for; inside it `timeout` leads its own process group and kills the
            // whole group (the program and anything it forked) at the wall-clock limit.
            "setsid", "--wait", "timeout", "--signal=KILL", String(format: "%.1f", limits.wallSeconds),
        ]
        arguments += isolateNetwork ?? []
        arguments += [
            "prlimit", "--cpu=\(limits.cpuSeconds)", "--as=\(limits.memoryBytes)", "--fsize=\(limits.fileBytes)",
            "--nproc=\(limits.processes)", "--core=0", "--",
            python, "-I", "-B", code.appendingPathComponent("main.py").path,
        ]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = work
        guard let handle = try? FileHandle(forWritingTo: outputFile) else {
            return CodeRunResult(exitCode: nil, timedOut: false, output: "sandbox output file failed", durationMs: 0, notes: notes)
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
            return CodeRunResult(exitCode: nil, timedOut: false, output: "could not start python: \(error)", durationMs: 0, notes: notes)
        }
        let pid = process.processIdentifier
        // `timeout` enforces the limit inside; this is the backstop should it fail to.
        var finished = await exited.wait(timeout: .milliseconds(Int(limits.wallSeconds * 1000) + 3000))
        if !finished {
            // Over time, or the run is being stopped: kill it and wait for the exit, which SIGKILL makes certain
            // (reading the status of a running process traps).
            kill(pid, SIGKILL)
            await exited.waitUntilFired()
        }
        let duration = (clock.now - start)
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        // timeout(1) kills its whole group, itself included, so setsid reports a signal, not 124:
        // a run that failed after lasting the whole limit timed out.
        let status = process.terminationStatus
        let timedOut = !finished || status == 124 || (status != 0 && ms >= limits.wallSeconds * 1000 - 20)
        if timedOut { finished = false }
        try? handle.close()
        let output = PythonSandbox.readPrefix(outputFile.path, bytes: limits.outputBytes)
        return CodeRunResult(
            exitCode: finished ? status : nil, timedOut: timedOut, output: output, durationMs: ms,
            notes: notes)
    }

    static func readPrefix(_ path: String, bytes: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: bytes + 1)) ?? Data()
        var text = String(decoding: data.prefix(bytes), as: UTF8.self)
        if data.count > bytes { text += "\n[output truncated]" }
        return text
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

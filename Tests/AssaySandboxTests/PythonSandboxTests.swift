import AssayCore
import AssaySandbox
import Foundation
import Testing
import AssayGrading

struct PythonSandboxTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func sandbox(wall: Double = 10) throws -> PythonSandbox {
        var limits = PythonSandbox.Limits()
        limits.wallSeconds = wall
        return try PythonSandbox(limits: limits)
    }

    @Test func everyCodingTaskPassesWithItsReferenceAndFailsWithItsWrongVariant() async throws {
        let suite = try SuiteLoader.load(file: Self.root.appendingPathComponent("Suites/coding/suite.yaml").path)
        #expect(suite.cases.count >= 30)
        let sandbox = try sandbox()
        for task in suite.cases {
            let prompt = try #require(task.vars["prompt"]?.stringValue)
            let test = try #require(task.vars["test"]?.stringValue)
            let entry = try #require(task.vars["entry_point"]?.stringValue)
            let good = CodeExtraction.program(prompt: prompt, completion: try #require(task.vars["canonical_solution"]?.stringValue), test: test, entryPoint: entry)
            let bad = CodeExtraction.program(prompt: prompt, completion: try #require(task.vars["wrong_solution"]?.stringValue), test: test, entryPoint: entry)
            let passed = await sandbox.runPython(good)
            #expect(passed.succeeded, "\(task.id) reference failed: \(passed.output)")
            let failed = await sandbox.runPython(bad)
            #expect(!failed.succeeded, "\(task.id) wrong variant passed")
            #expect(failed.output.contains("AssertionError"), "\(task.id): \(failed.output)")
        }
    }

    /// A prompt that defines a helper the tests call (as HumanEval 10, 32, 38 and 50 do), answered in every
    /// form models use: the body only, the whole function fenced, the function with prose and a usage
    /// example, and the whole program with the helper repeated. All are correct, so all must pass.
    @Test func everyAnswerFormOfAPromptWithAHelperPasses() async throws {
        let prompt = "def is_palindrome(s: str) -> bool:\n    return s == s[::-1]\n\n\ndef shortest_palindrome(s: str) -> str:\n    \"\"\"Shortest palindrome that begins with s.\"\"\"\n"
        let test = "def check(candidate):\n    assert candidate('cat') == 'catac'\n    assert is_palindrome(candidate('ab'))\n"
        let body = "    for i in range(len(s) + 1):\n        if is_palindrome(s[i:]):\n            return s + s[:i][::-1]\n"
        let function = "def shortest_palindrome(s: str) -> str:\n" + body
        let answers = [
            body,
            "```python\n\(function)```",
            "Here is the function:\n\n```python\n\(function)\nprint(shortest_palindrome('ab'))\n```\n\nIt scans suffixes.",
            "```python\ndef is_palindrome(s):\n    return s == s[::-1]\n\n\(function)```",
        ]
        let sandbox = try sandbox()
        for answer in answers {
            let completion = CodeExtraction.code(from: answer, entryPoint: "shortest_palindrome")
            let program = CodeExtraction.program(prompt: prompt, completion: completion, test: test, entryPoint: "shortest_palindrome")
            let result = await sandbox.runPython(program)
            #expect(result.succeeded, "\(answer): \(result.output)")
        }
    }

    @Test func aFailingProgramReportsItsExitCodeAndOutput() async throws {
        let result = try await sandbox().runPython("print('hello')\nraise SystemExit(3)\n")
        #expect(result.exitCode == 3)
        #expect(result.output.contains("hello"))
        #expect(!result.timedOut)
    }

    @Test func credentialsInTheEnvironmentDoNotReachTheProgram() async throws {
        setenv("OPENAI_API_KEY", "sk-should-not-leak", 1)
        setenv("ASSAY_TEST_SECRET", "hunter2", 1)
        let program = """
            import os, sys
            leaked = [k for k in os.environ if 'KEY' in k or 'SECRET' in k or 'TOKEN' in k]
            print(sorted(os.environ))
            sys.exit(1 if leaked else 0)
            """
        let result = try await sandbox().runPython(program)
        #expect(result.succeeded, "\(result.output)")
        #expect(!result.output.contains("sk-should-not-leak"))
    }

    @Test func anInfiniteLoopIsStoppedAtTheWallClockLimit() async throws {
        let result = try await sandbox(wall: 1.5).runPython("while True:\n    pass\n")
        #expect(result.timedOut)
        #expect(!result.succeeded)
        #expect(result.durationMs < 8000)
    }

    @Test func allocatingTenGigabytesFailsInsideTheLimit() async throws {
        let result = try await sandbox().runPython("x = bytearray(10 * 1024 ** 3)\nprint(len(x))\n")
        #expect(!result.succeeded)
        #expect(result.output.contains("MemoryError"))
    }

    @Test func hugeOutputIsTruncated() async throws {
        let result = try await sandbox().runPython("import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n")
        #expect(!result.succeeded)
        #expect(result.output.utf8.count <= 8 * 1024 + 64)
    }

    @Test func theWorkingDirectoryStartsEmpty() async throws {
        let result = try await sandbox().runPython("import os, sys\nprint(os.listdir('.'))\nsys.exit(0 if os.listdir('.') == [] else 1)\n")
        #expect(result.succeeded, "\(result.output)")
    }

    @Test func noNetworkWhenTheSystemAllowsANamespace() async throws {
        let sandbox = try sandbox()
        let program = """
            import socket, sys
            try:
                s = socket.socket()
                s.bind(("127.0.0.1", 0))
                s.listen()
                c = socket.create_connection(s.getsockname(), timeout=1)
            except OSError as e:
                print("blocked:", e)
                sys.exit(0)
            sys.exit(1)
            """
        let result = await sandbox.runPython(program)
        if !sandbox.missing.contains(.network) {
            #expect(result.succeeded, "network reachable inside the sandbox: \(result.output)")
        } else {
            #expect(result.notes == sandbox.notes)
            #expect(sandbox.notes.contains(PythonSandbox.Containment.network.note))
            #expect(sandbox.notes.contains { $0.contains("network not isolated") })
        }
    }

    @Test func theNetworkNamespaceHasNoRouteOutEvenForUDP() async throws {
        // Landlock refuses TCP; this checks the namespace itself: only a loopback interface, and no route anywhere.
        let sandbox = try sandbox()
        let program = """
            import socket, sys
            names = [name for _, name in socket.if_nameindex()]
            try:
                socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("192.0.2.1", 9))
            except OSError as e:
                print("blocked:", e, names)
                sys.exit(0 if names == ["lo"] else 1)
            print("sent", names)
            sys.exit(1)
            """
        let result = await sandbox.runPython(program)
        if sandbox.missing.contains(.network) {
            #expect(sandbox.notes.contains(PythonSandbox.Containment.network.note))
            return
        }
        #expect(result.succeeded, "\(result.output)")
        #expect(result.output.contains("unreachable"), "\(result.output)")
    }

    // MARK: Containment of hostile programs. Each asserts the containment when it is in force, and otherwise that
    // the sandbox says it is not (never a silent pass).

    /// Live (not zombie) processes whose real, effective or saved user ID is `uid`, read from /proc here rather than
    /// through the sandbox's own bookkeeping.
    static func liveProcesses(ofUser uid: UInt32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let status = try? String(contentsOfFile: "/proc/\(entry)/status", encoding: .utf8)
            else { return nil }
            let lines = status.split(separator: "\n")
            if lines.contains(where: { $0.hasPrefix("State:") && ($0.contains("zombie") || $0.contains("dead")) }) { return nil }
            guard let uids = lines.first(where: { $0.hasPrefix("Uid:") }) else { return nil }
            let ids = uids.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().prefix(3).compactMap { UInt32($0) }
            return ids.contains(uid) ? pid : nil
        }
    }

    /// Processes whose command line contains `marker`.
    static func processes(marked marker: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            return String(decoding: data, as: UTF8.self).contains(marker) ? pid : nil
        }
    }

    @Test func theProgramRunsAsAnUnprivilegedUserOfItsOwn() async throws {
        let sandbox = try sandbox()
        let program = """
            import os
            status = open("/proc/self/status").read()
            caps = [l.split()[1] for l in status.splitlines() if l.startswith(("CapEff", "CapPrm"))]
            print(os.getresuid(), os.getresgid(), os.getgroups(), caps)
            r, e, s = os.getresuid()
            ok = r == e == s != 0 and os.getgroups() == [] and all(int(c, 16) == 0 for c in caps)
            raise SystemExit(0 if ok else 1)
            """
        let run = await sandbox.runPythonReportingUser(program)
        if sandbox.missing.contains(.separateUser) {
            #expect(run.userID == nil)
            #expect(sandbox.notes.contains(PythonSandbox.Containment.separateUser.note))
            #expect(sandbox.notes.contains { $0.contains("runs as the current user") })
            return
        }
        let uid = try #require(run.userID)
        #expect(run.result.succeeded, "\(run.result.output)")
        #expect(run.result.output.hasPrefix("(\(uid), \(uid), \(uid))"), "\(run.result.output)")
        #expect(Self.liveProcesses(ofUser: uid).isEmpty)
    }

    @Test func aForkBombIsStoppedByTheProcessLimit() async throws {
        let sandbox = try sandbox(wall: 3)
        guard !sandbox.missing.contains(.separateUser) else {
            // Without a user of its own RLIMIT_NPROC counts (or, as root, ignores) the current user's processes, so
            // the bomb is not run here: the sandbox must say so.
            #expect(sandbox.notes.contains(PythonSandbox.Containment.separateUser.note))
            #expect(sandbox.notes.contains { $0.contains("process-count") })
            return
        }
        let run = await sandbox.runPythonReportingUser("import os\nwhile True: os.fork()\n")
        #expect(!run.result.succeeded)
        // Stopped by the limit (fork fails) or, at worst, by the wall clock; never left running.
        #expect(run.result.timedOut || run.result.output.contains("BlockingIOError"), "\(run.result.output)")
        #expect(run.result.durationMs < 3000 + 5000)
        let uid = try #require(run.userID)
        #expect(Self.liveProcesses(ofUser: uid).isEmpty, "processes of the sandbox user survived the run")
        // The machine survives: the sandbox still runs programs, and they can still fork.
        let after = await sandbox.runPython("import os\npid = os.fork()\nif pid == 0: os._exit(0)\nos.waitpid(pid, 0)\nprint('alive')\n")
        #expect(after.succeeded && after.output.contains("alive"), "\(after.output)")
    }

    @Test func writingOutsideItsDirectoryIsRefused() async throws {
        let sandbox = try sandbox()
        let outside = [
            "/tmp/assay-sandbox-escape-\(UUID().uuidString)",
            Self.root.appendingPathComponent("assay-sandbox-escape-\(UUID().uuidString)").path,
        ]
        defer { for path in outside { try? FileManager.default.removeItem(atPath: path) } }
        let program = """
            import os, sys
            outcome = {}
            for path in [\(outside.map { "'\($0)'" }.joined(separator: ", "))]:
                try:
                    with open(path, "w") as f:
                        f.write("escaped")
                    outcome[path] = "written"
                except PermissionError:
                    outcome[path] = "PermissionError"
                except OSError as e:
                    outcome[path] = repr(e)
            with open("inside.txt", "w") as f:  # its own directory stays writable
                f.write("fine")
            print(outcome)
            sys.exit(0 if all(v == "PermissionError" for v in outcome.values()) else 1)
            """
        let result = await sandbox.runPython(program)
        if sandbox.missing.contains(.fileSystem) {
            #expect(sandbox.notes.contains(PythonSandbox.Containment.fileSystem.note))
            #expect(sandbox.notes.contains { $0.contains("can write outside its directory") })
            return
        }
        #expect(result.succeeded, "\(result.output)")
        #expect(result.output.components(separatedBy: "PermissionError").count == 3, "\(result.output)")
        for path in outside {
            #expect(!FileManager.default.fileExists(atPath: path), "\(path) was written")
        }
    }

    @Test func aBackgroundChildThatOutlivesTheProgramIsKilled() async throws {
        let sandbox = try sandbox()
        // Two children sleep on after the program ends: one in the run's session, one that left it with setsid().
        let marker = "\(Int.random(in: 100_000...999_999))"
        let program = """
            import os
            for leave in (False, True):
                if os.fork() == 0:
                    if leave:
                        os.setsid()
                    os.execv("/bin/sleep", ["sleep", "60.\(marker)"])
            print("parent done")
            """
        let run = await sandbox.runPythonReportingUser(program)
        let survivors = Self.processes(marked: "60.\(marker)")
        for pid in survivors { kill(pid, SIGKILL) }
        #expect(run.result.succeeded, "\(run.result.output)")
        #expect(run.result.durationMs < 5000)
        if sandbox.missing.contains(.processLifetime) {
            #expect(sandbox.notes.contains(PythonSandbox.Containment.processLifetime.note))
            #expect(sandbox.notes.contains { $0.contains("outlive the run") })
            return
        }
        #expect(survivors.isEmpty, "background children outlived the run: \(survivors)")
        if let uid = run.userID { #expect(Self.liveProcesses(ofUser: uid).isEmpty) }
    }

    @Test func aProgramThatLeavesItsSessionIsStillStoppedAtTheLimit() async throws {
        let sandbox = try sandbox(wall: 1.5)
        guard !sandbox.missing.contains(.processLifetime) else {
            #expect(sandbox.notes.contains(PythonSandbox.Containment.processLifetime.note))
            return
        }
        // Out of the process group `timeout` kills, sleeping (no CPU limit reached), holding nothing open.
        let marker = "\(Int.random(in: 100_000...999_999))"
        let program = """
            import os, time
            try:
                os.setsid()
            except OSError:
                pass
            os.execv("/bin/sleep", ["sleep", "60.\(marker)"])
            """
        let run = await sandbox.runPythonReportingUser(program)
        let survivors = Self.processes(marked: "60.\(marker)")
        for pid in survivors { kill(pid, SIGKILL) }
        #expect(run.result.timedOut)
        #expect(run.result.durationMs < 1500 + 5000)
        #expect(survivors.isEmpty, "the program outlived its run: \(survivors)")
        if let uid = run.userID { #expect(Self.liveProcesses(ofUser: uid).isEmpty) }
    }

    @Test func printingAGigabyteEndsAtTheFileSizeLimitAndIsTruncated() async throws {
        let result = try await sandbox().runPython("import sys\nchunk = 'x' * (1 << 20)\nfor _ in range(1024):\n    sys.stdout.write(chunk)\n")
        #expect(!result.succeeded)
        #expect(!result.timedOut)
        #expect(result.durationMs < 5000)
        #expect(result.output.hasSuffix("[output truncated]"))
        #expect(result.output.utf8.count <= 8 * 1024 + 64)
    }

    @Test func concurrentRunsGetUsersOfTheirOwn() async throws {
        let sandbox = try PythonSandbox(limits: PythonSandbox.Limits(), parallelism: 4)
        let runs = await withTaskGroup(of: PythonSandbox.Run.self) { group in
            for _ in 0..<4 { group.addTask { await sandbox.runPythonReportingUser("import time\ntime.sleep(0.3)\n") } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(runs.allSatisfy { $0.result.succeeded })
        if sandbox.missing.contains(.separateUser) {
            #expect(runs.allSatisfy { $0.userID == nil })
            #expect(sandbox.notes.contains(PythonSandbox.Containment.separateUser.note))
        } else {
            #expect(Set(runs.compactMap(\.userID)).count == 4)
        }
    }

    @Test func whatCannotBeAppliedIsNamedAndTheFallbacksStillContain() async throws {
        // The weakest configuration, forced: the current user, no namespaces, no Landlock.
        var isolation = try #require(PythonSandbox.probedIsolation)
        isolation.separateUser = false
        isolation.networkNamespace = false
        isolation.pidNamespace = false
        isolation.landlockABI = 0
        var limits = PythonSandbox.Limits()
        limits.wallSeconds = 5
        // As the current user RLIMIT_NPROC would count this test process's threads too: not what is tested here.
        limits.processes = 1 << 16
        let sandbox = PythonSandbox(limits: limits, parallelism: 1, isolation: isolation)
        #expect(Set(sandbox.missing) == Set(PythonSandbox.Containment.allCases))
        #expect(sandbox.notes.count == 4)
        for note in [
            "network not isolated", "runs as the current user: process-count and file-system limits are weaker",
            "can write outside its directory", "outlive the run",
        ] {
            #expect(sandbox.notes.contains { $0.contains(note) }, "\(note)")
        }
        // A background child that stays in the run's session is still found by the session and killed.
        let marker = "\(Int.random(in: 100_000...999_999))"
        let run = await sandbox.runPythonReportingUser(
            "import os\nif os.fork() == 0:\n    os.execv('/bin/sleep', ['sleep', '60.\(marker)'])\nprint('done')\n")
        let survivors = Self.processes(marked: "60.\(marker)")
        for pid in survivors { kill(pid, SIGKILL) }
        #expect(run.result.succeeded, "\(run.result.output)")
        #expect(run.result.notes == sandbox.notes)
        #expect(run.userID == nil)
        #expect(survivors.isEmpty, "a child in the run's session outlived it: \(survivors)")
    }
}

import AssayCore
import AssaySandbox
import Foundation
import Testing

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

    @Test func aFailingProgramReportsItsExitCodeAndOutput() async throws {
        let result = await try sandbox().runPython("print('hello')\nraise SystemExit(3)\n")
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
        let result = await try sandbox().runPython(program)
        #expect(result.succeeded, "\(result.output)")
        #expect(!result.output.contains("sk-should-not-leak"))
    }

    @Test func anInfiniteLoopIsStoppedAtTheWallClockLimit() async throws {
        let result = await try sandbox(wall: 1.5).runPython("while True:\n    pass\n")
        #expect(result.timedOut)
        #expect(!result.succeeded)
        #expect(result.durationMs < 8000)
    }

    @Test func allocatingTenGigabytesFailsInsideTheLimit() async throws {
        let result = await try sandbox().runPython("x = bytearray(10 * 1024 ** 3)\nprint(len(x))\n")
        #expect(!result.succeeded)
        #expect(result.output.contains("MemoryError"))
    }

    @Test func hugeOutputIsTruncated() async throws {
        let result = await try sandbox().runPython("import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n")
        #expect(!result.succeeded)
        #expect(result.output.utf8.count <= 8 * 1024 + 64)
    }

    @Test func theWorkingDirectoryStartsEmpty() async throws {
        let result = await try sandbox().runPython("import os, sys\nprint(os.listdir('.'))\nsys.exit(0 if os.listdir('.') == [] else 1)\n")
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
        if sandbox.notes.isEmpty {
            #expect(result.succeeded, "network reachable inside the sandbox: \(result.output)")
        } else {
            #expect(result.notes == sandbox.notes)
        }
    }
}

import Foundation

/// Runs the built `assay` executable as a user would, with a controlled environment.
struct CLIRunner {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: String {
        for candidate in [".build/debug/assay", ".build/release/assay"] {
            let path = root.appendingPathComponent(candidate).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return root.appendingPathComponent(".build/debug/assay").path
    }

    /// The process environment without any provider credentials.
    static var cleanEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { key, _ in
            !["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY", "CO_API_KEY", "HF_TOKEN", "OLLAMA_HOST", "GROQ_API_KEY"].contains(key)
        }
    }

    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = cleanEnvironment) async throws -> Result {
        try await runProcess(executable, arguments, in: directory ?? root, environment: environment)
    }

    /// Runs a program without blocking a thread of the shared pool while it runs (tests run in parallel on
    /// few threads): the pipes are drained on threads of their own and the exit is awaited.
    static func runProcess(_ path: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let (exits, exited) = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in
            exited.yield()
            exited.finish()
        }
        try process.run()
        let outData = LockedData()
        let errData = LockedData()
        Thread { outData.set(out.fileHandleForReading.readDataToEndOfFile()) }.start()
        Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }.start()
        for await _ in exits {}
        while !outData.isSet || !errData.isSet { try await Task.sleep(for: .milliseconds(5)) }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData.value, as: UTF8.self),
            stderr: String(decoding: errData.value, as: UTF8.self))
    }

    final class LockedData: @unchecked Sendable {
        private let lock = NSLock()
        private var data: Data?
        func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return data != nil }
        var value: Data { lock.lock(); defer { lock.unlock() }; return data ?? Data() }
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("assay-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

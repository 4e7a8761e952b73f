import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the system allows: probed once per process by starting small programs the way runs start.
extension PythonSandbox {
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
}

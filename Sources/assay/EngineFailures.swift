import ArgumentParser
import AssayCore
import AssayEngine
import AssayStore

/// Runs a command's work, turning the failures users can act on into a message and an exit code:
/// 65 for an invalid suite, dataset or catalog; 64 for options that cannot go together; 73 for a report
/// that cannot be written; 1 for any other engine or store failure.
func exitingOnFailure<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as LoadError {
        Console.error("error: \(error)")
        throw ExitCode(65)
    } catch let error as EngineError {
        Console.error("error: \(error)")
        throw ExitCode(exitCode(for: error.kind))
    } catch let error as StoreError {
        Console.error("error: \(error)")
        throw ExitCode(1)
    }
}

/// Chosen by the error's kind, never by its message.
func exitCode(for kind: EngineError.Kind) -> Int32 {
    switch kind {
    case .conflictingOptions, .invalidShard: 64
    case .outputUnwritable: 73
    default: 1
    }
}

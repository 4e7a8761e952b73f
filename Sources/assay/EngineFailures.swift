import ArgumentParser
import AssayCore
import AssayEngine
import AssayStore

/// Runs a command's work, turning the failures users can act on into a message and an exit code:
/// 65 for an invalid suite, dataset or catalog; 1 for an engine or store failure.
func exitingOnFailure<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as LoadError {
        printError("error: \(error)")
        throw ExitCode(65)
    } catch let error as EngineError {
        printError("error: \(error)")
        throw ExitCode(1)
    } catch let error as StoreError {
        printError("error: \(error)")
        throw ExitCode(1)
    }
}

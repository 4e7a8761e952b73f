public import AssayCore

/// A stored run named on the command line: an id, `latest` (the newest stored run) or `previous` (the
/// one before it).
public enum RunReference {
    /// - Parameter excluding: a run left out of `latest`/`previous` (the run being made).
    /// - Throws: `EngineError.runNotFound`.
    public static func resolve(_ reference: String, store: any ResultStore, excluding: String? = nil) async throws -> String {
        let runs = try await store.runs().filter { $0.id != excluding }
        switch reference {
        case "latest":
            guard let run = runs.first else { throw EngineError(.runNotFound, "no stored run to use as 'latest'") }
            return run.id
        case "previous":
            guard runs.count > 1 else { throw EngineError(.runNotFound, "no stored run before the latest to use as 'previous'") }
            return runs[1].id
        default:
            guard runs.contains(where: { $0.id == reference }) else {
                throw EngineError(.runNotFound, "no stored run '\(reference)' (see the runs in the store)")
            }
            return reference
        }
    }

    /// Resolves `--baseline` like `resolve`, except that `latest` or `previous` naming no stored run (the
    /// first nightly on a new store) is not an error: there is nothing to regress from yet, so the
    /// comparison is left out, and the events say so, rather than failing the night.
    static func baseline(_ reference: String, store: any ResultStore, excluding: String, events: RunEvents) async throws -> String? {
        if reference == "latest" || reference == "previous" {
            let earlier = try await store.runs().filter { $0.id != excluding }.count
            if earlier < (reference == "latest" ? 1 : 2) {
                events(.noBaselineYet(reference: reference))
                return nil
            }
        }
        return try await resolve(reference, store: store, excluding: excluding)
    }
}

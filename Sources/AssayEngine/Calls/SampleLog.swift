import AssayCore
import Foundation
import AssayReporting

/// Persists each sample as it completes: to the store (one transaction) and as a line of samples.jsonl
/// (a live tail of the run; the report writer rewrites the file from the store in a fixed order).
actor SampleLog {
    let store: any ResultStore
    let handle: FileHandle
    var sequence = 0
    private(set) var stored = 0

    /// - Parameter firstSequence: where numbering continues (the samples a resumed run already holds).
    init(store: any ResultStore, jsonlPath: String, firstSequence: Int = 0) throws {
        self.store = store
        self.sequence = firstSequence
        _ = FileManager.default.createFile(atPath: jsonlPath, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: jsonlPath) else {
            throw EngineError(.outputUnwritable, "cannot write \(jsonlPath)")
        }
        self.handle = handle
    }

    func append(_ sample: Sample) async throws {
        var sample = sample
        sample.sequence = sequence
        sequence += 1
        try await store.record(sample)
        handle.write(Data((ResultsJSONWriter.sample(sample).compactJSON + "\n").utf8))
        stored += 1
    }

    func close() {
        try? handle.close()
    }
}

import AssayCore
import Foundation

/// Persists each sample as it completes: to the store (one transaction) and as a line of samples.jsonl.
actor SampleLog {
    let store: any ResultStore
    let handle: FileHandle
    var sequence = 0
    private(set) var stored = 0

    init(store: any ResultStore, jsonlPath: String) throws {
        self.store = store
        _ = FileManager.default.createFile(atPath: jsonlPath, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: jsonlPath) else {
            throw EngineError(message: "cannot write \(jsonlPath)")
        }
        self.handle = handle
    }

    func append(_ sample: Sample) throws {
        var sample = sample
        sample.sequence = sequence
        sequence += 1
        try store.record(sample)
        handle.write(Data((ResultsJSONWriter.sample(sample).compactJSON + "\n").utf8))
        stored += 1
    }

    func close() {
        try? handle.close()
    }
}

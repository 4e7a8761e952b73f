import AssayCore
import Foundation
import AssayReporting

/// Persists each sample as it completes: to the store and as a line of samples.jsonl (a live tail of the run;
/// the report writer rewrites the file from the store in a fixed order).
///
/// Group commit: the first sample to arrive while nothing is being written writes, and the samples that arrive
/// while it does are written together after it, in one transaction. A quiet run writes each sample at once; a
/// busy one (hundreds of calls a second) commits once per batch instead of once per sample. `append` returns
/// once its sample is stored, and throws if storing it failed, as one transaction per sample did.
actor SampleLog {
    let store: any ResultStore
    let handle: FileHandle
    var sequence = 0
    private(set) var stored = 0
    private var pending: [Sample] = []
    private var waiting: [CheckedContinuation<Void, any Error>] = []
    private var writing = false

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
        pending.append(sample)
        if writing {
            try await withCheckedThrowingContinuation { waiting.append($0) }
            return
        }
        writing = true
        defer { writing = false }
        // Gives the samples already queued on this actor their turn to join the first batch.
        await Task.yield()
        while !pending.isEmpty {
            let batch = pending
            let waiters = waiting
            pending = []
            waiting = []
            do {
                try await store.record(batch)
            } catch {
                // The samples queued behind this batch fail with it: nobody is left to write them.
                let failed = waiters + waiting
                pending = []
                waiting = []
                for waiter in failed { waiter.resume(throwing: error) }
                throw error
            }
            var lines = Data()
            for sample in batch { lines.append(contentsOf: (ResultsJSONWriter.sample(sample).compactJSON + "\n").utf8) }
            handle.write(lines)
            stored += batch.count
            for waiter in waiters { waiter.resume() }
        }
    }

    func close() {
        try? handle.close()
    }
}

public import AssayCore
public import Foundation
public import GRDB

/// Runs, samples and scores in one SQLite file (WAL mode, a busy timeout, one transaction per
/// sample), so that a killed run loses at most the samples in flight.
public struct SQLiteResultStore: ResultStore {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the database at `path` and migrates it.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // In WAL mode, NORMAL keeps every committed sample through a killed process (SIGKILL included) and
        // drops the fsync of each commit; only a power cut or OS crash can lose the last commits, which a
        // resumed run then makes again.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        writer = try SQLiteResultStore.openPool(path: path, configuration: configuration)
        try SQLiteResultStore.migrate(writer)
    }

    /// Opens the pool, waiting out another process that is turning a new file to WAL at the same moment:
    /// that switch answers "database is locked" at once rather than through the busy timeout.
    static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && ContinuousClock.now < deadline {
                usleep(20_000)
            }
        }
    }

    /// An in-memory store, for tests.
    public init() throws {
        writer = try DatabaseQueue()
        try SQLiteResultStore.migrate(writer)
    }

    // Synchronous GRDB access on purpose: its async variants stop at task cancellation, and a run that
    // Ctrl-C cancelled must still store its last samples and its status.
    func write<T>(_ updates: (Database) throws -> T) throws -> T { try writer.write(updates) }
    func read<T>(_ value: (Database) throws -> T) throws -> T { try writer.read(value) }

    public func beginRun(_ run: RunRecord) async throws -> RunRecord {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO runs (id, started_at, finished_at, status, simulated, seed, configuration, note)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET status = 'running', finished_at = NULL, note = NULL
                    """,
                arguments: [
                    run.id, run.startedAt, run.finishedAt, run.status.rawValue, run.simulated, String(run.seed),
                    run.configuration.compactJSON, run.note,
                ])
            guard let stored = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [run.id]) else {
                throw StoreError(message: "run \(run.id) vanished while it was being started")
            }
            return SQLiteResultStore.runRecord(stored)
        }
    }

    public func finishRun(id: String, status: RunRecord.Status, finishedAt: String, note: String?) async throws {
        try write { db in
            try db.execute(
                sql: "UPDATE runs SET status = ?, finished_at = ?, note = ? WHERE id = ?",
                arguments: [status.rawValue, finishedAt, note, id])
        }
    }

    public func run(id: String) async throws -> RunRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]).map(SQLiteResultStore.runRecord)
        }
    }

    public func runs() async throws -> [RunRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY started_at DESC, id DESC").map(SQLiteResultStore.runRecord)
        }
    }

    static func runRecord(_ row: Row) -> RunRecord {
        RunRecord(
            id: row["id"], startedAt: row["started_at"], finishedAt: row["finished_at"],
            status: RunRecord.Status(rawValue: row["status"]) ?? .incomplete, simulated: row["simulated"],
            seed: UInt64(row["seed"] as String) ?? 0,
            configuration: (try? JSONValue.parse(row["configuration"] as String)) ?? .null, note: row["note"])
    }

    public func record(_ sample: Sample) async throws {
        // Statements prepared once per connection: this runs for every sample of a run.
        try write { db in
            let key: StatementArguments = [sample.runID, sample.suite, sample.caseID, sample.model, sample.repeatIndex]
            try db.cachedStatement(
                sql: "DELETE FROM scores WHERE run_id = ? AND suite = ? AND case_id = ? AND model = ? AND repeat_index = ?"
            ).execute(arguments: key)
            try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO samples (
                        run_id, suite, case_id, model, repeat_index, status, error_kind, error_message, output,
                        finish_reason, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost,
                        judge_cost, headers_ms, first_event_ms, ttft_ms, total_ms, queued_ms, retry_ms, attempts,
                        score, passed, sequence, cache_write_tokens, cached)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: key + [
                sample.status.rawValue, sample.errorKind?.rawValue, SQLiteResultStore.storable(sample.errorMessage),
                SQLiteResultStore.storable(sample.output),
                sample.finishReason, sample.usage?.inputTokens, sample.usage?.outputTokens,
                sample.usage?.cachedInputTokens, sample.usage?.reasoningTokens, sample.cost, sample.judgeCost,
                sample.timings?.headersMs, sample.timings?.firstEventMs, sample.timings?.ttftMs,
                sample.timings?.totalMs, sample.timings?.queuedMs, sample.timings?.retryMs, sample.attempts,
                sample.score, sample.passed, sample.sequence, sample.usage?.cacheWriteTokens, sample.cached,
            ])
            let insertScore = try db.cachedStatement(
                sql: """
                    INSERT INTO scores (
                        run_id, suite, case_id, model, repeat_index, position, type, metric, score, pass, reason,
                        weight, error, judge_cost, judge)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for (position, grade) in sample.grades.enumerated() {
                try insertScore.execute(arguments: key + [
                    position, grade.type, grade.metric, grade.score, grade.pass, SQLiteResultStore.storable(grade.reason), grade.weight,
                    SQLiteResultStore.storable(grade.storedError), grade.judgeCost, grade.judge,
                ])
            }
        }
    }

    public func forEachSample(runID: String, suite: String?, model: String?, text: Bool, _ body: (Sample) throws -> Void) async throws {
        try readSamples(runID: runID, suite: suite, model: model, text: text, body)
    }

    /// Synchronous, so that GRDB's blocking read (which takes a non-Sendable closure) is the one used.
    func readSamples(runID: String, suite: String?, model: String?, text: Bool, _ body: (Sample) throws -> Void) throws {
        try writer.read { db in
            // Grades arrive in the samples' order, so both cursors advance together and only one sample's
            // grades are held at a time. SQLite's default BINARY collation compares UTF-8 bytes.
            let order = "ORDER BY s.suite, s.case_id, s.model, s.repeat_index"
            var filter = "s.run_id = ?"
            var arguments: StatementArguments = [runID]
            if let suite {
                filter += " AND s.suite = ?"
                arguments += [suite]
            }
            if let model {
                filter += " AND s.model = ?"
                arguments += [model]
            }
            let reason = text ? "g.reason" : "''"
            let scoreRows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT g.suite, g.case_id, g.model, g.repeat_index, g.type, g.metric, g.score, g.pass, \(reason) AS reason,
                           g.weight, g.error, g.judge_cost, g.judge
                    FROM scores g JOIN samples s USING (run_id, suite, case_id, model, repeat_index)
                    WHERE \(filter) \(order), g.position
                    """,
                arguments: arguments)
            var pendingGrade: (key: String, grade: GradeResult)?
            func nextGrade() throws -> (key: String, grade: GradeResult)? {
                guard let row = try scoreRows.next() else { return nil }
                return (SQLiteResultStore.key(row), GradeResult.stored(
                    type: row["type"], metric: row["metric"], score: row["score"], pass: row["pass"],
                    reason: SQLiteResultStore.text(row, "reason") ?? "",
                    weight: row["weight"], storedError: SQLiteResultStore.text(row, "error"), judgeCost: row["judge_cost"], judge: row["judge"]))
            }
            pendingGrade = try nextGrade()
            let rows = try Row.fetchCursor(db, sql: "SELECT s.* FROM samples s WHERE \(filter) \(order)", arguments: arguments)
            while let row = try rows.next() {
                var usage: TokenUsage?
                if let input = row["input_tokens"] as Int? {
                    usage = TokenUsage(
                        inputTokens: input, outputTokens: row["output_tokens"] ?? 0,
                        cachedInputTokens: row["cached_input_tokens"] ?? 0, reasoningTokens: row["reasoning_tokens"] ?? 0,
                        cacheWriteTokens: row["cache_write_tokens"] ?? 0)
                }
                var timings: CallTimings?
                if let total = row["total_ms"] as Double? {
                    timings = CallTimings(
                        headersMs: row["headers_ms"], firstEventMs: row["first_event_ms"], ttftMs: row["ttft_ms"],
                        totalMs: total, queuedMs: row["queued_ms"] ?? 0, retryMs: row["retry_ms"] ?? 0)
                }
                let key = SQLiteResultStore.key(row)
                var grades: [GradeResult] = []
                while let pending = pendingGrade, pending.key == key {
                    grades.append(pending.grade)
                    pendingGrade = try nextGrade()
                }
                let output = text ? SQLiteResultStore.text(row, "output") : nil
                let errorMessage = text ? SQLiteResultStore.text(row, "error_message") : nil
                try body(Sample(
                    runID: runID, suite: row["suite"], caseID: row["case_id"], model: row["model"],
                    repeatIndex: row["repeat_index"], status: Sample.Status(rawValue: row["status"]) ?? .error,
                    errorKind: (row["error_kind"] as String?).flatMap(ErrorKind.init(rawValue:)),
                    errorMessage: errorMessage, output: output,
                    finishReason: row["finish_reason"],
                    usage: usage, cost: row["cost"], judgeCost: row["judge_cost"] ?? 0, timings: timings,
                    attempts: row["attempts"] ?? 1, score: row["score"], passed: row["passed"],
                    grades: grades, sequence: row["sequence"] ?? 0, cached: row["cached"] ?? false))
            }
        }
    }

    public func sampleKeys(runID: String) async throws -> Set<PlannedKey> {
        try read { db in
            var keys = Set<PlannedKey>()
            let rows = try Row.fetchCursor(db, sql: "SELECT suite, case_id, model, repeat_index FROM samples WHERE run_id = ?", arguments: [runID])
            while let row = try rows.next() {
                keys.insert(PlannedKey(suite: row["suite"], caseID: row["case_id"], model: row["model"], repeatIndex: row["repeat_index"]))
            }
            return keys
        }
    }

    public func recordCalibrations(runID: String, _ calibrations: [JudgeCalibration]) async throws {
        try write { db in
            for c in calibrations {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO calibrations (run_id, suite, metric, measurement) VALUES (?, ?, ?, ?)",
                    arguments: [runID, c.suite, c.metric, String(decoding: try JSONEncoder().encode(c), as: UTF8.self)])
            }
        }
    }

    public func calibrations(runID: String) async throws -> [JudgeCalibration] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT measurement FROM calibrations WHERE run_id = ? ORDER BY suite, metric", arguments: [runID])
                .map { try JSONDecoder().decode(JudgeCalibration.self, from: Data($0.utf8)) }
        }
    }

    public func recordShard(runID: String, _ shard: ShardMark, finished: Bool) async throws {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO shards (run_id, shard_index, shard_count, finished) VALUES (?, ?, ?, ?)
                    ON CONFLICT (run_id, shard_index, shard_count) DO UPDATE SET finished = MAX(finished, excluded.finished)
                    """,
                arguments: [runID, shard.index, shard.count, finished])
        }
    }

    public func shards(runID: String) async throws -> [ShardMark: Bool] {
        try read { db in
            var shards: [ShardMark: Bool] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT shard_index, shard_count, finished FROM shards WHERE run_id = ?", arguments: [runID]) {
                shards[ShardMark(index: row["shard_index"], count: row["shard_count"])] = row["finished"]
            }
            return shards
        }
    }

    public func cachedResponse(key: String) async throws -> CachedResponse? {
        try read { db in
            // Prepared once per connection, as for record: with the cache on, this runs for every call.
            try String.fetchOne(db.cachedStatement(sql: "SELECT response FROM response_cache WHERE key = ?"), arguments: [key])
                .map { try JSONDecoder().decode(CachedResponse.self, from: Data($0.utf8)) }
        }
    }

    public func storeCachedResponse(_ response: CachedResponse) async throws {
        let json = String(decoding: try JSONEncoder().encode(response), as: UTF8.self)
        try write { db in
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO response_cache (key, provider, model, created_at, response) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [response.key, response.provider, response.model, response.createdAt, json])
        }
    }

    public func recordPairwise(runID: String, _ records: [PairwiseRecord]) async throws {
        try write { db in
            for r in records {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO pairwise (run_id, suite, case_id, repeat_index, model_a, model_b, winner, judge_cost)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [runID, r.suite, r.caseID, r.repeatIndex, r.modelA, r.modelB, r.winner.rawValue, r.judgeCost])
            }
        }
    }

    public func pairwise(runID: String) async throws -> [PairwiseRecord] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM pairwise WHERE run_id = ? ORDER BY suite, case_id, repeat_index, model_a, model_b",
                arguments: [runID]
            ).map { row in
                PairwiseRecord(
                    suite: row["suite"], caseID: row["case_id"], repeatIndex: row["repeat_index"], modelA: row["model_a"],
                    modelB: row["model_b"], winner: PairwiseWinner(rawValue: row["winner"]) ?? .unjudged,
                    judgeCost: row["judge_cost"])
            }
        }
    }

    /// Text as SQLite keeps it: text that holds a NUL is stored as its UTF-8 bytes, because SQLite's
    /// C-string text functions would cut it at the NUL (a model's output may hold anything).
    static func storable(_ text: String?) -> (any DatabaseValueConvertible)? {
        guard let text else { return nil }
        return text.utf8.contains(0) ? Data(text.utf8) : text
    }

    static func text(_ row: Row, _ column: String) -> String? {
        let value: DatabaseValue = row[column]
        switch value.storage {
        case .string(let s): return s
        case .blob(let data): return String(decoding: data, as: UTF8.self)
        case .null: return nil
        case .int64(let i): return String(i)
        case .double(let d): return String(d)
        }
    }

    static func key(_ row: Row) -> String {
        let parts: [String] = [row["suite"], row["case_id"], row["model"], String(row["repeat_index"] as Int)]
        return parts.joined(separator: "\u{1F}")
    }
}

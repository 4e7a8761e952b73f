public import AssayCore
public import Foundation
public import GRDB

/// Runs, samples and scores in one SQLite file (WAL mode, a busy timeout, one transaction per sample or
/// per batch of samples that completed together), so that a killed run loses at most the samples in flight.
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
        try write { db in try SQLiteResultStore.insert(sample, into: db) }
    }

    public func record(_ samples: [Sample]) async throws {
        guard !samples.isEmpty else { return }
        try write { db in
            for sample in samples { try SQLiteResultStore.insert(sample, into: db) }
        }
    }

    /// A sample and its grades, replacing any stored under its key. Statements prepared once per connection:
    /// this runs for every sample of a run.
    static func insert(_ sample: Sample, into db: Database) throws {
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
                    score, passed, sequence, cache_write_tokens, cached, tool_calls, billed_input_tokens,
                    billed_output_tokens, turns, generation_ms, chunk_gaps)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: key + [
            sample.status.rawValue, sample.errorKind?.rawValue, SQLiteResultStore.storable(sample.errorMessage),
            SQLiteResultStore.storable(sample.output),
            sample.finishReason, sample.usage?.inputTokens, sample.usage?.outputTokens,
            sample.usage?.cachedInputTokens, sample.usage?.reasoningTokens, sample.cost, sample.judgeCost,
            sample.timings?.headersMs, sample.timings?.firstEventMs, sample.timings?.ttftMs,
            sample.timings?.totalMs, sample.timings?.queuedMs, sample.timings?.retryMs, sample.attempts,
            sample.score, sample.passed, sample.sequence, sample.usage?.cacheWriteTokens, sample.cached,
            SQLiteResultStore.storable(sample.toolCalls.isEmpty ? nil : ToolCall.json(sample.toolCalls).compactJSON),
            sample.usage?.billedInputTokens, sample.usage?.billedOutputTokens,
            SQLiteResultStore.storable(sample.turns.isEmpty ? nil : SampleTurn.json(sample.turns).compactJSON),
            sample.timings?.generationMs,
            CallTimings.packGaps(sample.timings?.chunkGapsMs).map { Data($0) },
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

    public func forEachSample(runID: String, suite: String?, model: String?, text: Bool, _ body: (Sample) throws -> Void) async throws {
        try readSamples(runID: runID, suite: suite, model: model, text: text, body)
    }

    /// Synchronous, so that GRDB's blocking read (which takes a non-Sendable closure) is the one used.
    func readSamples(runID: String, suite: String?, model: String?, text: Bool, _ body: (Sample) throws -> Void) throws {
        try writer.read { db in
            // Grades arrive in the samples' order, so both cursors advance together and only one sample's
            // grades are held at a time. SQLite's default BINARY collation compares UTF-8 bytes. The grades
            // are filtered and ordered by their own columns (equal to the sample's by the join), so that
            // SQLite reads them in the order of their primary key instead of sorting them all first.
            func order(_ table: String) -> String { "ORDER BY \(table).suite, \(table).case_id, \(table).model, \(table).repeat_index" }
            func filter(_ table: String) -> String {
                "\(table).run_id = ?" + (suite == nil ? "" : " AND \(table).suite = ?") + (model == nil ? "" : " AND \(table).model = ?")
            }
            var arguments: StatementArguments = [runID]
            if let suite { arguments += [suite] }
            if let model { arguments += [model] }
            // Columns are read by position: looking a column up by name compares it with every column's
            // name, which cost more than the rest of reading a sample.
            let reason = text ? "g.reason" : "''"
            let scoreRows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT g.suite, g.case_id, g.model, g.repeat_index, g.type, g.metric, g.score, g.pass, \(reason),
                           g.weight, g.error, g.judge_cost, g.judge
                    FROM scores g JOIN samples s USING (run_id, suite, case_id, model, repeat_index)
                    WHERE \(filter("g")) \(order("g")), g.position
                    """,
                arguments: arguments)
            var pendingGrade: (key: PlannedKey, grade: GradeResult)?
            func nextGrade() throws -> (key: PlannedKey, grade: GradeResult)? {
                guard let row = try scoreRows.next() else { return nil }
                return (SQLiteResultStore.key(row), GradeResult.stored(
                    type: row[4], metric: row[5], score: row[6], pass: row[7], reason: SQLiteResultStore.text(row, 8) ?? "",
                    weight: row[9], storedError: SQLiteResultStore.text(row, 10), judgeCost: row[11], judge: row[12]))
            }
            pendingGrade = try nextGrade()
            let texts = text ? "s.error_message, s.output" : "NULL, NULL"
            let toolCalls = text ? "s.tool_calls, s.turns" : "NULL, NULL"
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT s.suite, s.case_id, s.model, s.repeat_index, s.status, s.error_kind, \(texts), s.finish_reason,
                           s.input_tokens, s.output_tokens, s.cached_input_tokens, s.reasoning_tokens, s.cache_write_tokens,
                           s.cost, s.judge_cost, s.total_ms, s.headers_ms, s.first_event_ms, s.ttft_ms, s.queued_ms, s.retry_ms,
                           s.attempts, s.score, s.passed, s.sequence, s.cached, s.billed_input_tokens, s.billed_output_tokens,
                           \(toolCalls), s.generation_ms, s.chunk_gaps
                    FROM samples s WHERE \(filter("s")) \(order("s"))
                    """,
                arguments: arguments)
            while let row = try rows.next() {
                var usage: TokenUsage?
                if let input = row[9] as Int? {
                    usage = TokenUsage(
                        inputTokens: input, outputTokens: row[10] ?? 0, cachedInputTokens: row[11] ?? 0, reasoningTokens: row[12] ?? 0,
                        cacheWriteTokens: row[13] ?? 0, billedInputTokens: row[27], billedOutputTokens: row[28])
                }
                var timings: CallTimings?
                if let total = row[16] as Double? {
                    timings = CallTimings(
                        headersMs: row[17], firstEventMs: row[18], ttftMs: row[19], totalMs: total, queuedMs: row[20] ?? 0,
                        retryMs: row[21] ?? 0, generationMs: row[31],
                        chunkGapsMs: CallTimings.unpackGaps((row[32] as Data?).map { [UInt8]($0) }))
                }
                let key = SQLiteResultStore.key(row)
                var grades: [GradeResult] = []
                while let pending = pendingGrade, pending.key == key {
                    grades.append(pending.grade)
                    pendingGrade = try nextGrade()
                }
                var sample = Sample(
                    runID: runID, suite: key.suite, caseID: key.caseID, model: key.model, repeatIndex: key.repeatIndex,
                    status: Sample.Status(rawValue: row[4]) ?? .error, errorKind: (row[5] as String?).flatMap(ErrorKind.init(rawValue:)),
                    errorMessage: SQLiteResultStore.text(row, 6), output: SQLiteResultStore.text(row, 7),
                    toolCalls: SQLiteResultStore.toolCalls(row, 29), finishReason: row[8],
                    usage: usage, cost: row[14], judgeCost: row[15] ?? 0, timings: timings, attempts: row[22] ?? 1, score: row[23],
                    passed: row[24], grades: grades, sequence: row[25] ?? 0, cached: row[26] ?? false)
                sample.turns = SQLiteResultStore.text(row, 30).flatMap { try? JSONValue.parse($0) }.flatMap(SampleTurn.from(json:)) ?? []
                try body(sample)
            }
        }
    }

    /// A sample's key as a row's first four columns hold it: a grade belongs to the sample with the same key.
    static func key(_ row: Row) -> PlannedKey {
        PlannedKey(suite: row[0], caseID: row[1], model: row[2], repeatIndex: row[3])
    }

    public func forEachSampleKey(runID: String, _ body: (PlannedKey) throws -> Void) async throws {
        try readSampleKeys(runID: runID, body)
    }

    /// Synchronous, as `readSamples`.
    func readSampleKeys(runID: String, _ body: (PlannedKey) throws -> Void) throws {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT suite, case_id, model, repeat_index FROM samples WHERE run_id = ?", arguments: [runID])
            while let row = try rows.next() { try body(Self.key(row)) }
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

    /// The tool calls a column holds (`ToolCall.json`); none when it is NULL.
    static func toolCalls(_ row: Row, _ column: Int) -> [ToolCall] {
        guard let text = text(row, column), let json = try? JSONValue.parse(text) else { return [] }
        return ToolCall.from(json: json) ?? []
    }

    static func text(_ row: Row, _ column: Int) -> String? {
        let value: DatabaseValue = row[column]
        switch value.storage {
        case .string(let s): return s
        case .blob(let data): return String(decoding: data, as: UTF8.self)
        case .null: return nil
        case .int64(let i): return String(i)
        case .double(let d): return String(d)
        }
    }
}

public import AssayCore
public import Foundation
public import PostgresNIO

/// Runs, samples and scores in a PostgreSQL database, so that the shards of one run, on several
/// machines, can write to one store. Same semantics as `SQLiteResultStore`: one transaction per sample,
/// storing a planned sample again replaces it, samples read back in key order (by UTF-8 bytes).
///
/// Connections come from a pool (`PostgresClient`) whose `run()` goes on in a task the store owns
/// until `close()`; concurrent calls each lease a connection of their own.
public final class PostgresResultStore: ResultStore {
    /// At most this many connections per store. The engine records from many tasks at once, but a
    /// sample's transaction is short, and every shard process takes its share of the server's
    /// `max_connections` (100 by default).
    static let maximumConnections = 8

    /// Warnings and worse only: at info the pool reports, among others, a connection it was opening when
    /// `close()` stopped it, which is no news to anyone.
    public static var defaultLogger: Logger {
        var logger = Logger(label: "assay.store.postgres")
        logger.logLevel = .warning
        return logger
    }

    let client: PostgresClient
    let runTask: Task<Void, Never>
    let logger: Logger
    /// Host, port and database, for error messages: never the password.
    let location: String

    /// Connects to the database at `url` and brings its schema up to date.
    ///
    /// - Parameters:
    ///   - url: `postgres://user:password@host:port/database` or `postgresql://…`, with an optional
    ///     `?sslmode=` of disable (the default), prefer, require, verify-ca or verify-full. Characters
    ///     such as `@` or `/` in the password must be percent-encoded.
    ///   - logger: where the connection pool logs (connections lost and retried) and queries are traced.
    /// - Throws: `StoreError` when the URL is not usable, or the server cannot be reached, refuses the
    ///   login or the schema cannot be created; its message never holds the password.
    public init(url: String, logger: Logger = PostgresResultStore.defaultLogger) async throws {
        let location = try PostgresLocation(url: url)
        self.location = location.description
        self.logger = logger
        // A connection of its own to migrate: a wrong host, password or database fails here at once with
        // the server's words, where the pool would retry in the background and leave a query waiting.
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try location.connectionConfiguration(), id: 0, logger: logger)
            do {
                try await Self.migrate(connection, logger: logger)
            } catch {
                try? await connection.close()
                throw error
            }
            try? await connection.close()
        } catch {
            throw Self.storeError(error, location: location.description, action: "could not open the store")
        }
        let client = PostgresClient(
            configuration: location.clientConfiguration(maximumConnections: Self.maximumConnections),
            backgroundLogger: logger)
        self.client = client
        runTask = Task { await client.run() }
    }

    deinit {
        // A store dropped without `close()` still lets its pool go.
        runTask.cancel()
    }

    /// Closes the pool's connections (cancelling its `run()`) and waits for them to close.
    public func close() async {
        runTask.cancel()
        await runTask.value
    }

    // MARK: Runs

    static let runColumns = "id, started_at, finished_at, status, simulated, seed, configuration, note"

    public func beginRun(_ run: RunRecord) async throws -> RunRecord {
        try await perform("could not begin run \(run.id)") { [self] in
            // One statement: RETURNING gives the stored record, whether this inserted it or joined it.
            let rows = try await client.query(
                """
                INSERT INTO runs (\(unescaped: Self.runColumns))
                VALUES (\(run.id), \(run.startedAt), \(run.finishedAt), \(run.status.rawValue), \(run.simulated),
                        \(String(run.seed)), \(run.configuration.compactJSON), \(run.note))
                ON CONFLICT (id) DO UPDATE SET status = 'running', finished_at = NULL, note = NULL
                RETURNING \(unescaped: Self.runColumns)
                """, logger: logger
            ).collect()
            guard let row = rows.first else {
                throw StoreError(message: "run \(run.id) vanished while it was being started")
            }
            return try Self.runRecord(row)
        }
    }

    public func finishRun(id: String, status: RunRecord.Status, finishedAt: String, note: String?) async throws {
        try await perform("could not finish run \(id)") { [self] in
            try await execute(
                "UPDATE runs SET status = \(status.rawValue), finished_at = \(finishedAt), note = \(note) WHERE id = \(id)")
        }
    }

    public func run(id: String) async throws -> RunRecord? {
        try await perform("could not read run \(id)") { [self] in
            try await client.query(
                "SELECT \(unescaped: Self.runColumns) FROM runs WHERE id = \(id)", logger: logger
            ).collect().first.map(Self.runRecord)
        }
    }

    public func runs() async throws -> [RunRecord] {
        try await perform("could not list runs") { [self] in
            try await client.query(
                "SELECT \(unescaped: Self.runColumns) FROM runs ORDER BY started_at DESC, id DESC", logger: logger
            ).collect().map(Self.runRecord)
        }
    }

    static func runRecord(_ row: PostgresRow) throws -> RunRecord {
        let (id, startedAt, finishedAt, status, simulated, seed, configuration, note) = try row.decode(
            (String, String, String?, String, Bool, String, String, String?).self)
        return RunRecord(
            id: id, startedAt: startedAt, finishedAt: finishedAt, status: RunRecord.Status(rawValue: status) ?? .incomplete,
            simulated: simulated, seed: UInt64(seed) ?? 0, configuration: (try? JSONValue.parse(configuration)) ?? .null,
            note: note)
    }

    // MARK: Samples

    public func record(_ sample: Sample) async throws {
        let output = Self.storable(sample.output)
        let errorMessage = Self.storable(sample.errorMessage)
        let usage = sample.usage
        let timings = sample.timings
        let upsert: PostgresQuery = """
            INSERT INTO samples (
                run_id, suite, case_id, model, repeat_index, status, error_kind, error_message, error_message_utf8,
                output, output_utf8, finish_reason, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens,
                cache_write_tokens, cost, judge_cost, headers_ms, first_event_ms, ttft_ms, total_ms, queued_ms, retry_ms,
                attempts, score, passed, sequence, cached)
            VALUES (
                \(sample.runID), \(sample.suite), \(sample.caseID), \(sample.model), \(sample.repeatIndex),
                \(sample.status.rawValue), \(sample.errorKind?.rawValue), \(errorMessage.text), \(errorMessage.bytes),
                \(output.text), \(output.bytes), \(sample.finishReason), \(usage?.inputTokens), \(usage?.outputTokens),
                \(usage?.cachedInputTokens), \(usage?.reasoningTokens), \(usage?.cacheWriteTokens), \(sample.cost),
                \(sample.judgeCost), \(timings?.headersMs), \(timings?.firstEventMs), \(timings?.ttftMs),
                \(timings?.totalMs), \(timings?.queuedMs), \(timings?.retryMs), \(sample.attempts), \(sample.score),
                \(sample.passed), \(sample.sequence), \(sample.cached))
            ON CONFLICT (run_id, suite, case_id, model, repeat_index) DO UPDATE SET
                status = EXCLUDED.status, error_kind = EXCLUDED.error_kind, error_message = EXCLUDED.error_message,
                error_message_utf8 = EXCLUDED.error_message_utf8, output = EXCLUDED.output,
                output_utf8 = EXCLUDED.output_utf8, finish_reason = EXCLUDED.finish_reason,
                input_tokens = EXCLUDED.input_tokens, output_tokens = EXCLUDED.output_tokens,
                cached_input_tokens = EXCLUDED.cached_input_tokens, reasoning_tokens = EXCLUDED.reasoning_tokens,
                cache_write_tokens = EXCLUDED.cache_write_tokens, cost = EXCLUDED.cost, judge_cost = EXCLUDED.judge_cost,
                headers_ms = EXCLUDED.headers_ms, first_event_ms = EXCLUDED.first_event_ms, ttft_ms = EXCLUDED.ttft_ms,
                total_ms = EXCLUDED.total_ms, queued_ms = EXCLUDED.queued_ms, retry_ms = EXCLUDED.retry_ms,
                attempts = EXCLUDED.attempts, score = EXCLUDED.score, passed = EXCLUDED.passed,
                sequence = EXCLUDED.sequence, cached = EXCLUDED.cached
            """
        let deleteGrades: PostgresQuery = """
            DELETE FROM scores WHERE run_id = \(sample.runID) AND suite = \(sample.suite) AND case_id = \(sample.caseID)
                AND model = \(sample.model) AND repeat_index = \(sample.repeatIndex)
            """
        let insertGrades = Self.insertRows(
            into: "scores",
            columns: [
                "run_id", "suite", "case_id", "model", "repeat_index", "position", "type", "metric", "score", "pass",
                "reason", "reason_utf8", "weight", "error", "error_utf8", "judge_cost", "judge",
            ],
            Array(sample.grades.enumerated())
        ) { item, binds in
            let (position, grade) = item
            let reason = Self.storable(grade.reason)
            let error = Self.storable(grade.error)
            binds.append(sample.runID)
            binds.append(sample.suite)
            binds.append(sample.caseID)
            binds.append(sample.model)
            binds.append(sample.repeatIndex)
            binds.append(position)
            binds.append(grade.type)
            binds.append(grade.metric)
            binds.append(grade.score)
            binds.append(grade.pass)
            binds.append(reason.text)
            binds.append(reason.bytes)
            binds.append(grade.weight)
            binds.append(error.text)
            binds.append(error.bytes)
            binds.append(grade.judgeCost)
            binds.append(grade.judge)
        }
        let description = "\(sample.suite)/\(sample.caseID) on \(sample.model) (repeat \(sample.repeatIndex))"
        try await perform("could not record \(description) of run \(sample.runID)") { [self] in
            try await client.withTransaction(logger: logger) { connection in
                // The sample first: its row lock makes a second writer of the same sample wait for this
                // transaction, so that its DELETE then sees (and removes) these grades instead of colliding
                // with them.
                try await connection.query(upsert, logger: logger)
                try await connection.query(deleteGrades, logger: logger)
                for insert in insertGrades {
                    try await connection.query(insert, logger: logger)
                }
            }
        }
    }

    /// How many samples the reading task decodes before handing them over.
    static let batchSize = 256

    public func forEachSample(
        runID: String, suite: String?, model: String?, text: Bool, _ body: (Sample) throws -> Void
    ) async throws {
        let query = Self.samplesQuery(runID: runID, suite: suite, model: model, text: text)
        let action = "could not read the samples of run \(runID)"
        // The rows are read and decoded in a task of their own, which the caller's cancellation does not
        // reach (see `perform`); the samples come over in batches, and `body` runs in the caller's task.
        let handoff = Handoff<Sample>()
        let reader = Task { [client, logger, location] in
            do {
                var batch: [Sample] = []
                var current: Sample?
                for try await row in try await client.query(query, logger: logger) {
                    let columns = row.makeRandomAccess()
                    let key = PlannedKey(
                        suite: try columns["suite"].decode(String.self),
                        caseID: try columns["case_id"].decode(String.self),
                        model: try columns["model"].decode(String.self),
                        repeatIndex: try columns["repeat_index"].decode(Int.self))
                    if current?.key != key {
                        if let done = current {
                            batch.append(done)
                            if batch.count == Self.batchSize {
                                guard await handoff.deliver(batch) else { return }
                                batch = []
                            }
                        }
                        current = try Self.sample(columns, text: text)
                    }
                    if try columns["position"].decode(Int?.self) != nil {
                        current?.grades.append(try Self.grade(columns, text: text))
                    }
                }
                if let done = current { batch.append(done) }
                if !batch.isEmpty {
                    guard await handoff.deliver(batch) else { return }
                }
                handoff.finish(nil)
            } catch {
                handoff.finish(Self.storeError(error, location: location, action: action))
            }
        }
        do {
            while let batch = try await handoff.next() {
                for sample in batch { try body(sample) }
            }
        } catch {
            // The caller's closure threw (or the read failed): the reader stops and its query is dropped.
            handoff.stop()
            reader.cancel()
            throw error
        }
    }

    /// Samples joined with their grades in one query, a sample's rows together and its grades in
    /// position order, so that each sample is complete when the next begins and only it is held. (Two
    /// queries walked in step, as the SQLite store does, would need two connections and two snapshots,
    /// which a concurrent writer can make disagree.) A sample's texts come on its first row only, not
    /// once per grade. The key columns are `COLLATE "C"`, so the order is by UTF-8 bytes, as `PlannedKey`'s.
    static func samplesQuery(runID: String, suite: String?, model: String?, text: Bool) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(runID)
        var filter = "s.run_id = $1"
        if let suite {
            binds.append(suite)
            filter += " AND s.suite = $\(binds.count)"
        }
        if let model {
            binds.append(model)
            filter += " AND s.model = $\(binds.count)"
        }
        let first = "(g.position IS NULL OR g.position = 0)"
        let texts =
            text
            ? """
            CASE WHEN \(first) THEN s.output END AS output,
            CASE WHEN \(first) THEN s.output_utf8 END AS output_utf8,
            CASE WHEN \(first) THEN s.error_message END AS error_message,
            CASE WHEN \(first) THEN s.error_message_utf8 END AS error_message_utf8,
            g.reason, g.reason_utf8,
            """
            : ""
        let sql = """
            SELECT s.run_id, s.suite, s.case_id, s.model, s.repeat_index, s.status, s.error_kind, s.finish_reason,
                   s.input_tokens, s.output_tokens, s.cached_input_tokens, s.reasoning_tokens, s.cache_write_tokens,
                   s.cost, s.judge_cost, s.headers_ms, s.first_event_ms, s.ttft_ms, s.total_ms, s.queued_ms, s.retry_ms,
                   s.attempts, s.score, s.passed, s.sequence, s.cached, \(texts)
                   g.position, g.type AS grade_type, g.metric AS grade_metric, g.score AS grade_score,
                   g.pass AS grade_pass, g.weight AS grade_weight, g.error AS grade_error, g.error_utf8 AS grade_error_utf8,
                   g.judge_cost AS grade_judge_cost, g.judge AS grade_judge
            FROM samples s
            LEFT JOIN scores g ON g.run_id = s.run_id AND g.suite = s.suite AND g.case_id = s.case_id
                AND g.model = s.model AND g.repeat_index = s.repeat_index
            WHERE \(filter)
            ORDER BY s.suite, s.case_id, s.model, s.repeat_index, g.position
            """
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    static func sample(_ columns: PostgresRandomAccessRow, text: Bool) throws -> Sample {
        let usage = try columns["input_tokens"].decode(Int?.self).map { input in
            TokenUsage(
                inputTokens: input, outputTokens: try columns["output_tokens"].decode(Int?.self) ?? 0,
                cachedInputTokens: try columns["cached_input_tokens"].decode(Int?.self) ?? 0,
                reasoningTokens: try columns["reasoning_tokens"].decode(Int?.self) ?? 0,
                cacheWriteTokens: try columns["cache_write_tokens"].decode(Int?.self) ?? 0)
        }
        let timings = try columns["total_ms"].decode(Double?.self).map { total in
            CallTimings(
                headersMs: try columns["headers_ms"].decode(Double?.self),
                firstEventMs: try columns["first_event_ms"].decode(Double?.self),
                ttftMs: try columns["ttft_ms"].decode(Double?.self), totalMs: total,
                queuedMs: try columns["queued_ms"].decode(Double?.self) ?? 0,
                retryMs: try columns["retry_ms"].decode(Double?.self) ?? 0)
        }
        return Sample(
            runID: try columns["run_id"].decode(String.self), suite: try columns["suite"].decode(String.self),
            caseID: try columns["case_id"].decode(String.self), model: try columns["model"].decode(String.self),
            repeatIndex: try columns["repeat_index"].decode(Int.self),
            status: Sample.Status(rawValue: try columns["status"].decode(String.self)) ?? .error,
            errorKind: try columns["error_kind"].decode(String?.self).flatMap(ErrorKind.init(rawValue:)),
            errorMessage: text ? try Self.text(columns, "error_message") : nil,
            output: text ? try Self.text(columns, "output") : nil,
            finishReason: try columns["finish_reason"].decode(String?.self), usage: usage,
            cost: try columns["cost"].decode(Double?.self), judgeCost: try columns["judge_cost"].decode(Double?.self) ?? 0,
            timings: timings, attempts: try columns["attempts"].decode(Int?.self) ?? 1,
            score: try columns["score"].decode(Double?.self), passed: try columns["passed"].decode(Bool?.self),
            grades: [], sequence: try columns["sequence"].decode(Int?.self) ?? 0,
            cached: try columns["cached"].decode(Bool?.self) ?? false)
    }

    static func grade(_ columns: PostgresRandomAccessRow, text: Bool) throws -> GradeResult {
        GradeResult(
            type: try columns["grade_type"].decode(String.self), metric: try columns["grade_metric"].decode(String.self),
            score: try columns["grade_score"].decode(Double.self), pass: try columns["grade_pass"].decode(Bool.self),
            reason: text ? try Self.text(columns, "reason") ?? "" : "",
            weight: try columns["grade_weight"].decode(Double.self), error: try Self.text(columns, "grade_error"),
            judgeCost: try columns["grade_judge_cost"].decode(Double?.self),
            judge: try columns["grade_judge"].decode(String?.self))
    }

    public func sampleKeys(runID: String) async throws -> Set<PlannedKey> {
        try await perform("could not read the sample keys of run \(runID)") { [self] in
            var keys = Set<PlannedKey>()
            let rows = try await client.query(
                "SELECT suite, case_id, model, repeat_index FROM samples WHERE run_id = \(runID)", logger: logger)
            for try await (suite, caseID, model, repeatIndex) in rows.decode((String, String, String, Int).self) {
                keys.insert(PlannedKey(suite: suite, caseID: caseID, model: model, repeatIndex: repeatIndex))
            }
            return keys
        }
    }

    // MARK: Pairwise judgments and calibrations

    public func recordPairwise(runID: String, _ records: [PairwiseRecord]) async throws {
        // One statement may not upsert a row twice: the last record of a pair wins, as a replace would.
        let records = Self.lastOfEach(records) { [$0.suite, $0.caseID, String($0.repeatIndex), $0.modelA, $0.modelB] }
        let inserts = Self.insertRows(
            into: "pairwise",
            columns: ["run_id", "suite", "case_id", "repeat_index", "model_a", "model_b", "winner", "judge_cost"],
            suffix: """
                ON CONFLICT (run_id, suite, case_id, repeat_index, model_a, model_b)
                DO UPDATE SET winner = EXCLUDED.winner, judge_cost = EXCLUDED.judge_cost
                """,
            records
        ) { r, binds in
            binds.append(runID)
            binds.append(r.suite)
            binds.append(r.caseID)
            binds.append(r.repeatIndex)
            binds.append(r.modelA)
            binds.append(r.modelB)
            binds.append(r.winner.rawValue)
            binds.append(r.judgeCost)
        }
        try await perform("could not record the pairwise judgments of run \(runID)") { [self] in
            try await inTransaction(inserts)
        }
    }

    public func pairwise(runID: String) async throws -> [PairwiseRecord] {
        try await perform("could not read the pairwise judgments of run \(runID)") { [self] in
            var records: [PairwiseRecord] = []
            let rows = try await client.query(
                """
                SELECT suite, case_id, repeat_index, model_a, model_b, winner, judge_cost FROM pairwise
                WHERE run_id = \(runID) ORDER BY suite, case_id, repeat_index, model_a, model_b
                """, logger: logger)
            for try await (suite, caseID, repeatIndex, modelA, modelB, winner, judgeCost) in rows.decode(
                (String, String, Int, String, String, String, Double?).self)
            {
                records.append(
                    PairwiseRecord(
                        suite: suite, caseID: caseID, repeatIndex: repeatIndex, modelA: modelA, modelB: modelB,
                        winner: PairwiseWinner(rawValue: winner) ?? .unjudged, judgeCost: judgeCost))
            }
            return records
        }
    }

    public func recordCalibrations(runID: String, _ calibrations: [JudgeCalibration]) async throws {
        try await perform("could not record the judge calibrations of run \(runID)") { [self] in
            let calibrations = Self.lastOfEach(calibrations) { [$0.suite, $0.metric] }
            let measurements = try calibrations.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
            let inserts = Self.insertRows(
                into: "calibrations", columns: ["run_id", "suite", "metric", "measurement"],
                suffix: "ON CONFLICT (run_id, suite, metric) DO UPDATE SET measurement = EXCLUDED.measurement",
                Array(zip(calibrations, measurements))
            ) { item, binds in
                binds.append(runID)
                binds.append(item.0.suite)
                binds.append(item.0.metric)
                binds.append(item.1)
            }
            try await inTransaction(inserts)
        }
    }

    public func calibrations(runID: String) async throws -> [JudgeCalibration] {
        try await perform("could not read the judge calibrations of run \(runID)") { [self] in
            var calibrations: [JudgeCalibration] = []
            let rows = try await client.query(
                "SELECT measurement FROM calibrations WHERE run_id = \(runID) ORDER BY suite, metric", logger: logger)
            for try await measurement in rows.decode(String.self) {
                calibrations.append(try JSONDecoder().decode(JudgeCalibration.self, from: Data(measurement.utf8)))
            }
            return calibrations
        }
    }

    // MARK: Shards

    public func recordShard(runID: String, _ shard: ShardMark, finished: Bool) async throws {
        try await perform("could not record shard \(shard) of run \(runID)") { [self] in
            try await client.query(
                """
                INSERT INTO shards (run_id, shard_index, shard_count, finished)
                VALUES (\(runID), \(shard.index), \(shard.count), \(finished))
                ON CONFLICT (run_id, shard_index, shard_count) DO UPDATE SET finished = shards.finished OR EXCLUDED.finished
                """, logger: logger)
        }
    }

    public func shards(runID: String) async throws -> [ShardMark: Bool] {
        try await perform("could not read the shards of run \(runID)") { [self] in
            var shards: [ShardMark: Bool] = [:]
            for try await (index, count, finished) in try await client.query(
                "SELECT shard_index, shard_count, finished FROM shards WHERE run_id = \(runID)", logger: logger
            ).decode((Int, Int, Bool).self) {
                shards[ShardMark(index: index, count: count)] = finished
            }
            return shards
        }
    }

    // MARK: Response cache

    public func cachedResponse(key: String) async throws -> CachedResponse? {
        try await perform("could not read the response cache") { [self] in
            for try await response in try await client.query(
                "SELECT response FROM response_cache WHERE key = \(key)", logger: logger
            ).decode(String.self) {
                return try JSONDecoder().decode(CachedResponse.self, from: Data(response.utf8))
            }
            return nil
        }
    }

    public func storeCachedResponse(_ response: CachedResponse) async throws {
        try await perform("could not write the response cache") { [self] in
            let json = String(decoding: try JSONEncoder().encode(response), as: UTF8.self)
            try await execute(
                """
                INSERT INTO response_cache (key, provider, model, created_at, response)
                VALUES (\(response.key), \(response.provider), \(response.model), \(response.createdAt), \(json))
                ON CONFLICT (key) DO UPDATE SET provider = EXCLUDED.provider, model = EXCLUDED.model,
                    created_at = EXCLUDED.created_at, response = EXCLUDED.response
                """)
        }
    }
}

// MARK: Helpers

extension PostgresResultStore {
    /// Runs `body` in a task of its own, turning what PostgreSQL or the pool throws into a `StoreError`
    /// that says where and what failed.
    ///
    /// The task is not cancelled with the caller's: after Ctrl-C cancels a run's task, the engine still
    /// stores the samples in flight, the run's status and its reports (as the SQLite store does with
    /// GRDB's blocking calls), while PostgresNIO gives up a lease or a query at cancellation.
    func perform<Result: Sendable>(
        _ action: String, _ body: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let location = location
        return try await Task {
            do {
                return try await body()
            } catch {
                throw Self.storeError(error, location: location, action: action)
            }
        }.value
    }

    /// Runs a statement that returns no rows, to its end.
    func execute(_ statement: PostgresQuery) async throws {
        _ = try await client.query(statement, logger: logger).collect()
    }

    func inTransaction(_ statements: [PostgresQuery]) async throws {
        guard !statements.isEmpty else { return }
        try await client.withTransaction(logger: logger) { connection in
            for statement in statements {
                try await connection.query(statement, logger: logger)
            }
        }
    }

    static func storeError(_ error: any Error, location: String, action: String) -> any Error {
        if error is CancellationError { return error }
        return StoreError(message: "PostgreSQL at \(location): \(action): \(reason(error))")
    }

    /// What went wrong, in words. PostgresNIO's own descriptions are deliberately vague (they must not leak
    /// query data into logs), so the server's message and the error code are read out here; a query's
    /// bound values are never included.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as StoreError:
            return error.message
        case let error as PSQLError:
            if let info = error.serverInfo, let message = info[.message] {
                var text = message
                if let detail = info[.detail] { text += " (\(detail))" }
                if let state = info[.sqlState] { text += " [SQLSTATE \(state)]" }
                return text
            }
            if error.code == .sslUnsupported { return "the server does not offer TLS, which the URL's sslmode requires" }
            if let underlying = error.underlying { return "\(error.code): \(reason(underlying))" }
            return "\(error.code)"
        case let error as PostgresTransactionError:
            if let cause = error.closureError ?? error.beginError ?? error.commitError { return reason(cause) }
            return "the transaction failed"
        case let error as PostgresDecodingError:
            return "column \(error.columnName) holds \(error.postgresType), which is not a \(error.targetType)"
        default:
            // The pool's own errors come from a module PostgresNIO does not export: known by their text.
            let text = String(describing: error)
            if text.contains("connectionCreationCircuitBreakerTripped") {
                return "no connection to the server could be made for a minute"
            }
            return text
        }
    }

    /// A text for a TEXT column and for its BYTEA twin (see `migrations`): the UTF-8 bytes only when the
    /// text holds a NUL, which TEXT cannot; the TEXT column then shows each NUL as U+FFFD.
    static func storable(_ text: String?) -> (text: String?, bytes: ByteBuffer?) {
        guard let text else { return (nil, nil) }
        guard text.utf8.contains(0) else { return (text, nil) }
        var shown = String.UnicodeScalarView()
        shown.append(contentsOf: text.unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 })
        return (String(shown), ByteBuffer(bytes: text.utf8))
    }

    /// The text of a column that has a `_utf8` twin: the twin when it is set.
    static func text(_ columns: PostgresRandomAccessRow, _ column: String) throws -> String? {
        if let bytes = try columns["\(column)_utf8"].decode(ByteBuffer?.self) {
            return String(buffer: bytes)
        }
        return try columns[column].decode(String?.self)
    }

    /// The last element for each key, in the order of their last occurrence.
    static func lastOfEach<Element>(_ elements: [Element], key: (Element) -> [String]) -> [Element] {
        var seen = Set<[String]>()
        var kept: [Element] = []
        for element in elements.reversed() where seen.insert(key(element)).inserted {
            kept.append(element)
        }
        return kept.reversed()
    }

    /// `INSERT INTO table (columns) VALUES (…), (…) suffix` for many rows, in as few statements as the
    /// protocol's 65,535 bind parameters allow. Every value is bound: the SQL holds only placeholders.
    static func insertRows<Row>(
        into table: String, columns: [String], suffix: String = "", _ rows: [Row],
        bind: (Row, inout PostgresBindings) -> Void
    ) -> [PostgresQuery] {
        let rowsPerStatement = Int(UInt16.max) / columns.count
        return stride(from: 0, to: rows.count, by: rowsPerStatement).map { start in
            var binds = PostgresBindings(capacity: columns.count * min(rowsPerStatement, rows.count - start))
            var tuples: [String] = []
            for row in rows[start..<min(start + rowsPerStatement, rows.count)] {
                let first = binds.count + 1
                bind(row, &binds)
                precondition(binds.count - first + 1 == columns.count, "a row of \(table) bound the wrong number of values")
                tuples.append("(" + (first...binds.count).map { "$\($0)" }.joined(separator: ", ") + ")")
            }
            return PostgresQuery(
                unsafeSQL: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", ")) \(suffix)",
                binds: binds)
        }
    }
}

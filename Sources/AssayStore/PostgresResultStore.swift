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

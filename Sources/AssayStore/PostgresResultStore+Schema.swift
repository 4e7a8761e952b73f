import PostgresNIO

extension PostgresResultStore {
    /// Schema versions, applied in order, each once; a database records the ones it has in
    /// `assay_schema_migrations`. Append new versions, never edit one that has shipped.
    ///
    /// Version 1 holds the tables and columns of the SQLite store's migrations v1 to v4, with these
    /// differences:
    /// - Key and sort columns are `TEXT COLLATE "C"`, so that ordering is by code point as in SQLite,
    ///   whatever the database's locale.
    /// - `output`, `error_message`, a grade's `reason` and `error` each have a `*_utf8` BYTEA twin: TEXT
    ///   cannot hold a NUL, which a model's answer may. Text that holds one is stored as its UTF-8 bytes
    ///   there, and the TEXT column keeps it with each NUL shown as U+FFFD for people reading the table.
    /// - JSON is kept as TEXT, not JSONB: JSONB refuses `\u0000`, and the store only keeps and returns it.
    ///
    /// Version 2 is the SQLite store's v5: the shards of a run that started, and whether they finished.
    static let migrations: [(version: Int, statements: [PostgresQuery])] = [
        (
            1,
            [
                """
                CREATE TABLE runs (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    started_at TEXT COLLATE "C" NOT NULL,
                    finished_at TEXT,
                    status TEXT NOT NULL,
                    simulated BOOLEAN NOT NULL,
                    seed TEXT NOT NULL,
                    configuration TEXT NOT NULL,
                    note TEXT
                )
                """,
                """
                CREATE TABLE samples (
                    run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    suite TEXT COLLATE "C" NOT NULL,
                    case_id TEXT COLLATE "C" NOT NULL,
                    model TEXT COLLATE "C" NOT NULL,
                    repeat_index BIGINT NOT NULL,
                    status TEXT NOT NULL,
                    error_kind TEXT,
                    error_message TEXT,
                    error_message_utf8 BYTEA,
                    output TEXT,
                    output_utf8 BYTEA,
                    finish_reason TEXT,
                    input_tokens BIGINT,
                    output_tokens BIGINT,
                    cached_input_tokens BIGINT,
                    reasoning_tokens BIGINT,
                    cache_write_tokens BIGINT,
                    cost DOUBLE PRECISION,
                    judge_cost DOUBLE PRECISION NOT NULL DEFAULT 0,
                    headers_ms DOUBLE PRECISION,
                    first_event_ms DOUBLE PRECISION,
                    ttft_ms DOUBLE PRECISION,
                    total_ms DOUBLE PRECISION,
                    queued_ms DOUBLE PRECISION,
                    retry_ms DOUBLE PRECISION,
                    attempts BIGINT NOT NULL,
                    score DOUBLE PRECISION,
                    passed BOOLEAN,
                    sequence BIGINT NOT NULL,
                    cached BOOLEAN NOT NULL DEFAULT FALSE,
                    PRIMARY KEY (run_id, suite, case_id, model, repeat_index)
                )
                """,
                "CREATE INDEX samples_by_sequence ON samples (run_id, sequence)",
                """
                CREATE TABLE scores (
                    run_id TEXT COLLATE "C" NOT NULL,
                    suite TEXT COLLATE "C" NOT NULL,
                    case_id TEXT COLLATE "C" NOT NULL,
                    model TEXT COLLATE "C" NOT NULL,
                    repeat_index BIGINT NOT NULL,
                    position BIGINT NOT NULL,
                    type TEXT NOT NULL,
                    metric TEXT NOT NULL,
                    score DOUBLE PRECISION NOT NULL,
                    pass BOOLEAN NOT NULL,
                    reason TEXT NOT NULL,
                    reason_utf8 BYTEA,
                    weight DOUBLE PRECISION NOT NULL,
                    error TEXT,
                    error_utf8 BYTEA,
                    judge_cost DOUBLE PRECISION,
                    judge TEXT,
                    PRIMARY KEY (run_id, suite, case_id, model, repeat_index, position),
                    FOREIGN KEY (run_id, suite, case_id, model, repeat_index)
                        REFERENCES samples (run_id, suite, case_id, model, repeat_index) ON DELETE CASCADE
                )
                """,
                """
                CREATE TABLE pairwise (
                    run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    suite TEXT COLLATE "C" NOT NULL,
                    case_id TEXT COLLATE "C" NOT NULL,
                    repeat_index BIGINT NOT NULL,
                    model_a TEXT COLLATE "C" NOT NULL,
                    model_b TEXT COLLATE "C" NOT NULL,
                    winner TEXT NOT NULL,
                    judge_cost DOUBLE PRECISION,
                    PRIMARY KEY (run_id, suite, case_id, repeat_index, model_a, model_b)
                )
                """,
                """
                CREATE TABLE calibrations (
                    run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    suite TEXT COLLATE "C" NOT NULL,
                    metric TEXT COLLATE "C" NOT NULL,
                    measurement TEXT NOT NULL,
                    PRIMARY KEY (run_id, suite, metric)
                )
                """,
                """
                CREATE TABLE response_cache (
                    key TEXT COLLATE "C" PRIMARY KEY,
                    provider TEXT NOT NULL,
                    model TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    response TEXT NOT NULL
                )
                """,
            ]
        ),
        (
            2,
            [
                """
                CREATE TABLE shards (
                    run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    shard_index BIGINT NOT NULL,
                    shard_count BIGINT NOT NULL,
                    finished BOOLEAN NOT NULL DEFAULT FALSE,
                    PRIMARY KEY (run_id, shard_index, shard_count)
                )
                """
            ]
        ),
        (
            3,
            [
                "ALTER TABLE samples ADD COLUMN tool_calls TEXT",
                "ALTER TABLE samples ADD COLUMN tool_calls_utf8 BYTEA",
                "ALTER TABLE samples ADD COLUMN billed_input_tokens BIGINT",
                "ALTER TABLE samples ADD COLUMN billed_output_tokens BIGINT",
            ]
        ),
        (4, ["ALTER TABLE samples ADD COLUMN turns TEXT", "ALTER TABLE samples ADD COLUMN turns_utf8 BYTEA"]),
        (5, ["ALTER TABLE samples ADD COLUMN generation_ms DOUBLE PRECISION"]),
        (6, ["ALTER TABLE samples ADD COLUMN chunk_gaps BYTEA"]),
    ]

    /// Brings the database's schema up to date, in one transaction.
    ///
    /// Shards on several machines may open the store at the same moment: a transaction-scoped advisory
    /// lock makes them migrate one after the other, and each sees what the one before it applied. (Without
    /// it two `CREATE TABLE IF NOT EXISTS` can still collide on the catalog.) The lock is released at
    /// commit or rollback, so a process killed mid-migration leaves neither a lock nor half a schema.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            // "assay" in ASCII: any constant works, as long as every Assay agrees on it.
            try await connection.query("SELECT pg_advisory_xact_lock(418548769145)", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS assay_schema_migrations (
                    version BIGINT PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """,
                logger: logger)
            var applied = Set<Int>()
            for try await version in try await connection.query(
                "SELECT version FROM assay_schema_migrations", logger: logger
            ).decode(Int.self) {
                applied.insert(version)
            }
            if let newest = applied.max(), newest > migrations.map(\.version).max() ?? 0 {
                throw StoreError(
                    message: "its schema is version \(newest), newer than this Assay knows: upgrade Assay to use it")
            }
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(statement, logger: logger)
                }
                try await connection.query(
                    "INSERT INTO assay_schema_migrations (version) VALUES (\(migration.version))", logger: logger)
            }
        }
    }
}

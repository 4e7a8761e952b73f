import GRDB

extension SQLiteResultStore {
    /// The schema, one step at a time: a step once released is never changed, only followed by another.
    /// The identifiers are those GRDB's migrator recorded in `grdb_migrations` for stores made before.
    static let migrations: [(identifier: String, apply: @Sendable (Database) throws -> Void)] = [
        ("v1", { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    status TEXT NOT NULL,
                    simulated INTEGER NOT NULL,
                    seed TEXT NOT NULL,
                    configuration TEXT NOT NULL
                );
                CREATE TABLE samples (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    suite TEXT NOT NULL,
                    case_id TEXT NOT NULL,
                    model TEXT NOT NULL,
                    repeat_index INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    error_kind TEXT,
                    error_message TEXT,
                    output TEXT,
                    finish_reason TEXT,
                    input_tokens INTEGER,
                    output_tokens INTEGER,
                    cached_input_tokens INTEGER,
                    reasoning_tokens INTEGER,
                    cost REAL,
                    judge_cost REAL NOT NULL DEFAULT 0,
                    headers_ms REAL,
                    first_event_ms REAL,
                    ttft_ms REAL,
                    total_ms REAL,
                    queued_ms REAL,
                    retry_ms REAL,
                    attempts INTEGER NOT NULL,
                    score REAL,
                    passed INTEGER,
                    sequence INTEGER NOT NULL,
                    PRIMARY KEY (run_id, suite, case_id, model, repeat_index)
                );
                CREATE INDEX samples_by_sequence ON samples(run_id, sequence);
                CREATE TABLE scores (
                    run_id TEXT NOT NULL,
                    suite TEXT NOT NULL,
                    case_id TEXT NOT NULL,
                    model TEXT NOT NULL,
                    repeat_index INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    metric TEXT NOT NULL,
                    score REAL NOT NULL,
                    pass INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    weight REAL NOT NULL,
                    error TEXT,
                    judge_cost REAL,
                    judge TEXT,
                    PRIMARY KEY (run_id, suite, case_id, model, repeat_index, position),
                    FOREIGN KEY (run_id, suite, case_id, model, repeat_index)
                        REFERENCES samples(run_id, suite, case_id, model, repeat_index) ON DELETE CASCADE
                );
                """)
        }),
        ("v2: cache writes", { db in
            try db.execute(sql: "ALTER TABLE samples ADD COLUMN cache_write_tokens INTEGER")
        }),
        ("v3: pairwise judgments", { db in
            try db.execute(sql: """
                CREATE TABLE pairwise (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    suite TEXT NOT NULL,
                    case_id TEXT NOT NULL,
                    repeat_index INTEGER NOT NULL,
                    model_a TEXT NOT NULL,
                    model_b TEXT NOT NULL,
                    winner TEXT NOT NULL,
                    judge_cost REAL,
                    PRIMARY KEY (run_id, suite, case_id, repeat_index, model_a, model_b)
                );
                """)
        }),
        ("v4: cache, resume, notes, calibrations", { db in
            try db.execute(sql: """
                ALTER TABLE samples ADD COLUMN cached INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE runs ADD COLUMN note TEXT;
                CREATE TABLE calibrations (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    suite TEXT NOT NULL,
                    metric TEXT NOT NULL,
                    measurement TEXT NOT NULL,
                    PRIMARY KEY (run_id, suite, metric)
                );
                CREATE TABLE response_cache (
                    key TEXT PRIMARY KEY NOT NULL,
                    provider TEXT NOT NULL,
                    model TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    response TEXT NOT NULL
                );
                """)
        }),
        ("v5: shards", { db in
            try db.execute(sql: """
                CREATE TABLE shards (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    shard_index INTEGER NOT NULL,
                    shard_count INTEGER NOT NULL,
                    finished INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (run_id, shard_index, shard_count)
                );
                """)
        }),
        ("v6: tool calls, billed units", { db in
            try db.execute(sql: """
                ALTER TABLE samples ADD COLUMN tool_calls TEXT;
                ALTER TABLE samples ADD COLUMN billed_input_tokens INTEGER;
                ALTER TABLE samples ADD COLUMN billed_output_tokens INTEGER;
                """)
        }),
        ("v7: turns", { db in
            try db.execute(sql: "ALTER TABLE samples ADD COLUMN turns TEXT")
        }),
        ("v8: generation time", { db in
            try db.execute(sql: "ALTER TABLE samples ADD COLUMN generation_ms REAL")
        }),
        ("v9: inter-chunk latencies", { db in
            try db.execute(sql: "ALTER TABLE samples ADD COLUMN chunk_gaps BLOB")
        }),
    ]

    /// Applies the steps the file lacks, all in one IMMEDIATE transaction.
    ///
    /// Shards opening a new file at the same moment then take turns, and each sees what the one before
    /// applied. (GRDB's migrator reads what is applied before its transactions begin, so two processes
    /// could both apply a step: "duplicate column name".)
    ///
    /// Foreign keys are off while the steps run, as GRDB's migrator had them, so that a step rebuilding a
    /// table cannot cascade into the rows that refer to it; they are checked before the commit.
    static func migrate(_ writer: any DatabaseWriter) throws {
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            try db.inTransaction(.immediate) {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
                if let unknown = applied.subtracting(migrations.map(\.identifier)).sorted().first {
                    throw StoreError(message: "its schema has step \"\(unknown)\", newer than this Assay knows: upgrade Assay to use it")
                }
                for step in migrations where !applied.contains(step.identifier) {
                    try step.apply(db)
                    try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [step.identifier])
                }
                if let violation = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") {
                    throw StoreError(message: "its schema update left a row in \(violation[0] as String? ?? "a table") without the row it refers to")
                }
                return .commit
            }
        }
    }
}

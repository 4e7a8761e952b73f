public import AssayCore
import Foundation
import PostgresNIO

/// How the store talks to PostgreSQL: one task per operation, errors that say what failed, rows in batches.
extension PostgresResultStore {
    /// Runs `body` in a task of its own, turning what PostgreSQL or the pool throws into a `StoreError`
    /// that says where and what failed.
    ///
    /// The task is not cancelled with the caller's: a call cancelled after Ctrl-C's grace period still
    /// stores what it has (as the SQLite store does with GRDB's blocking calls), while PostgresNIO gives
    /// up a lease or a query at cancellation.
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

    /// How many rows' values the reading task of `stream` decodes before handing them over.
    static let batchSize = 256

    /// Reads in a task of its own, which the caller's cancellation does not reach (see `perform`), and hands
    /// what it reads over in batches; `body` runs in the caller's task. A `body` that throws stops the reader
    /// and its query is dropped.
    /// - Parameter read: reads the rows and passes each value to `emit`, stopping when `emit` answers false
    ///   (the caller has left).
    func stream<Element: Sendable>(
        _ action: String, read: @escaping @Sendable (_ emit: (Element) async -> Bool) async throws -> Void,
        _ body: (Element) throws -> Void
    ) async throws {
        let handoff = Handoff<Element>()
        let reader = Task { [location] in
            do {
                var batch: [Element] = []
                var open = true
                try await read { element in
                    batch.append(element)
                    guard batch.count == Self.batchSize else { return true }
                    let full = batch
                    batch = []
                    open = await handoff.deliver(full)
                    return open
                }
                if open, !batch.isEmpty { open = await handoff.deliver(batch) }
                if open { handoff.finish(nil) }
            } catch {
                handoff.finish(Self.storeError(error, location: location, action: action))
            }
        }
        do {
            while let batch = try await handoff.next() {
                for element in batch { try body(element) }
            }
        } catch {
            handoff.stop()
            reader.cancel()
            throw error
        }
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

    /// The tool calls of a sample row read with its texts (`ToolCall.json`); none when NULL.
    static func toolCalls(_ columns: PostgresRandomAccessRow) throws -> [ToolCall] {
        guard let text = try text(columns, "tool_calls"), let json = try? JSONValue.parse(text) else { return [] }
        return ToolCall.from(json: json) ?? []
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

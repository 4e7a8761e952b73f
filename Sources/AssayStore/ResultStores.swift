public import AssayCore
public import PostgresNIO
public import Foundation

/// Opens the store a location names: a PostgreSQL URL, or else a SQLite file path.
public enum ResultStores {
    /// Opens (creating and migrating if needed) the store at `location`.
    ///
    /// - Parameters:
    ///   - location: `postgres://user:password@host:port/database` (or `postgresql://`, with an
    ///     optional `?sslmode=`) for PostgreSQL, shared by shards on several machines; anything else is
    ///     the path of a SQLite file.
    ///   - logger: where a PostgreSQL store's connection pool logs.
    /// - Returns: The open store; call `close()` when done with it.
    /// - Throws: `StoreError` when the store cannot be reached, opened or migrated.
    public static func open(
        _ location: String, logger: Logger = PostgresResultStore.defaultLogger
    ) async throws -> any ResultStore {
        if PostgresLocation.matches(location) {
            return try await PostgresResultStore(url: location, logger: logger)
        }
        // A URL of another kind (or one with text before it) is a mistake, not a file name to create.
        if location.contains("://") {
            throw StoreError(
                message: "\(describe(location).debugDescription) is not a store location: "
                    + "give a postgres:// or postgresql:// URL, or the path of a SQLite file")
        }
        return try SQLiteResultStore(path: location)
    }

    /// Runs `body` with the store at `location`, and closes the store after, whether `body` returns or throws.
    public static func using<T: Sendable>(
        _ location: String, logger: Logger = PostgresResultStore.defaultLogger, _ body: (any ResultStore) async throws -> T
    ) async throws -> T {
        let store = try await open(location, logger: logger)
        do {
            let value = try await body(store)
            await store.close()
            return value
        } catch {
            await store.close()
            throw error
        }
    }

    /// Whether `location` names a PostgreSQL database rather than a SQLite file.
    public static func isPostgreSQL(_ location: String) -> Bool {
        PostgresLocation.matches(location)
    }

    /// The location as it may be shown in logs and reports: a URL's password is replaced by `***`.
    ///
    /// Works on text that is not a valid URL too, since that is when it ends up in an error message.
    public static func describe(_ location: String) -> String {
        guard let schemeEnd = location.range(of: "://") else { return location }
        let rest = location[schemeEnd.upperBound...]
        // The user information ends at the last @: an unencoded @ in a password then still counts as
        // password, so that too much is hidden rather than too little.
        guard let at = rest.lastIndex(of: "@") else { return location }
        let userInfo = rest[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return location }
        return String(location[..<colon]) + ":***" + String(location[at...])
    }
}

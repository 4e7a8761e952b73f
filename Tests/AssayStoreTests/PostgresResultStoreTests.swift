import AssayCore
import AssayStore
import Foundation
import Testing

/// What only the PostgreSQL store does: read its URL, and report what the server says without the
/// password. The store's behaviour itself is in `ResultStoreContractTests`.
struct PostgresResultStoreTests {
    static let secret = "s3cret-Pa55word"

    @Test(arguments: [
        ("postgres://u:\(secret)@/db", "names no host"),
        ("postgres://:\(secret)@localhost/db", "names no user"),
        ("postgres://u:\(secret)@localhost/db?sslmode=sometimes", "sslmode \"sometimes\" is not one of"),
        ("postgres://u:\(secret)@localhost/db?search_path=x", "\"search_path\" is not supported"),
        ("postgres://u:\(secret)@localhost:99999/db", "port"),
        ("postgres://u:\(secret)@localhost/a/b", "holds a /"),
    ])
    func anUnusableURLIsNamedWithoutItsPassword(url: String, problem: String) async throws {
        let error = try await #require(throws: StoreError.self) { try await PostgresResultStore(url: url) }
        #expect(error.message.contains(problem), "\(error.message)")
        #expect(error.message.contains("***"), "\(error.message)")
        #expect(!error.message.contains(Self.secret))
    }

    // Port 1 on loopback: nothing listens there, so the connection fails at once, and the error names the
    // host, port and database as read from the URL.
    @Test(arguments: [
        ("postgresql://u:\(secret)@127.0.0.1:1/assay", "127.0.0.1:1/assay"),
        ("postgres://u:\(secret)@[::1]:1/assay?sslmode=disable", "[::1]:1/assay"),
        // Percent-encoding is decoded; without a database, the user's name is the database's (as in libpq).
        ("postgres://us%40er:\(secret)%2F%3F@127.0.0.1:1", "127.0.0.1:1/us@er"),
        ("postgres://u:\(secret)@127.0.0.1:1/my%20db?sslmode=require", "127.0.0.1:1/my db"),
    ])
    func aServerThatCannotBeReachedIsNamedWithoutThePassword(url: String, location: String) async throws {
        let error = try await #require(throws: StoreError.self) { try await PostgresResultStore(url: url) }
        #expect(error.message.hasPrefix("PostgreSQL at \(location): could not open the store:"), "\(error.message)")
        #expect(!error.message.contains(Self.secret))
    }

    // Needs a server: skipped, and shown as skipped, when ASSAY_TEST_POSTGRES_URL is unset (the contract
    // tests then run against SQLite only). `scripts/postgres.sh` starts one and prints the URL to export.
    @Test(.disabled(if: StoreKind.postgresURL == nil, "ASSAY_TEST_POSTGRES_URL is not set (see scripts/postgres.sh)"))
    func theServerRefusingTheLoginIsReportedWithoutThePassword() async throws {
        let serverURL = try #require(StoreKind.postgresURL)
        var components = try #require(URLComponents(string: serverURL))
        components.password = Self.secret
        let url = try #require(components.string)
        let error = try await #require(throws: StoreError.self) { try await PostgresResultStore(url: url) }
        #expect(error.message.contains("password authentication failed"), "\(error.message)")
        #expect(error.message.contains("28P01"), "\(error.message)")
        #expect(!error.message.contains(Self.secret))
    }
}

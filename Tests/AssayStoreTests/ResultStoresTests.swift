import AssayCore
import AssayStore
import Foundation
import Testing

struct ResultStoresTests {
    @Test(arguments: [
        ("postgres://assay:secret@127.0.0.1:5432/assay", "postgres://assay:***@127.0.0.1:5432/assay"),
        ("postgresql://u:p%40ss@db.example/x?sslmode=require", "postgresql://u:***@db.example/x?sslmode=require"),
        // An unencoded @ in the password: everything up to the last @ is hidden.
        ("postgres://u:p@ss:w@rd@host/db", "postgres://u:***@host/db"),
        ("postgres://u:@host/db", "postgres://u:***@host/db"),
        ("postgres://u@host/db", "postgres://u@host/db"),
        ("postgres://host/db", "postgres://host/db"),
        ("Reports/assay.sqlite", "Reports/assay.sqlite"),
        ("/tmp/with:colon@at.sqlite", "/tmp/with:colon@at.sqlite"),
    ])
    func describeHidesAPassword(location: String, described: String) {
        #expect(ResultStores.describe(location) == described)
    }

    @Test func aPathOpensASQLiteFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("assay-\(UUID().uuidString)/a.sqlite").path
        let store = try await ResultStores.open(path)
        #expect(store is SQLiteResultStore)
        #expect(FileManager.default.fileExists(atPath: path))
        await store.close()
    }

    @Test(arguments: [
        "mysql://u:s3cret@db/x",
        // What a set-up script that also printed a line of its own would hand over.
        "Removed stale pid file.\npostgres://u:s3cret@127.0.0.1:5432/x",
    ])
    func aURLThatIsNotPostgresIsRefusedRatherThanTakenForAPath(location: String) async throws {
        let error = await #expect(throws: StoreError.self) { try await ResultStores.open(location) }
        #expect(error?.message.contains("is not a store location") == true)
        #expect(error?.message.contains("s3cret") == false)
        #expect(!FileManager.default.fileExists(atPath: location))
    }

    @Test(.disabled(if: StoreKind.postgresURL == nil, "ASSAY_TEST_POSTGRES_URL is not set (see scripts/postgres.sh)"))
    func aPostgresURLOpensPostgreSQL() async throws {
        let store = try await ResultStores.open(try #require(StoreKind.postgresURL))
        #expect(store is PostgresResultStore)
        await store.close()
    }
}

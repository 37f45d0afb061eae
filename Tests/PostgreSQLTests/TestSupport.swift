import Foundation
import PostgreSQL
import TestKit
import Testing

/// The server the tests run against: `FASTAG_TEST_POSTGRES_URL` when set, else a throwaway
/// cluster this test process starts on first use (TestKit's `PostgresCluster`).
enum TestServer {
    /// The URL; throws (so every test that needs a server fails, loudly) when there is none.
    static func url() throws -> PostgresURL {
        try PostgresURL(PostgresCluster.sharedURL())
    }
}

extension PostgresCluster {
    var postgresURL: PostgresURL {
        get throws { try PostgresURL(url) }
    }
}

/// A schema of the test's own, so that tests run in parallel without seeing each other's
/// tables: every connection made through `url` uses it (`search_path`, set at connect time).
/// Dropped, with everything in it, when released.
final class TestSchema: Sendable {
    let name: String
    let url: PostgresURL
    private let serverURL: PostgresURL

    init() throws {
        serverURL = try TestServer.url()
        name = "t_" + UUID().uuidString.replacing("-", with: "").lowercased().prefix(16)
        let admin = try Database(url: serverURL)
        try admin.execute("CREATE SCHEMA \(name)")
        url = try serverURL.setting("options", to: "-c search_path=\(name)")
    }

    deinit {
        // Best effort: a schema left behind in a throwaway cluster harms nothing.
        if let admin = try? Database(url: serverURL) {
            try? admin.execute("SET lock_timeout = '10s'; DROP SCHEMA \(name) CASCADE")
        }
    }

    func connect() throws -> Database {
        try Database(url: url)
    }

    /// A connection that is not in this schema (to watch or to kill other sessions).
    func adminConnection() throws -> Database {
        try Database(url: serverURL)
    }

    /// The table several suites share: a serial id, a unique key and a number.
    static let keyedNumbers = "CREATE TABLE t (id serial PRIMARY KEY, k text NOT NULL UNIQUE, n integer NOT NULL)"

    /// What most suites start from: a new schema with `tables` made in it (any SQL script),
    /// and a connection to it.
    static func connected(creating tables: String = keyedNumbers) throws -> (TestSchema, Database) {
        let schema = try TestSchema()
        let db = try schema.connect()
        try db.execute(tables)
        return (schema, db)
    }
}

/// A test's own error, to tell it apart from anything PostgreSQL throws.
struct Boom: Error, Equatable {
    var tag = 0
}

extension Database {
    /// `SELECT count(*) FROM table`.
    func count(_ table: String) throws -> Int {
        try scalar("SELECT count(*) FROM \(table)", as: Int.self)
    }
}

/// What `body` returned or threw, as a value (for `async let` of work expected to fail).
func outcome<T>(_ body: () async throws -> T) async -> Result<T, any Error> {
    do {
        return .success(try await body())
    } catch {
        return .failure(error)
    }
}

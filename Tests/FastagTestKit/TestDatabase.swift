import FastagBot
import Foundation
import PostgreSQL
import SQLite
import TestKit

/// A database of one test's own: the one place where the tests choose their backend. The
/// tests that run the product's storage get it here, the server's (`TestServer`) and the
/// engine's over storage alike.
///
/// - SQLite: a file in a temporary directory.
/// - PostgreSQL: a schema of its own in the shared test server (`PostgresCluster`), reached
///   through a URL whose connections use it (`options=-c search_path=<schema>`), so that
///   tests running in parallel never see each other's tables; `remove()` drops it.
///
/// The backend is `TestBackend.current` unless given: `.sqlite`, or `.postgres` inside a
/// suite marked `.onBothBackends` while it runs its tests a second time.
package final class TestDatabase: Sendable {
    package let backend: TestBackend
    package let directory: String
    /// The schema's URL (PostgreSQL only), as text: a child process gets it as `DATABASE_URL`.
    private let postgresURL: String?
    private let schema: String?
    private let serverURL: String?

    /// - Throws: on PostgreSQL, when there is no server (`PostgresCluster` says why) or the
    ///   schema cannot be made: the test fails loudly rather than skipping.
    package init(_ name: String = "fastag-test", backend: TestBackend = .current) throws {
        self.backend = backend
        directory = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString)"
        switch backend {
        case .sqlite:
            (postgresURL, schema, serverURL) = (nil, nil, nil)
        case .postgres:
            let server = try PostgresCluster.sharedURL()
            let schema = "t_" + UUID().uuidString.replacing("-", with: "").lowercased().prefix(16)
            let admin = try Database(url: PostgresURL(server))
            try admin.execute("CREATE SCHEMA \(schema)")
            let options = "-c search_path=\(schema)".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            postgresURL = server + (server.contains("?") ? "&" : "?") + "options=" + options
            self.schema = schema
            serverURL = server
        }
    }

    /// The SQLite file (SQLite only; tests of SQLite itself open it directly).
    package var databasePath: String { directory + "/test.db" }
    package var dataDirectory: String { directory + "/data" }

    /// Where the product finds this database (`DATABASE_URL`).
    package var location: DatabaseLocation {
        get throws {
            switch backend {
            case .sqlite: .sqlite(path: databasePath)
            case .postgres: .postgres(try PostgresURL(postgresURL ?? ""))
            }
        }
    }

    /// `DATABASE_URL` and `DATA_DIR` for a child process over this database.
    package var environment: [String: String] {
        ["DATABASE_URL": postgresURL ?? "sqlite:///" + databasePath, "DATA_DIR": dataDirectory]
    }

    /// Points `settings` at this database and its photos' directory.
    package func configure(_ settings: inout Settings) throws {
        settings.database = try location
        settings.dataDirectory = dataDirectory
    }

    /// The product's storage over this database (created and migrated on first use).
    package func storage(time: any TimeSource = SystemTime()) throws -> Storage {
        try Storage(location: location, dataDirectory: dataDirectory, poolSize: 4, time: time)
    }

    /// Deletes the database and the photos (connections still open keep working on Linux).
    /// A PostgreSQL schema is dropped later, one at a time on a queue of its own: the drop
    /// takes a lock on every table, and a test's task must not block a thread of the few
    /// that all tests' tasks share. Best effort: a schema left behind in a throwaway cluster
    /// harms nothing.
    package func remove() {
        try? FileManager.default.removeItem(atPath: directory)
        guard let schema, let serverURL else { return }
        Self.drops.async {
            guard let admin = try? Database(url: PostgresURL(serverURL)) else { return }
            try? admin.execute("SET lock_timeout = '10s'; DROP SCHEMA \(schema) CASCADE")
        }
    }

    private static let drops = DispatchQueue(label: "test-database.drops")
}

extension TestDatabase {
    /// Whether `error` is the backend's refusal of a change that breaks a rule of the schema
    /// (a foreign key, a CHECK, a unique key): `SQLiteError` or `PostgresError`.
    package static func isConstraintViolation(_ error: any Error) -> Bool {
        if let error = error as? SQLiteError { return error.isConstraintViolation }
        if let error = error as? PostgresError { return error.isConstraintViolation }
        return false
    }
}

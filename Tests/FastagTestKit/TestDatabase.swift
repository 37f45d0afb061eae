import FastagBot
import Foundation

/// A database of one test's own, in a temporary directory. The tests that run the product's
/// storage get it here, the server's (`TestServer`) and the engine's over storage alike: the
/// one place where the tests choose their backend (SQLite today), so that the store, engine
/// and API suites can later run on a second one by adding a parameter here.
package struct TestDatabase: Sendable {
    package let directory: String

    package init(_ name: String = "fastag-test") {
        directory = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString)"
    }

    package var databasePath: String { directory + "/test.db" }
    package var dataDirectory: String { directory + "/data" }

    /// Points `settings` at this database and its photos' directory.
    package func configure(_ settings: inout Settings) {
        settings.databasePath = databasePath
        settings.dataDirectory = dataDirectory
    }

    /// The product's storage over this database (created and migrated on first use).
    package func storage(time: any TimeSource = SystemTime()) throws -> Storage {
        try Storage(databasePath: databasePath, dataDirectory: dataDirectory, time: time)
    }

    /// Deletes the database and the photos (connections still open keep working on Linux).
    package func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

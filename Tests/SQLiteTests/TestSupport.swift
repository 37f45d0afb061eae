import Foundation
import SQLite

/// A fresh database path under the temporary directory. Call `remove()` (in a `defer`) to
/// delete the file and its `-wal`, `-shm` and `-journal` companions.
struct TemporaryPath: Sendable {
    let path: String

    init() {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("sqlite-tests-\(UUID().uuidString).db")
    }

    func remove() {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}

/// A test's own error, to tell it apart from anything SQLite throws.
struct Boom: Error, Equatable {
    var tag = 0
}

extension Database {
    /// `SELECT count(*) FROM table`.
    func count(_ table: String) throws -> Int {
        try scalar("SELECT count(*) FROM \(table)", as: Int.self)
    }
}

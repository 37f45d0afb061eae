import Foundation
import Glibc
import SQLite
import Testing

/// How a connection is set up: WAL, synchronous, foreign keys, busy timeout, read-only,
/// and refusing files that are not databases.
@Suite struct OptionsTests {
    @Test func fileDefaults() throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        let db = try Database(path: temp.path)
        #expect(db.path == temp.path)
        #expect(try db.scalar("PRAGMA journal_mode", as: String.self) == "wal")
        #expect(try db.scalar("PRAGMA synchronous", as: Int.self) == 2)
        #expect(try db.scalar("PRAGMA foreign_keys", as: Int.self) == 1)
        #expect(try db.scalar("PRAGMA busy_timeout", as: Int.self) == 5000)
        #expect(FileManager.default.fileExists(atPath: temp.path))
    }

    /// SQLite would make the file 0644 (less the umask) and give `-wal` and `-shm` the same.
    @Test func aNewFileAndItsCompanionsAreOwnerOnly() throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        let db = try Database(path: temp.path)
        try db.execute("CREATE TABLE t (v)")
        let reader = try Database(path: temp.path, options: .init(readOnly: true))
        #expect(try reader.count("t") == 0)
        for path in [temp.path, temp.path + "-wal", temp.path + "-shm"] {
            var status = stat()
            #expect(stat(path, &status) == 0, "\(path)")
            #expect(status.st_mode & 0o777 == 0o600, "\(path)")
        }

        // Another mode when asked; an existing file keeps its own.
        let other = TemporaryPath()
        defer { other.remove() }
        var options = Database.Options()
        options.fileMode = 0o640
        _ = try Database(path: other.path, options: options)
        _ = try Database(path: other.path)
        var status = stat()
        #expect(stat(other.path, &status) == 0 && status.st_mode & 0o777 == 0o640)
    }

    /// On by default on every connection, read-only ones too; some SQLite builds default
    /// to off, so it is set, not assumed (turning it off shows the setting takes effect).
    @Test func secureDelete() throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        let db = try Database(path: temp.path)
        #expect(try db.scalar("PRAGMA secure_delete", as: Int.self) == 1)
        let reader = try Database(path: temp.path, options: .init(readOnly: true))
        #expect(try reader.scalar("PRAGMA secure_delete", as: Int.self) == 1)
        var options = Database.Options()
        options.secureDelete = false
        #expect(try Database(path: ":memory:", options: options).scalar("PRAGMA secure_delete", as: Int.self) == 0)
        #expect(try Database(path: ":memory:").scalar("PRAGMA secure_delete", as: Int.self) == 1)
    }

    @Test(arguments: [
        (Database.Options.Synchronous.off, 0), (.normal, 1), (.full, 2),
    ])
    func synchronous(_ mode: Database.Options.Synchronous, _ expected: Int) throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        let db = try Database(path: temp.path, options: .init(synchronous: mode))
        #expect(try db.scalar("PRAGMA synchronous", as: Int.self) == expected)
        #expect(try db.scalar("PRAGMA journal_mode", as: String.self) == "wal")
    }

    @Test func busyTimeoutAndForeignKeysOff() throws {
        var options = Database.Options(busyTimeoutMilliseconds: 250)
        options.foreignKeys = false
        let db = try Database(path: ":memory:", options: options)
        #expect(try db.scalar("PRAGMA busy_timeout", as: Int.self) == 250)
        #expect(try db.scalar("PRAGMA foreign_keys", as: Int.self) == 0)
    }

    @Test func inMemoryDatabase() throws {
        let db = try Database(path: ":memory:")
        #expect(try db.scalar("PRAGMA journal_mode", as: String.self) == "memory")
        #expect(try db.scalar("PRAGMA foreign_keys", as: Int.self) == 1)
        #expect(try db.userVersion() == 0)
    }

    /// Opening garbage must fail cleanly (and must not close the handle twice: run it a few
    /// times so that a double close would show up as a crash).
    @Test func refusesAFileThatIsNotADatabase() throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        var generator = SystemRandomNumberGenerator()
        let garbage = (0..<8192).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        try Data(Array("this is not a database, it is a text file\n".utf8) + garbage).write(
            to: URL(fileURLWithPath: temp.path))
        for _ in 0..<20 {
            let error = #expect(throws: SQLiteError.self) { _ = try Database(path: temp.path) }
            #expect(error?.code == .notADatabase)
            #expect(error?.message.isEmpty == false)
            let readOnly = #expect(throws: SQLiteError.self) {
                _ = try Database(path: temp.path, options: .init(readOnly: true))
            }
            #expect(readOnly?.code == .notADatabase)
        }
    }

    @Test func refusesAPathThatCannotBeOpened() throws {
        let missingDirectory = TemporaryPath().path + "/no/such/dir/x.db"
        let error = #expect(throws: SQLiteError.self) { _ = try Database(path: missingDirectory) }
        #expect(error?.code == .cannotOpen)
        #expect(error?.message.contains(missingDirectory) == true)

        let missingFile = TemporaryPath()
        #expect(throws: SQLiteError.self) { _ = try Database(path: missingFile.path, options: .init(readOnly: true)) }
        #expect(!FileManager.default.fileExists(atPath: missingFile.path))
    }

    @Test func readOnlyConnectionCannotWrite() throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        let writer = try Database(path: temp.path)
        try writer.execute("CREATE TABLE t (v)")
        try writer.run("INSERT INTO t VALUES (?)", 1)

        let reader = try Database(path: temp.path, options: .init(readOnly: true))
        #expect(try reader.count("t") == 1)
        for sql in ["INSERT INTO t VALUES (2)", "UPDATE t SET v = 3", "DELETE FROM t", "CREATE TABLE u (v)"] {
            let error = #expect(throws: SQLiteError.self) { try reader.run(sql) }
            #expect(error?.code.primary == .readOnly)
            #expect(ErrorTests.family(error?.code ?? .ok) == "readOnly")
        }
        #expect(throws: SQLiteError.self) { try reader.transaction { try reader.run("INSERT INTO t VALUES (4)") } }
        #expect(!reader.isInTransaction)

        // It sees what the writer commits later.
        try writer.run("INSERT INTO t VALUES (?)", 5)
        #expect(try reader.count("t") == 2)
        #expect(try writer.count("t") == 2)
    }

    @Test func lastInsertRowIDAndUserVersion() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v)")
        try db.run("INSERT INTO t (id, v) VALUES (41, 'a')")
        #expect(db.lastInsertRowID == 41)
        try db.run("INSERT INTO t (v) VALUES ('b')")
        #expect(db.lastInsertRowID == 42)
        try db.execute("PRAGMA user_version = 12")
        #expect(try db.userVersion() == 12)
    }
}

import Foundation
import SQLite
import Synchronization
import TestKit
import Testing

/// Shared state for the test closures, which must be `Sendable`.
private final class Flags: Sendable {
    let holding = Atomic<Bool>(false)
    let submitted = Atomic<Int>(0)
}

/// A second, read-only connection that sees only what the pool has committed.
private final class Observer: Sendable {
    private let db: Mutex<Database>

    init(path: String) throws {
        db = Mutex(try Database(path: path, options: .init(readOnly: true)))
    }

    func committedRows() throws -> Int {
        try db.withLock { try $0.count("t") }
    }
}

/// `DatabasePool`: group-committed writes, reader connections, blocking variants, durability.
@Suite struct DatabasePoolTests {
    static func makePool(_ temp: TemporaryPath, readerCount: Int = 2) throws -> DatabasePool {
        let pool = try DatabasePool(path: temp.path, readerCount: readerCount)
        try pool.writeNow { db in
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, n INTEGER)")
        }
        return pool
    }

    /// Runs `count` writes so that they all land in one group commit: a first write holds
    /// the writer until every other one has been submitted. Returns the results in index order.
    static func inOneBatch<T: Sendable>(
        _ pool: DatabasePool, count: Int, _ write: @escaping @Sendable (Int) async -> T
    ) async throws -> [T] {
        let flags = Flags()
        async let held: Void = pool.write { _ in
            flags.holding.store(true, ordering: .sequentiallyConsistent)
            let deadline = ContinuousClock.now + .seconds(120)
            while flags.submitted.load(ordering: .sequentiallyConsistent) < count && ContinuousClock.now < deadline {
                usleep(200)
            }
            usleep(50_000)  // let the last ones get from `submitted` into the queue
        }
        #expect(await eventually { flags.holding.load(ordering: .sequentiallyConsistent) })
        let results = await withTaskGroup(of: (Int, T).self) { group in
            for index in 0..<count {
                group.addTask {
                    flags.submitted.add(1, ordering: .sequentiallyConsistent)
                    return (index, await write(index))
                }
            }
            var results: [(Int, T)] = []
            for await result in group { results.append(result) }
            return results
        }
        try await held
        return results.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Submits `count` writes at once (write `index` gets `index`) and returns their results
    /// in the order they finished.
    @discardableResult
    static func writeConcurrently<T: Sendable>(
        _ pool: DatabasePool, count: Int, _ write: @escaping @Sendable (Database, Int) throws -> T
    ) async throws -> [T] {
        try await withThrowingTaskGroup(of: T.self) { group in
            for index in 0..<count {
                group.addTask { try await pool.write { db in try write(db, index) } }
            }
            var results: [T] = []
            for try await result in group { results.append(result) }
            return results
        }
    }

    /// Inserts row `index` (`k` = "key-`index`", `n` = `index`).
    static func insertRow(_ db: Database, _ index: Int) throws {
        try db.run("INSERT INTO t (k, n) VALUES (?, ?)", "key-\(index)", index)
    }

    @Test func concurrentWritesAllCommit() async throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        let pool = try Self.makePool(temp)
        let ids = try await Self.writeConcurrently(pool, count: 500) { db, index in
            try Self.insertRow(db, index)
            return db.lastInsertRowID
        }
        #expect(Set(ids).count == 500)
        #expect(try await pool.read { try $0.count("t") } == 500)
        #expect(try await pool.read { try $0.scalar("SELECT sum(n) FROM t", as: Int.self) } == 500 * 499 / 2)
        #expect(try Database(path: temp.path).count("t") == 500)
    }

    /// Observed from a second connection: every write in one commit sees the same number of
    /// committed rows, so the number of distinct counts is the number of commits.
    @Test func concurrentWritesShareCommits() async throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        let pool = try Self.makePool(temp)
        let observer = try Observer(path: temp.path)
        let seen = try await Self.writeConcurrently(pool, count: 200) { db, index in
            let committed = try observer.committedRows()
            try Self.insertRow(db, index)
            return committed
        }
        let commits = Set(seen).count
        #expect(commits < 200, "200 writes took \(commits) commits")
        #expect(try observer.committedRows() == 200)
    }

    @Test func throwingWriteRollsBackOnlyItself() async throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        let pool = try Self.makePool(temp)
        let outcomes = try await Self.inOneBatch(pool, count: 200) { index -> Result<Int, Boom> in
            do {
                try await pool.write { db in
                    try Self.insertRow(db, index)
                    if index % 10 == 0 { throw Boom(tag: index) }
                }
                return .success(index)
            } catch let error as Boom {
                return .failure(error)
            } catch {
                Issue.record("write \(index) threw \(error)")
                return .failure(Boom(tag: -1))
            }
        }
        for (index, outcome) in outcomes.enumerated() {
            #expect(outcome == (index % 10 == 0 ? .failure(Boom(tag: index)) : .success(index)))
        }
        let stored = try await pool.read { db in
            try db.query("SELECT n FROM t ORDER BY n").map { try $0.get(0, as: Int.self) }
        }
        #expect(stored == (0..<200).filter { $0 % 10 != 0 })
    }

    @Test func constraintViolationFailsOnlyItsCaller() async throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        let pool = try Self.makePool(temp)
        try await pool.write { db in try db.run("INSERT INTO t (k) VALUES ('taken')") }
        let outcomes = try await Self.inOneBatch(pool, count: 100) { index -> ResultCode? in
            do {
                try await pool.write { db in
                    try db.run("INSERT INTO t (k, n) VALUES (?, ?)", index == 50 ? "taken" : "key-\(index)", index)
                }
                return nil
            } catch let error as SQLiteError {
                return error.code
            } catch {
                Issue.record("write \(index) threw \(error)")
                return .ok
            }
        }
        #expect(outcomes[50] == .constraintUnique)
        #expect(outcomes.enumerated().filter { $0.element != nil }.map(\.offset) == [50])
        #expect(try await pool.read { try $0.count("t") } == 100)
        #expect(try await pool.read { try $0.scalar("SELECT count(*) FROM t WHERE n = 50", as: Int.self) } == 0)
    }

    /// A write that ends the shared transaction (here `INSERT OR ROLLBACK`; a disk-full error
    /// does the same) must not leave the others acknowledged but lost, or failed but stored.
    @Test func writeThatRollsBackTheWholeTransaction() async throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        let pool = try Self.makePool(temp)
        try await pool.write { db in try db.run("INSERT INTO t (k) VALUES ('taken')") }
        let outcomes = try await Self.inOneBatch(pool, count: 60) { index -> Result<Int, SQLiteError> in
            do {
                try await pool.write { db in
                    if index == 20 {
                        try db.run("INSERT OR ROLLBACK INTO t (k, n) VALUES ('taken', ?)", index)
                    } else {
                        try Self.insertRow(db, index)
                    }
                }
                return .success(index)
            } catch {
                return .failure(error as? SQLiteError ?? SQLiteError(code: .error, message: "\(error)"))
            }
        }
        for (index, outcome) in outcomes.enumerated() {
            guard case .failure(let error) = outcome else { continue }
            // The culprit gets its own error; any write that shared its transaction is told so.
            #expect(error.code == (index == 20 ? .constraintUnique : .abort), "write \(index): \(error)")
        }
        #expect((try? outcomes[20].get()) == nil)
        let stored = Set(
            try await pool.read { db in
                try db.query("SELECT n FROM t WHERE n IS NOT NULL").map { try $0.get(0, as: Int.self) }
            })
        let acknowledged = Set(outcomes.compactMap { try? $0.get() })
        #expect(stored == acknowledged)
        #expect(acknowledged.count >= 39)  // at least every write after the rollback
        #expect(try await pool.write { db in try db.run("INSERT INTO t (k) VALUES ('after')") } == 1)
    }

    @Test func readAfterWriteSeesTheRow() async throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        let pool = try Self.makePool(temp, readerCount: 3)
        for index in 0..<60 {
            let id = try await pool.write { db in
                try Self.insertRow(db, index)
                return db.lastInsertRowID
            }
            let row = try await pool.read { db in try db.queryOne("SELECT k, n FROM t WHERE id = ?", id) }
            #expect(try row?.get("k", as: String.self) == "key-\(index)")
            #expect(try await pool.read { try $0.count("t") } == index + 1)
        }
    }

    @Test func readersAreReadOnly() async throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        let pool = try Self.makePool(temp)
        let error = await #expect(throws: SQLiteError.self) {
            try await pool.read { db in try db.run("INSERT INTO t (k) VALUES ('x')") }
        }
        #expect(error?.code.primary == .readOnly)
        #expect(throws: SQLiteError.self) { try pool.readNow { db in try db.run("INSERT INTO t (k) VALUES ('x')") } }
        #expect(try await pool.read { try $0.count("t") } == 0)
    }

    @Test func blockingVariants() throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        let pool = try Self.makePool(temp)
        let changed = try pool.writeNow { db in
            #expect(db.isInTransaction)
            return try db.run("INSERT INTO t (k, n) VALUES (?, ?), (?, ?)", "a", 1, "b", 2)
        }
        #expect(changed == 2)
        #expect(try pool.readNow { try $0.count("t") } == 2)
        #expect(throws: Boom.self) {
            try pool.writeNow { db in
                try db.run("DELETE FROM t")
                throw Boom()
            }
        }
        #expect(try pool.readNow { try $0.scalar("SELECT sum(n) FROM t", as: Int.self) } == 3)
        #expect(try pool.writeNow { try $0.isInTransaction && $0.count("t") == 2 })
    }

    @Test func blockingAndAsyncWritesMix() async throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        let pool = try Self.makePool(temp)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<100 {
                group.addTask {
                    _ = try await pool.write { db in try db.run("INSERT INTO t (k) VALUES (?)", "async-\(index)") }
                }
            }
            try pool.writeNow { db in try db.run("INSERT INTO t (k) VALUES ('blocking')") }
            try await group.waitForAll()
        }
        #expect(try pool.readNow { try $0.count("t") } == 101)
    }

    @Test func inMemoryPoolRoutesReadsToTheWriter() async throws {
        let pool = try DatabasePool(path: ":memory:")
        try pool.writeNow { db in
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, n INTEGER)")
        }
        try await Self.writeConcurrently(pool, count: 100, Self.insertRow)
        #expect(try await pool.read { try $0.count("t") } == 100)
        #expect(try pool.readNow { try $0.count("t") } == 100)
        #expect(try await pool.read { try $0.scalar("PRAGMA journal_mode", as: String.self) } == "memory")
        await #expect(throws: Boom.self) {
            try await pool.write { db in
                try db.run("DELETE FROM t")
                throw Boom()
            }
        }
        #expect(try await pool.read { try $0.count("t") } == 100)
    }

    @Test func dataSurvivesClosingAndReopening() async throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        weak var closed: DatabasePool?
        do {
            let pool = try Self.makePool(temp)
            try await Self.writeConcurrently(pool, count: 50, Self.insertRow)
            closed = pool
        }
        #expect(await eventually { closed == nil }, "the pool was not released")

        let reopened = try DatabasePool(path: temp.path)
        #expect(try await reopened.read { try $0.count("t") } == 50)
        #expect(try await reopened.read { try $0.scalar("PRAGMA journal_mode", as: String.self) } == "wal")
        try await reopened.write { db in try db.run("INSERT INTO t (k) VALUES ('again')") }
        #expect(try reopened.readNow { try $0.count("t") } == 51)
    }

    @Test func normalSynchronousOption() async throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        let pool = try DatabasePool(path: temp.path, options: .init(synchronous: .normal))
        #expect(try pool.writeNow { try $0.scalar("PRAGMA synchronous", as: Int.self) } == 1)
        #expect(try await pool.read { try $0.scalar("PRAGMA synchronous", as: Int.self) } == 1)
    }
}

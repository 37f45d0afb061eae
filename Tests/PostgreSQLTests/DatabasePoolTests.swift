import Dispatch
import Foundation
import PostgreSQL
import Synchronization
import TestKit
import Testing

/// Whether the current code runs inside a Swift task (the caller's side) or not (a queue's).
private func inTask() -> Bool {
    withUnsafeCurrentTask { $0 != nil }
}

/// A count the `@Sendable` closures can share.
private final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    @discardableResult
    func increment() -> Int { value.add(1, ordering: .sequentiallyConsistent).newValue }
    func decrement() { value.subtract(1, ordering: .sequentiallyConsistent) }
    func reset() { value.store(0, ordering: .sequentiallyConsistent) }
    var count: Int { value.load(ordering: .sequentiallyConsistent) }
}

/// The highest of the values recorded.
private final class Peak: Sendable {
    private let value = Mutex(0)
    func record(_ candidate: Int) { value.withLock { $0 = max($0, candidate) } }
    var highest: Int { value.withLock { $0 } }
}

/// Values in the order they were appended.
private final class Order: Sendable {
    private let values = Mutex<[Int]>([])
    func append(_ value: Int) { values.withLock { $0.append(value) } }
    var all: [Int] { values.withLock { $0 } }
}

/// `DatabasePool`: connections on queues of their own, async reads and writes, a line for
/// callers beyond its size, retries of conflicting transactions.
@Suite struct DatabasePoolTests {
    let schema: TestSchema

    init() throws {
        (schema, _) = try TestSchema.connected()
    }

    @Test func concurrentWritesAllCommit() async throws {
        let pool = try DatabasePool(url: schema.url, size: 4)
        defer { pool.close() }
        let ids = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<400 {
                group.addTask {
                    try await pool.write { db in
                        try db.scalar(
                            "INSERT INTO t (k, n) VALUES ($1, $2) RETURNING id", ["key-\(index)", index], as: Int.self)
                    }
                }
            }
            var ids: [Int] = []
            for try await id in group { ids.append(id) }
            return ids
        }
        #expect(Set(ids).count == 400)
        #expect(try await pool.read { try $0.count("t") } == 400)
        #expect(try await pool.read { try $0.scalar("SELECT sum(n) FROM t", as: Int.self) } == 400 * 399 / 2)
        #expect(try schema.connect().count("t") == 400)
    }

    /// Many more callers than connections, every one holding its connection a while (and a
    /// row lock on one shared counter): all finish, none is lost, no deadlock, and never more
    /// than `size` connections, in the pool's closures or on the server.
    @Test func callersBeyondThePoolSizeWaitTheirTurn() async throws {
        let name = "pool-\(schema.name)"
        let pool = try DatabasePool(url: schema.url.setting("application_name", to: name), size: 3)
        defer { pool.close() }
        try await pool.write { try $0.run("INSERT INTO t (k, n) VALUES ('counter', 0)") }
        let busy = Counter()
        let peak = Peak()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    try await pool.write { db in
                        let now = busy.increment()
                        defer { busy.decrement() }
                        peak.record(now)
                        try db.run("UPDATE t SET n = n + 1 WHERE k = 'counter'")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await pool.read { try $0.scalar("SELECT n FROM t WHERE k = 'counter'", as: Int.self) } == 200)
        #expect((1...3).contains(peak.highest))
        let sessions = try schema.adminConnection().scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", [name], as: Int.self)
        #expect((1...3).contains(sessions))
    }

    /// Callers that find every connection busy are served in the order they came.
    @Test func waitingCallersAreServedInOrder() async throws {
        let pool = try DatabasePool(url: schema.url, size: 1)
        defer { pool.close() }
        let started = Counter()
        let release = Counter()
        let order = Order()
        async let holder: Void = pool.read { _ in
            started.increment()
            let deadline = ContinuousClock.now + .seconds(60)
            while release.count == 0 && ContinuousClock.now < deadline { usleep(1000) }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            #expect(await eventually { started.count == 1 })
            for index in 0..<10 {
                group.addTask {
                    try await pool.write { db in
                        try db.run("INSERT INTO t (k, n) VALUES ($1, $2)", "k\(index)", index)
                        order.append(index)
                    }
                }
                // The next caller comes only once this one is in line.
                #expect(await eventually { pool.waitingCount == index + 1 })
            }
            release.increment()
            try await group.waitForAll()
        }
        try await holder
        #expect(order.all == Array(0..<10))
        #expect(pool.waitingCount == 0)
    }

    /// libpq blocks the thread it runs on: the closures run on the pool's queues, never in the
    /// calling task. (On Linux the tasks' threads are Dispatch workers too, and a caller's
    /// thread is free while the caller is suspended, so comparing threads would prove nothing;
    /// what is checked is that no task is running where the closure runs.)
    @Test func closuresNeverRunOnTheCallersThread() async throws {
        let pool = try DatabasePool(url: schema.url, size: 2)
        defer { pool.close() }
        let seenInTask = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask {
                    let check: @Sendable (Database) throws -> Void = { db in
                        if inTask() { seenInTask.increment() }
                        _ = try db.scalar("SELECT $1::int", [index], as: Int.self)
                    }
                    if index.isMultiple(of: 2) {
                        try await pool.read(check)
                    } else {
                        try await pool.write { try check($0) }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(seenInTask.count == 0)
        #expect(try await pool.read { _ in inTask() } == false)
    }

    @Test func writeRollsBackWhenTheClosureThrows() async throws {
        let pool = try DatabasePool(url: schema.url, size: 2)
        defer { pool.close() }
        await #expect(throws: Boom(tag: 3)) {
            try await pool.write { db in
                try db.run("INSERT INTO t (k, n) VALUES ('gone', 1)")
                throw Boom(tag: 3)
            }
        }
        let error = await #expect(throws: PostgresError.self) {
            try await pool.write { db in
                try db.run("INSERT INTO t (k, n) VALUES ('dup', 1)")
                try db.run("INSERT INTO t (k, n) VALUES ('dup', 2)")
            }
        }
        #expect(error?.code == .uniqueViolation)
        #expect(try await pool.read { try $0.count("t") } == 0)
        #expect(try await pool.read { $0.isInTransaction } == false)
    }

    /// Two SERIALIZABLE transactions that each read what the other writes: one of them must
    /// fail with a serialization failure; with `retries` it runs again and both succeed.
    @Test func serializationFailuresAreRetriedWhenAsked() async throws {
        let pool = try DatabasePool(url: schema.url, size: 2)
        defer { pool.close() }
        let attempts = Counter()
        let readers = Counter()
        let transfer: @Sendable (String) async throws -> Void = { key in
            try await pool.write(isolation: .serializable, retries: 20) { db in
                let attempt = attempts.increment()
                let total = try db.scalar("SELECT coalesce(sum(n), 0) FROM t", as: Int.self)
                if attempt <= 2 {
                    // Both first attempts read before either writes (a generous deadline, not a timing).
                    readers.increment()
                    let deadline = ContinuousClock.now + .seconds(30)
                    while readers.count < 2 && ContinuousClock.now < deadline { usleep(1000) }
                }
                try db.run("INSERT INTO t (k, n) VALUES ($1, $2)", key, total + 1)
            }
        }
        async let first: Void = transfer("a")
        async let second: Void = transfer("b")
        _ = try await (first, second)
        // At least one retry; the retry may lose again while the winner is still open.
        #expect(attempts.count >= 3)
        #expect(try await pool.read { try $0.count("t") } == 2)
        // Without retries the loser's error reaches the caller, marked as a conflict.
        readers.reset()
        let noRetry: @Sendable (String) async throws -> Void = { key in
            try await pool.write(isolation: .serializable) { db in
                _ = try db.scalar("SELECT coalesce(sum(n), 0) FROM t", as: Int.self)
                readers.increment()
                let deadline = ContinuousClock.now + .seconds(30)
                while readers.count < 2 && ContinuousClock.now < deadline { usleep(1000) }
                try db.run("INSERT INTO t (k, n) VALUES ($1, 0)", key)
            }
        }
        async let third = outcome { try await noRetry("c") }
        async let fourth = outcome { try await noRetry("d") }
        let outcomes = await [third, fourth]
        let failures = outcomes.compactMap { outcome -> PostgresError? in
            if case .failure(let error) = outcome { return error as? PostgresError }
            return nil
        }
        #expect(failures.count == 1)
        #expect(failures.first?.code == .serializationFailure)
        #expect(failures.first?.isTransactionConflict == true)
    }

    @Test func blockingVariants() throws {
        let pool = try DatabasePool(url: schema.url, size: 1)
        defer { pool.close() }
        try pool.writeNow { db in try db.run("INSERT INTO t (k, n) VALUES ('now', 1)") }
        #expect(throws: Boom()) {
            try pool.writeNow { db in
                try db.run("INSERT INTO t (k, n) VALUES ('not', 2)")
                throw Boom()
            }
        }
        #expect(try pool.readNow { try $0.count("t") } == 1)
    }

    @Test func aClosedPoolFailsAtOnce() async throws {
        let pool = try DatabasePool(url: schema.url, size: 1)
        #expect(try await pool.read { try $0.count("t") } == 0)
        pool.close()
        let error = await #expect(throws: PostgresError.self) { try await pool.read { try $0.count("t") } }
        #expect(error?.isConnectionLost == true)
    }

    @Test func anUnreachableServerFailsAsAConnectionError() throws {
        let closedPort = try PostgresURL("postgresql://postgres@127.0.0.1:1/fastag?connect_timeout=5")
        let error = #expect(throws: PostgresError.self) { try DatabasePool(url: closedPort, size: 1) }
        #expect(error?.code == .unableToConnect)
        #expect(error?.isConnectionLost == true)
        #expect(error?.message.contains("127.0.0.1") == true)
    }

    /// The password is never in a connection error, whatever libpq says.
    @Test func connectionErrorsDoNotShowThePassword() throws {
        let secret = "pa55-Secret-Word"
        let base = try TestServer.url()
        let withPassword = try base.setting("password", to: secret).setting("dbname", to: "no_such_database_here")
        let error = #expect(throws: PostgresError.self) { try Database(url: withPassword) }
        #expect(error?.code == .unableToConnect)
        #expect(error.map { "\($0)".contains("no_such_database_here") } == true)
        #expect(error.map { !"\($0)".contains(secret) && !String(reflecting: $0).contains(secret) } == true)
    }
}

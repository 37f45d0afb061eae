import Foundation
import PostgreSQL
import TestKit
import Testing

/// A connection the server drops is replaced: the statement in flight fails with a
/// connection-lost error (a 503 for an HTTP caller), and the next one works.
@Suite struct ReconnectTests {
    let schema: TestSchema

    init() throws {
        (schema, _) = try TestSchema.connected(creating: "CREATE TABLE t (id serial PRIMARY KEY, v text NOT NULL)")
    }

    /// `pg_terminate_backend(pid, timeout)` returns once the backend has gone.
    func terminate(_ pid: Int32) throws {
        let admin = try schema.adminConnection()
        #expect(try admin.scalar("SELECT pg_terminate_backend($1, 30000)", [Int(pid)], as: Bool.self))
    }

    /// A connection terminated while idle is replaced before the next statement is sent, so
    /// that statement succeeds; cached statements are prepared again on the new connection.
    @Test func idleConnectionTerminatedIsReplaced() throws {
        let db = try schema.connect()
        let select = "SELECT count(*) FROM t WHERE v = $1"
        #expect(try db.scalar(select, ["x"], as: Int.self) == 0)
        let before = db.backendPID
        try terminate(before)
        #expect(try db.scalar(select, ["x"], as: Int.self) == 0)
        #expect(db.backendPID != before)
        #expect(db.isConnected)
        try db.run("INSERT INTO t (v) VALUES ($1)", "x")
        #expect(try db.scalar(select, ["x"], as: Int.self) == 1)
    }

    @Test func statementInFlightFailsThenTheNextWorks() async throws {
        let pool = try DatabasePool(url: schema.url, size: 1)
        defer { pool.close() }
        let pid = try await pool.read { $0.backendPID }
        async let sleeping = outcome { try await pool.read { try $0.run("SELECT pg_sleep(120)") } }
        let admin = try schema.adminConnection()
        #expect(
            try await eventually {
                try admin.scalar(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active'"
                        + " AND query LIKE 'SELECT pg_sleep%'", [Int(pid)], as: Int.self) == 1
            })
        try terminate(pid)
        guard case .failure(let failure) = await sleeping, let error = failure as? PostgresError else {
            Issue.record("the statement in flight did not fail with a PostgresError")
            return
        }
        #expect(error.isConnectionLost)
        #expect(error.code == SQLState.adminShutdown || error.code == SQLState.connectionFailure, "\(error)")
        #expect(try await pool.read { try $0.scalar("SELECT 1", as: Int.self) } == 1)
        #expect(try await pool.read { $0.backendPID } != pid)
    }

    /// Lost in the middle of a transaction: the statements after the loss fail too (they must not
    /// run, and commit, on a new connection outside the transaction), the transaction's own
    /// work is gone, and the connection is replaced once the transaction is over.
    @Test func connectionLostInsideATransaction() throws {
        let db = try schema.connect()
        let error = #expect(throws: PostgresError.self) {
            try db.transaction {
                try db.run("INSERT INTO t (v) VALUES ('before')")
                try terminate(db.backendPID)
                do {
                    try db.run("INSERT INTO t (v) VALUES ('during')")
                    Issue.record("a statement ran after the connection was lost")
                } catch {
                    #expect((error as? PostgresError)?.isConnectionLost == true)
                }
                try db.run("INSERT INTO t (v) VALUES ('after')")
            }
        }
        #expect(error?.isConnectionLost == true)
        #expect(try db.count("t") == 0)
        try db.run("INSERT INTO t (v) VALUES ('next')")
        #expect(try db.query("SELECT v FROM t").map { try $0.get(0, as: String.self) } == ["next"])
    }

    @Test func poolWriteInterruptedThenTheNextWriteWorks() async throws {
        let pool = try DatabasePool(url: schema.url, size: 1)
        defer { pool.close() }
        let pid = try await pool.read { $0.backendPID }
        let admin = try schema.adminConnection()
        async let interrupted = outcome {
            try await pool.write { db in
                try db.run("INSERT INTO t (v) VALUES ('lost')")
                try db.run("SELECT pg_sleep(120)")
            }
        }
        #expect(
            try await eventually {
                try admin.scalar(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND query LIKE 'SELECT pg_sleep%'",
                    [Int(pid)], as: Int.self) == 1
            })
        try terminate(pid)
        guard case .failure(let failure) = await interrupted else {
            Issue.record("the interrupted write succeeded")
            return
        }
        #expect((failure as? PostgresError)?.isConnectionLost == true)
        try await pool.write { try $0.run("INSERT INTO t (v) VALUES ('kept')") }
        #expect(
            try await pool.read { try $0.query("SELECT v FROM t").map { try $0.get(0, as: String.self) } } == ["kept"])
    }

    /// The server itself restarts (`pg_ctl restart -m fast`), in a cluster of this test's own:
    /// idle connections are replaced, a pool and a plain connection go on; while the server
    /// is stopped calls fail as connection errors, and work again once it is back.
    @Test func serverRestartAndOutage() async throws {
        let cluster = try PostgresCluster()
        let db = try Database(url: try cluster.postgresURL)
        try db.execute("CREATE TABLE r (v integer)")
        try db.run("INSERT INTO r VALUES ($1)", 1)
        let pool = try DatabasePool(url: try cluster.postgresURL, size: 2)
        defer { pool.close() }
        #expect(try await pool.read { try $0.scalar("SELECT count(*) FROM r", as: Int.self) } == 1)
        let before = db.backendPID

        try cluster.restart()
        #expect(try db.scalar("SELECT count(*) FROM r WHERE v = $1", [1], as: Int.self) == 1)
        #expect(db.backendPID != before)
        #expect(try await pool.write { try $0.run("INSERT INTO r VALUES ($1)", 2) } == 1)

        try cluster.stop()
        let down = #expect(throws: PostgresError.self) { try db.scalar("SELECT count(*) FROM r", as: Int.self) }
        #expect(down?.isConnectionLost == true)
        let poolDown = await #expect(throws: PostgresError.self) { try await pool.read { try $0.count("r") } }
        #expect(poolDown?.isConnectionLost == true)
        // Still down: the next call tries again, and fails the same way.
        #expect(throws: PostgresError.self) { try db.count("r") }

        try cluster.start()
        #expect(try db.count("r") == 2)
        #expect(try await pool.read { try $0.count("r") } == 2)
    }
}

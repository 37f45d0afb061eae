import PostgreSQL
import Testing

/// `pipeline`: many statements in one round trip, atomic as one implicit transaction.
@Suite struct PipelineTests {
    let schema: TestSchema
    let db: Database

    init() throws {
        (schema, db) = try TestSchema.connected()
    }

    static func inserts(_ range: Range<Int>) -> [(sql: String, arguments: [any PostgresConvertible])] {
        range.map { ("INSERT INTO t (k, n) VALUES ($1, $2)", ["key-\($0)", $0]) }
    }

    @Test func aBatchOfInserts() throws {
        // More than one chunk of 256, so the flush between chunks is crossed.
        let changes = try db.pipeline(Self.inserts(0..<1000))
        #expect(changes == Array(repeating: 1, count: 1000))
        #expect(try db.count("t") == 1000)
        #expect(try db.scalar("SELECT sum(n) FROM t", as: Int.self) == 1000 * 999 / 2)
        #expect(!db.isInTransaction)
        // The INSERT was prepared once, and is the cached statement ordinary calls use too.
        try db.run("INSERT INTO t (k, n) VALUES ($1, $2)", "plain", -1)
        #expect(
            try db.scalar(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement = $1",
                ["INSERT INTO t (k, n) VALUES ($1, $2)"], as: Int.self) == 1)
    }

    @Test func mixedStatementsReportTheirOwnCounts() throws {
        try db.pipeline(Self.inserts(0..<10))
        let changes = try db.pipeline([
            ("UPDATE t SET n = n + 100 WHERE n < $1", [5]),
            ("DELETE FROM t WHERE n = $1", [9]),
            ("INSERT INTO t (k, n) VALUES ($1, $2)", ["new", 50]),
            ("UPDATE t SET n = 0 WHERE k = $1", ["missing"]),
            ("SELECT n FROM t WHERE n >= $1", [100]),
        ])
        #expect(changes == [5, 1, 1, 0, 5])
        #expect(try db.count("t") == 10)
        #expect(try db.pipeline([]) == [])
    }

    /// A failing statement (here in the third chunk) rolls back the ones before it, and the ones
    /// after it never run; the error names its SQL, not its arguments; the connection goes on.
    @Test func aFailureUndoesTheWholeBatch() throws {
        let secret = "9876543210"
        var batch = Self.inserts(0..<1000)
        batch[700] = ("INSERT INTO t (k, n) VALUES ($1, $2::int)", [secret, "not a number \(secret)"])
        batch[701] = ("INSERT INTO t (k, n) VALUES ($1, $2)", ["key-1", 1])
        let error = #expect(throws: PostgresError.self) { try db.pipeline(batch) }
        #expect(error?.code == .invalidTextRepresentation)
        #expect(error?.sql == "INSERT INTO t (k, n) VALUES ($1, $2::int)")
        #expect(error.map { !"\($0)".contains(secret) } == true)
        #expect(error?.isConnectionLost == false)
        #expect(try db.count("t") == 0)
        #expect(!db.isInTransaction)
        // Usable again, in and out of pipeline mode.
        #expect(try db.pipeline(Self.inserts(0..<3)) == [1, 1, 1])
        #expect(try db.scalar("SELECT count(*) FROM t WHERE k = $1", ["key-2"], as: Int.self) == 1)
    }

    @Test func aConstraintViolationInTheBatch() throws {
        try db.run("INSERT INTO t (k, n) VALUES ('taken', 0)")
        var batch = Self.inserts(0..<5)
        batch.append(("INSERT INTO t (k, n) VALUES ($1, $2)", ["taken", 1]))
        let error = #expect(throws: PostgresError.self) { try db.pipeline(batch) }
        #expect(error?.code == .uniqueViolation)
        #expect(try db.count("t") == 1)
    }

    /// Inside a transaction the batch is part of it: rolled back with it.
    @Test func insideATransaction() throws {
        #expect(throws: Boom()) {
            try db.transaction {
                #expect(try db.pipeline(Self.inserts(0..<20)).count == 20)
                #expect(try db.count("t") == 20)
                throw Boom()
            }
        }
        #expect(try db.count("t") == 0)
        try db.transaction {
            try db.pipeline(Self.inserts(0..<20))
            try db.run("UPDATE t SET n = 0")
        }
        #expect(try db.scalar("SELECT sum(n) FROM t", as: Int.self) == 0)
    }

    /// A statement whose SQL is broken fails when it is prepared, inside the pipeline.
    @Test func aStatementThatDoesNotPrepare() throws {
        let error = #expect(throws: PostgresError.self) {
            try db.pipeline(Self.inserts(0..<3) + [("INSERT INTO nowhere VALUES ($1)", [1])])
        }
        #expect(error?.code == .undefinedTable)
        #expect(try db.count("t") == 0)
        try db.execute("CREATE TABLE nowhere (v integer)")
        #expect(try db.pipeline([("INSERT INTO nowhere VALUES ($1)", [1])]) == [1])
    }

    @Test func beyondTheStatementCacheLimit() throws {
        let small = try Database(url: schema.url, options: .init(statementCacheLimit: 2))
        let batch: [(sql: String, arguments: [any PostgresConvertible])] = (0..<6).map { index in
            ("INSERT INTO t (k, n) VALUES ($1, \(index))", ["k\(index)"])
        }
        #expect(try small.pipeline(batch) == Array(repeating: 1, count: 6))
        #expect(try small.scalar("SELECT count(*) FROM pg_prepared_statements", as: Int.self) == 2)
        #expect(try small.count("t") == 6)
    }

    @Test func throughThePool() async throws {
        let pool = try DatabasePool(url: schema.url, size: 2)
        defer { pool.close() }
        try await withThrowingTaskGroup(of: [Int].self) { group in
            for batch in 0..<8 {
                group.addTask { try await pool.pipeline(Self.inserts(batch * 50..<(batch + 1) * 50)) }
            }
            for try await changes in group { #expect(changes.count == 50) }
        }
        #expect(try await pool.read { try $0.count("t") } == 400)
    }

    /// A connection dropped while idle is replaced before the batch is sent.
    @Test func afterTheConnectionWasTerminated() throws {
        let admin = try schema.adminConnection()
        #expect(try admin.scalar("SELECT pg_terminate_backend($1, 30000)", [Int(db.backendPID)], as: Bool.self))
        #expect(try db.pipeline(Self.inserts(0..<3)) == [1, 1, 1])
    }
}

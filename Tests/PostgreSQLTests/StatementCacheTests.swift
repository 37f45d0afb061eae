import PostgreSQL
import Testing

/// Statements are prepared once per connection (counted in the server's own
/// `pg_prepared_statements`), reused, and replaced when the server refuses the cached plan.
@Suite struct StatementCacheTests {
    let schema: TestSchema
    let db: Database

    init() throws {
        (schema, db) = try TestSchema.connected()
    }

    /// The statements the server holds prepared for this session, by SQL text.
    func prepared() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try db.query("SELECT statement FROM pg_prepared_statements") {
            counts[try row.get(0, as: String.self), default: 0] += 1
        }
        return counts
    }

    @Test func eachStatementIsPreparedOnce() throws {
        let insert = "INSERT INTO t (k, n) VALUES ($1, $2)"
        let select = "SELECT k FROM t WHERE n = $1"
        try db.transaction {
            for index in 0..<500 {
                try db.run(insert, "key-\(index)", index)
            }
        }
        for index in stride(from: 0, to: 500, by: 7) {
            #expect(try db.scalar(select, [index], as: String.self) == "key-\(index)")
        }
        let counts = try prepared()
        #expect(counts[insert] == 1)
        #expect(counts[select] == 1)
        // The two above, the count in `prepared()` itself, and nothing else (BEGIN and COMMIT
        // go through the simple protocol).
        #expect(counts.count == 3, "\(counts)")
        #expect(try db.count("t") == 500)
        #expect(try db.scalar("SELECT sum(n) FROM t", as: Int.self) == 500 * 499 / 2)
    }

    /// A cached `SELECT *` whose table is recreated with other columns reports the new columns:
    /// the server refuses the old plan ("cached plan must not change result type"), and the
    /// statement is prepared again and rerun.
    @Test func selectStarAfterTableIsRecreated() throws {
        try db.execute("CREATE TABLE r (a integer, b text)")
        try db.run("INSERT INTO r VALUES ($1, $2)", 1, "one")
        let before = try #require(try db.queryOne("SELECT * FROM r"))
        #expect(before.columnNames == ["a", "b"])

        try db.execute("DROP TABLE r; CREATE TABLE r (x text, y integer, z double precision)")
        try db.run("INSERT INTO r VALUES ($1, $2, $3)", "ex", 2, 3.5)
        let after = try #require(try db.queryOne("SELECT * FROM r"))
        #expect(after.columnNames == ["x", "y", "z"])
        #expect(after.values == [.text("ex"), .integer(2), .real(3.5)])

        try db.execute("ALTER TABLE r ADD COLUMN w boolean DEFAULT true")
        #expect(try db.queryOne("SELECT * FROM r")?.columnNames == ["x", "y", "z", "w"])
    }

    /// Inside a transaction the refused plan aborts the transaction, as any error does; the
    /// statement works again after it.
    @Test func changedResultTypeInsideATransaction() throws {
        try db.execute("CREATE TABLE r (a integer)")
        #expect(try db.query("SELECT * FROM r").isEmpty)
        try db.execute("ALTER TABLE r ADD COLUMN b text")
        let error = #expect(throws: PostgresError.self) {
            try db.transaction { _ = try db.query("SELECT * FROM r") }
        }
        #expect(error?.code == .featureNotSupported)
        #expect(!db.isInTransaction)
        try db.run("INSERT INTO r VALUES (1, 'x')")
        #expect(try db.queryOne("SELECT * FROM r")?.columnNames == ["a", "b"])
    }

    @Test func failingStatementsKeepWorkingAfterTheCauseIsFixed() throws {
        let sql = "SELECT v FROM later WHERE v = $1"
        for _ in 0..<2 {
            let error = #expect(throws: PostgresError.self) { try db.query(sql, 1) }
            #expect(error?.code == .undefinedTable)
        }
        try db.execute("CREATE TABLE later (v integer)")
        try db.run("INSERT INTO later VALUES (1)")
        #expect(try db.query(sql, 1).count == 1)
    }

    @Test func constraintFailureDoesNotBreakTheStatement() throws {
        let sql = "INSERT INTO t (k, n) VALUES ($1, $2)"
        try db.run(sql, "a", 1)
        for _ in 0..<3 {
            let error = #expect(throws: PostgresError.self) { try db.run(sql, "a", 2) }
            #expect(error?.code == .uniqueViolation)
        }
        try db.run(sql, "b", 3)
        #expect(try db.query("SELECT k FROM t ORDER BY k").map { try $0.get(0, as: String.self) } == ["a", "b"])
    }

    /// Past the cache's limit statements still run, unprepared, and the cache stays at its limit.
    @Test func statementsBeyondTheCacheLimitRunUnprepared() throws {
        let small = try Database(url: schema.url, options: .init(statementCacheLimit: 4))
        for value in 0..<20 {
            #expect(try small.scalar("SELECT \(value) + $1", [1], as: Int.self) == value + 1)
        }
        #expect(try small.scalar("SELECT count(*) FROM pg_prepared_statements", as: Int.self) == 4)
        #expect(try small.scalar("SELECT 0 + $1", [5], as: Int.self) == 5)
    }

    @Test func wrongArgumentCountIsAnErrorNotALostConnection() throws {
        let error = #expect(throws: PostgresError.self) { try db.query("SELECT $1::int + $2::int", 1) }
        #expect(error?.code == .protocolViolation)
        #expect(error?.isConnectionLost == false)
        #expect(try db.scalar("SELECT $1::int + $2::int", [1, 2], as: Int.self) == 3)
    }

    @Test func queryReturnsEveryRowAndBindingsDoNotLeak() throws {
        for value in 1...5 { try db.run("INSERT INTO t (k, n) VALUES ($1, $2)", "k\(value)", value) }
        let sql = "SELECT n FROM t WHERE n > $1 ORDER BY n"
        #expect(try db.query(sql, 2).map { try $0.get(0, as: Int.self) } == [3, 4, 5])
        #expect(try db.query(sql, 4).map { try $0.get(0, as: Int.self) } == [5])
        #expect(try db.query(sql, 0).count == 5)
    }

    @Test func executeRunsAScript() throws {
        try db.execute(
            """
            CREATE TABLE a (v integer);
            INSERT INTO a VALUES (1), (2);
            CREATE TABLE b AS SELECT v * 10 AS w FROM a;
            """)
        #expect(try db.scalar("SELECT sum(w) FROM b", as: Int.self) == 30)
        // A script is one implicit transaction: a failure in it undoes all of it.
        #expect(throws: PostgresError.self) {
            try db.execute("INSERT INTO a VALUES (3); INSERT INTO a VALUES ('x')")
        }
        #expect(try db.count("a") == 2)
    }
}

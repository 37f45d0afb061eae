import SQLite
import Testing

/// Prepared statements are cached by SQL text, reset after every use and evicted on failure.
@Suite struct StatementCacheTests {
    @Test func sameStatementManyTimes() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL, n INTEGER NOT NULL)")
        try db.transaction {
            for index in 0..<10_000 {
                try db.run("INSERT INTO t (k, n) VALUES (?, ?)", "key-\(index)", index)
            }
        }
        #expect(try db.count("t") == 10_000)
        #expect(try db.scalar("SELECT sum(n) FROM t", as: Int.self) == 10_000 * 9_999 / 2)
        for index in stride(from: 0, to: 10_000, by: 97) {
            let row = try #require(try db.queryOne("SELECT k, n FROM t WHERE n = ?", index))
            #expect(try row.get("k", as: String.self) == "key-\(index)")
        }
    }

    @Test func manyInsertsIntoAFile() throws {
        let temp = TemporaryPath()
        defer { temp.remove() }
        let db = try Database(path: temp.path)
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
        let payload = [UInt8](repeating: 0xAB, count: 200)
        try db.transaction {
            for _ in 0..<10_000 { try db.run("INSERT INTO t (payload) VALUES (?)", payload) }
        }
        #expect(try db.count("t") == 10_000)
    }

    /// A cached statement whose table is dropped and recreated with other columns must
    /// report the new columns, not the ones it was first prepared with.
    @Test func selectStarAfterTableIsRecreated() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (a INTEGER, b TEXT)")
        try db.run("INSERT INTO t VALUES (1, 'one')")
        let before = try #require(try db.queryOne("SELECT * FROM t"))
        #expect(before.columnNames == ["a", "b"])

        try db.execute("DROP TABLE t; CREATE TABLE t (x TEXT, y INTEGER, z REAL)")
        try db.run("INSERT INTO t VALUES ('ex', 2, 3.5)")
        let after = try #require(try db.queryOne("SELECT * FROM t"))
        #expect(after.columnNames == ["x", "y", "z"])
        #expect(after.values == [.text("ex"), .integer(2), .real(3.5)])
        #expect(try after.get("x", as: String.self) == "ex")
        let rows = try db.query("SELECT * FROM t")
        #expect(rows.map(\.columnNames) == [["x", "y", "z"]])
    }

    @Test func failingStatementIsEvictedAndWorksAgainLater() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (a INTEGER, b TEXT)")
        try db.run("INSERT INTO t VALUES (?, ?)", 1, "one")
        #expect(try db.scalar("SELECT b FROM t WHERE a = ?", [1], as: String.self) == "one")

        try db.execute("DROP TABLE t; CREATE TABLE t (a INTEGER, c TEXT)")
        let error = #expect(throws: SQLiteError.self) {
            try db.scalar("SELECT b FROM t WHERE a = ?", [1], as: String.self)
        }
        #expect(error?.code == .error)
        #expect(error?.message.contains("no such column") == true)

        try db.execute("DROP TABLE t; CREATE TABLE t (b TEXT, a INTEGER)")
        try db.run("INSERT INTO t (a, b) VALUES (?, ?)", 1, "uno")
        #expect(try db.scalar("SELECT b FROM t WHERE a = ?", [1], as: String.self) == "uno")
        // The old INSERT statement is reprepared too: its columns are named, so it still fits.
        try db.run("INSERT INTO t (a, b) VALUES (?, ?)", 2, "dos")
        #expect(try db.count("t") == 2)
    }

    @Test func insertIntoRecreatedTableWithOtherColumnCount() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (a, b)")
        try db.run("INSERT INTO t VALUES (?, ?)", 1, 2)
        try db.execute("DROP TABLE t; CREATE TABLE t (a, b, c)")
        #expect(throws: SQLiteError.self) { try db.run("INSERT INTO t VALUES (?, ?)", 1, 2) }
        try db.execute("DROP TABLE t; CREATE TABLE t (a, b)")
        try db.run("INSERT INTO t VALUES (?, ?)", 3, 4)
        #expect(try db.count("t") == 1)
    }

    /// Statements are reset after use, even when they stop early or fail, so they hold no
    /// lock and pin no table: the table can be dropped right after.
    @Test func statementsAreResetAfterUse() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (v UNIQUE)")
        for value in 0..<10 { try db.run("INSERT INTO t VALUES (?)", value) }
        #expect(try db.queryOne("SELECT v FROM t ORDER BY v")?[0] == .integer(0))  // stops after one row
        #expect(throws: SQLiteError.self) { try db.run("INSERT INTO t VALUES (?)", 3) }  // fails mid-run
        try db.execute("DROP TABLE t")
        try db.execute("CREATE TABLE t (v UNIQUE)")
        #expect(try db.queryOne("SELECT v FROM t ORDER BY v") == nil)
    }

    @Test func constraintFailureDoesNotBreakTheStatement() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (v TEXT UNIQUE)")
        let sql = "INSERT INTO t (v) VALUES (?)"
        try db.run(sql, "a")
        for _ in 0..<3 {
            let error = #expect(throws: SQLiteError.self) { try db.run(sql, "a") }
            #expect(error?.code == .constraintUnique)
        }
        try db.run(sql, "b")
        #expect(try db.query("SELECT v FROM t ORDER BY v").map { try $0.get(0, as: String.self) } == ["a", "b"])
    }

    @Test func queryReturnsEveryRowAndBindingsDoNotLeak() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (v INTEGER)")
        for value in 1...5 { try db.run("INSERT INTO t VALUES (?)", value) }
        let sql = "SELECT v FROM t WHERE v > ? ORDER BY v"
        #expect(try db.query(sql, 2).map { try $0.get(0, as: Int.self) } == [3, 4, 5])
        #expect(try db.query(sql, 4).map { try $0.get(0, as: Int.self) } == [5])
        #expect(try db.query(sql, 0).count == 5)
    }
}

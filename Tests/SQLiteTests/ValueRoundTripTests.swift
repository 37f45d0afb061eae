import SQLite
import Testing

/// Binding every supported type and reading it back, by index and by name.
@Suite struct ValueRoundTripTests {
    let db: Database

    init() throws {
        db = try Database(path: ":memory:")
        // No declared type: no affinity, so SQLite stores exactly what was bound.
        try db.execute("CREATE TABLE t (v)")
    }

    /// Stores `value` in a row and reads it back as `T`.
    func roundTrip<T: SQLiteConvertible>(_ value: T, as type: T.Type = T.self) throws -> T {
        try db.run("INSERT INTO t (v) VALUES (?)", value)
        return try db.scalar("SELECT v FROM t WHERE rowid = ?", [db.lastInsertRowID], as: T.self)
    }

    /// SQLite's own name for the storage class of the last inserted value.
    func storedType() throws -> String {
        try db.scalar("SELECT typeof(v) FROM t WHERE rowid = ?", [db.lastInsertRowID], as: String.self)
    }

    @Test(arguments: [Int64.min, Int64.min + 1, -1, 0, 1, (1 << 53) + 1, Int64.max - 1, Int64.max] as [Int64])
    func int64(_ value: Int64) throws {
        #expect(try roundTrip(value) == value)
        #expect(try storedType() == "integer")
    }

    @Test(arguments: [Int.min, -42, 0, 42, Int.max])
    func int(_ value: Int) throws {
        #expect(try roundTrip(value) == value)
        #expect(try storedType() == "integer")
    }

    @Test(arguments: [
        0.0, -0.5, 0.1 + 0.2, 3.141592653589793, -1e300, 1e-300, Double.leastNonzeroMagnitude,
        Double.greatestFiniteMagnitude,
        -Double.greatestFiniteMagnitude, Double.infinity, -Double.infinity, -123456.789,
    ])
    func double(_ value: Double) throws {
        #expect(try roundTrip(value) == value)
        #expect(try storedType() == "real")
    }

    @Test func doubleReadsAnInteger() throws {
        try db.run("INSERT INTO t (v) VALUES (?)", 7)
        #expect(try db.scalar("SELECT v FROM t", as: Double.self) == 7.0)
    }

    @Test(arguments: [true, false])
    func bool(_ value: Bool) throws {
        #expect(try roundTrip(value) == value)
        #expect(try storedType() == "integer")
        #expect(try db.scalar("SELECT v FROM t", as: Int.self) == (value ? 1 : 0))
    }

    @Test(arguments: [
        "", "a", "héllo wörld", "नमस्ते", "👨‍👩‍👧‍👦🇮🇳", "a\u{0}b", "\u{0}", "trailing NUL\u{0}", "line\nbreak\ttab 'quote' \"dq\"",
        "e\u{301}",
    ])
    func string(_ value: String) throws {
        let read = try roundTrip(value)
        // Compare bytes: String's == would accept a canonically equivalent but different text.
        #expect(Array(read.utf8) == Array(value.utf8))
        #expect(try storedType() == "text")
        #expect(try db.scalar("SELECT length(CAST(v AS BLOB)) FROM t", as: Int.self) == value.utf8.count)
    }

    @Test func longString() throws {
        let value = String(repeating: "0123456789abcdé", count: 1 << 16)  // 1 MiB of UTF-8
        #expect(value.utf8.count == 1 << 20)
        let read = try roundTrip(value)
        #expect(read.utf8.count == value.utf8.count)
        #expect(read == value)
    }

    @Test func emptyBlob() throws {
        let read = try roundTrip([UInt8]())
        #expect(read == [])
        #expect(try storedType() == "blob")
        #expect(try db.queryOne("SELECT v FROM t")?[0] == .blob([]))
    }

    @Test func smallAndLargeBlobs() throws {
        let small: [UInt8] = [0, 1, 0xFF, 0, 0x80]
        #expect(try roundTrip(small) == small)
        var generator = SystemRandomNumberGenerator()
        let large = (0..<(1 << 20)).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        #expect(try roundTrip(large) == large)
        #expect(try storedType() == "blob")
    }

    @Test func nullThroughOptional() throws {
        try db.run("INSERT INTO t (v) VALUES (?)", Int?.none)
        #expect(try storedType() == "null")
        #expect(try db.scalar("SELECT v FROM t", as: Int?.self) == nil)
        #expect(try db.scalar("SELECT v FROM t", as: String?.self) == nil)
        #expect(try db.scalar("SELECT v FROM t", as: [UInt8]?.self) == nil)
        #expect(try db.scalar("SELECT v FROM t", as: SQLiteValue.self) == .null)
        #expect(try roundTrip(String?.some("x")) == "x")
        #expect(try roundTrip(Int64?.some(.min)) == .min)
    }

    @Test func nullIsNotAValue() throws {
        try db.run("INSERT INTO t (v) VALUES (NULL)")
        let row = try #require(try db.queryOne("SELECT v FROM t"))
        #expect(throws: SQLiteError.self) { try row.get(0, as: Int.self) }
        #expect(throws: SQLiteError.self) { try row.get(0, as: String.self) }
        #expect(throws: SQLiteError.self) { try row.get(0, as: Double.self) }
        #expect(throws: SQLiteError.self) { try row.get(0, as: Bool.self) }
        #expect(throws: SQLiteError.self) { try row.get(0, as: [UInt8].self) }
    }

    @Test(arguments: [
        SQLiteValue.null, .integer(-5), .integer(.max), .real(2.5), .text(""), .text("ünï"), .blob([]),
        .blob([1, 2, 3]),
    ])
    func sqliteValue(_ value: SQLiteValue) throws {
        #expect(try roundTrip(value) == value)
    }

    @Test func readByIndexAndByName() throws {
        let row = try #require(
            try db.queryOne(
                "SELECT ? AS id, ? AS name, ? AS score, ? AS data, ? AS missing", 7, "Asha", 9.5, [UInt8]([1]),
                Int?.none))
        #expect(row.columnNames == ["id", "name", "score", "data", "missing"])
        #expect(row.values.count == 5)
        #expect(try row.get(0, as: Int.self) == 7)
        #expect(try row.get("id", as: Int64.self) == 7)
        #expect(try row.get(1, as: String.self) == "Asha")
        #expect(try row.get("name", as: String.self) == "Asha")
        #expect(try row.get("score", as: Double.self) == 9.5)
        #expect(try row.get("data", as: [UInt8].self) == [1])
        #expect(try row.get("missing", as: String?.self) == nil)
        #expect(row[1] == .text("Asha"))
        #expect(row["score"] == .real(9.5))
    }

    @Test func missingColumnThrowsMisuse() throws {
        let row = try #require(try db.queryOne("SELECT 1 AS a"))
        let byName = #expect(throws: SQLiteError.self) { try row.get("b", as: Int.self) }
        #expect(byName?.code == .misuse)
        let byIndex = #expect(throws: SQLiteError.self) { try row.get(1, as: Int.self) }
        #expect(byIndex?.code == .misuse)
        let negative = #expect(throws: SQLiteError.self) { try row.get(-1, as: Int.self) }
        #expect(negative?.code == .misuse)
    }

    @Test func typeMismatchThrowsMismatch() throws {
        let row = try #require(try db.queryOne("SELECT 'text' AS s, 1.5 AS r, x'00' AS b, 3 AS i"))
        let cases: [(String, any SQLiteConvertible.Type)] = [
            ("s", Int.self), ("s", Int64.self), ("s", Double.self), ("s", Bool.self), ("s", [UInt8].self),
            ("r", Int.self), ("r", String.self), ("b", String.self), ("i", String.self), ("i", [UInt8].self),
            ("s", Int?.self),
        ]
        for (column, type) in cases {
            let error = #expect(throws: SQLiteError.self, "\(column) as \(type)") { try row.get(column, as: type) }
            #expect(error?.code == .mismatch)
            #expect(error?.message.contains(column) == true)
        }
        let byIndex = #expect(throws: SQLiteError.self) { try row.get(0, as: Int.self) }
        #expect(byIndex?.code == .mismatch)
    }

    @Test func wrongArgumentCountThrows() throws {
        let tooFew = #expect(throws: SQLiteError.self) { try db.run("INSERT INTO t (v) VALUES (?)") }
        #expect(tooFew?.code == .misuse)
        let tooMany = #expect(throws: SQLiteError.self) { try db.run("INSERT INTO t (v) VALUES (?)", 1, 2) }
        #expect(tooMany?.code == .misuse)
        #expect(throws: SQLiteError.self) { try db.query("SELECT 1", 1) }
        #expect(try db.count("t") == 0)
        // The statement is still usable with the right count.
        try db.run("INSERT INTO t (v) VALUES (?)", 1)
        #expect(try db.count("t") == 1)
    }

    @Test func scalarWithoutRowThrows() throws {
        let error = #expect(throws: SQLiteError.self) { try db.scalar("SELECT v FROM t", as: Int.self) }
        #expect(error?.code == .misuse)
    }

    @Test func runReturnsChangedRows() throws {
        #expect(try db.run("INSERT INTO t (v) VALUES (1), (2), (3)") == 3)
        #expect(try db.run("UPDATE t SET v = v + 1 WHERE v >= ?", 2) == 2)
        #expect(try db.run("DELETE FROM t") == 3)
        #expect(try db.query("SELECT v FROM t").isEmpty)
    }
}

import PostgreSQL
import Testing

/// Binding every supported type and reading it back, by index and by name, through real columns.
@Suite struct ValueRoundTripTests {
    let schema: TestSchema
    let db: Database

    init() throws {
        (schema, db) = try TestSchema.connected(
            creating:
                """
                CREATE TABLE t (
                    id serial PRIMARY KEY,
                    i8 bigint, i4 integer, i2 smallint, f8 double precision, f4 real, b boolean,
                    s text, vc varchar(20), bin bytea, num numeric, js jsonb, ts timestamptz
                )
                """)
    }

    /// Stores `value` in `column` and reads it back as `T`.
    func roundTrip<T: PostgresConvertible>(_ value: T, in column: String, as type: T.Type = T.self) throws -> T {
        let id = try db.scalar("INSERT INTO t (\(column)) VALUES ($1) RETURNING id", [value], as: Int.self)
        return try db.scalar("SELECT \(column) FROM t WHERE id = $1", [id], as: T.self)
    }

    @Test(arguments: [Int64.min, Int64.min + 1, -1, 0, 1, (1 << 53) + 1, Int64.max - 1, Int64.max] as [Int64])
    func int64(_ value: Int64) throws {
        #expect(try roundTrip(value, in: "i8") == value)
        #expect(try db.scalar("SELECT $1::bigint", [value], as: Int64.self) == value)
    }

    @Test(arguments: [Int(Int32.min), -42, 0, 42, Int(Int32.max)])
    func intInIntegerAndSmallintColumns(_ value: Int) throws {
        #expect(try roundTrip(value, in: "i4") == value)
        let small = Int(Int16(clamping: value))
        #expect(try roundTrip(small, in: "i2") == small)
        #expect(
            try db.scalar("SELECT i4 FROM t WHERE i4 IS NOT NULL", as: PostgresValue.self) == .integer(Int64(value)))
    }

    @Test func outOfRangeForTheColumnIsAnError() throws {
        let error = #expect(throws: PostgresError.self) { try roundTrip(Int(Int32.max) + 1, in: "i4") }
        #expect(error?.code == .numericValueOutOfRange)
    }

    @Test(arguments: [
        0.0, -0.5, 0.1 + 0.2, 3.141592653589793, -1e300, 1e-300, Double.leastNonzeroMagnitude,
        Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, Double.infinity, -Double.infinity,
        -123456.789, 1e-5, 123456789012345680,
    ])
    func double(_ value: Double) throws {
        #expect(try roundTrip(value, in: "f8") == value)
        #expect(try db.scalar("SELECT f8 FROM t", as: PostgresValue.self) == .real(value))
    }

    @Test func notANumber() throws {
        #expect(try roundTrip(Double.nan, in: "f8").isNaN)
        #expect(try roundTrip(1.5, in: "f4") == 1.5)
    }

    @Test func doubleReadsIntegersAndNumerics() throws {
        #expect(try db.scalar("SELECT 7::integer", as: Double.self) == 7.0)
        #expect(try db.scalar("SELECT 2.5::numeric", as: Double.self) == 2.5)
    }

    @Test(arguments: [true, false])
    func bool(_ value: Bool) throws {
        #expect(try roundTrip(value, in: "b") == value)
        #expect(try db.scalar("SELECT b FROM t", as: PostgresValue.self) == .bool(value))
        // The same Bool binds to an integer column (flags kept as 0/1) and reads back from it.
        #expect(try roundTrip(value, in: "i4") == value)
        #expect(try db.scalar("SELECT i4 FROM t WHERE i4 IS NOT NULL", as: Int.self) == (value ? 1 : 0))
    }

    @Test(arguments: [
        "", "a", "héllo wörld", "नमस्ते", "👨‍👩‍👧‍👦🇮🇳", "line\nbreak\ttab 'quote' \"dq\" back\\slash", "e\u{301}",
        "$1 ? :name -- /* not SQL */",
    ])
    func string(_ value: String) throws {
        let read = try roundTrip(value, in: "s")
        // Compare bytes: String's == would accept a canonically equivalent but different text.
        #expect(Array(read.utf8) == Array(value.utf8))
        #expect(try db.scalar("SELECT octet_length(s) FROM t", as: Int.self) == value.utf8.count)
    }

    @Test func stringWithNULIsRefusedWithoutItsValue() throws {
        let error = #expect(throws: PostgresError.self) { try roundTrip("secret\u{0}9876543210", in: "s") }
        #expect(error?.code == .characterNotInRepertoire)
        #expect(error.map { !"\($0)".contains("9876543210") && !"\($0)".contains("secret") } == true)
        #expect(try db.count("t") == 0)
    }

    @Test func longString() throws {
        let value = String(repeating: "0123456789abcdé", count: 1 << 16)  // 1 MiB of UTF-8
        #expect(try roundTrip(value, in: "s") == value)
    }

    @Test func bytesWithEveryValueAndNUL() throws {
        let all = (0...255).map(UInt8.init) + [0, 0, 0x5C, 0x78, 0x00]
        #expect(try roundTrip(all, in: "bin") == all)
        #expect(try db.scalar("SELECT length(bin) FROM t", as: Int.self) == all.count)
        #expect(try db.scalar("SELECT get_byte(bin, 0) FROM t", as: Int.self) == 0)
        #expect(try roundTrip([UInt8](), in: "bin") == [])
        #expect(try roundTrip([0x00], in: "bin") == [0x00])
    }

    @Test func largeBytes() throws {
        // A photo-sized value with every byte value in it, NULs included.
        let photo = (0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        #expect(try roundTrip(photo, in: "bin") == photo)
    }

    /// A server set to `bytea_output = escape` still reads back correctly.
    @Test func byteaInEscapeOutputFormat() throws {
        try db.execute("SET bytea_output = escape")
        let bytes: [UInt8] = [0, 1, 0x27, 0x5C, 0x7F, 0x80, 0xFF, 65, 66]
        #expect(try roundTrip(bytes, in: "bin") == bytes)
    }

    @Test func nullInEveryColumn() throws {
        let id = try db.scalar("INSERT INTO t DEFAULT VALUES RETURNING id", as: Int.self)
        let row = try #require(try db.queryOne("SELECT * FROM t WHERE id = $1", id))
        for column in ["i8", "i4", "i2", "f8", "f4", "b", "s", "vc", "bin", "num", "js", "ts"] {
            #expect(row[column] == .null)
            #expect(try row.get(column, as: Int?.self) == nil)
            #expect(try row.get(column, as: String?.self) == nil)
            #expect(try row.get(column, as: [UInt8]?.self) == nil)
            #expect(throws: PostgresError.self) { try row.get(column, as: Int.self) }
        }
        let nothing: String? = nil
        #expect(try roundTrip(nothing, in: "s") == nil)
        #expect(try roundTrip(Int64?.none, in: "i8") == nil)
        #expect(try roundTrip(PostgresValue.null, in: "bin") == .null)
    }

    @Test func optionalsWithValues() throws {
        #expect(try roundTrip(Int?.some(5), in: "i8") == 5)
        #expect(try roundTrip(String?.some("x"), in: "s") == "x")
        #expect(try roundTrip([UInt8]?.some([1, 0, 2]), in: "bin") == [1, 0, 2])
    }

    @Test func numericKeepsItsDigits() throws {
        let text = "12345678901234567890.123456789"
        #expect(try roundTrip(PostgresValue.numeric(text), in: "num") == .numeric(text))
        #expect(try db.scalar("SELECT num FROM t", as: String.self) == text)
        #expect(throws: PostgresError.self) { try db.scalar("SELECT num FROM t", as: Int64.self) }
        // Whole numbers read as integers: `sum` of a bigint column is numeric.
        try db.run("INSERT INTO t (i8) VALUES ($1), ($2)", Int64.max, 1)
        #expect(try db.scalar("SELECT sum(i8) FROM t", as: String.self) == "9223372036854775808")
        #expect(throws: PostgresError.self) { try db.scalar("SELECT sum(i8) FROM t", as: Int64.self) }
        #expect(try db.scalar("SELECT sum(i8) - 2 FROM t", as: Int64.self) == Int64.max - 1)
        #expect(try db.scalar("SELECT 42.000::numeric", as: Int.self) == 42)
        #expect(throws: PostgresError.self) { try db.scalar("SELECT 42.5::numeric", as: Int.self) }
    }

    /// Types without a case of their own come back as the server's text, and take text.
    @Test func otherTypesAsText() throws {
        try db.run("INSERT INTO t (js, ts, vc) VALUES ($1, $2, $3)", #"{"a": [1, "ü"]}"#, "2024-03-01 10:00:00+00", "x")
        let row = try #require(try db.queryOne("SELECT js, ts AT TIME ZONE 'UTC' AS utc, vc FROM t"))
        #expect(try row.get("js", as: String.self) == #"{"a": [1, "ü"]}"#)
        #expect(try row.get("utc", as: String.self) == "2024-03-01 10:00:00")
        #expect(try row.get("vc", as: String.self) == "x")
        #expect(try db.scalar("SELECT '7f6c2b1e-4a4e-4c3b-9a7e-0d1c2b3a4f5e'::uuid", as: String.self).count == 36)
    }

    @Test func rowsByIndexAndName() throws {
        try db.run("INSERT INTO t (i8, s, b) VALUES ($1, $2, $3)", 7, "seven", true)
        let rows = try db.query("SELECT i8 AS number, s AS word, b FROM t")
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row.columnNames == ["number", "word", "b"])
        #expect(row.values == [.integer(7), .text("seven"), .bool(true)])
        #expect(try row.get(0, as: Int.self) == 7)
        #expect(try row.get("word", as: String.self) == "seven")
        #expect(row["missing"] == .null)
        let missing = #expect(throws: PostgresError.self) { try row.get("missing", as: Int.self) }
        #expect(missing?.code == .undefinedColumn)
        let mismatch = #expect(throws: PostgresError.self) { try row.get("word", as: Int.self) }
        #expect(mismatch?.code == .datatypeMismatch)
        #expect(throws: PostgresError.self) { try row.get(3, as: Int.self) }
        #expect(throws: PostgresError.self) { try row.get(-1, as: Int.self) }
    }

    @Test func scalarWithoutARow() throws {
        let error = #expect(throws: PostgresError.self) { try db.scalar("SELECT 1 FROM t", as: Int.self) }
        #expect(error?.code == .noData)
    }

    @Test func runReturnsRowsChanged() throws {
        #expect(try db.run("INSERT INTO t (i8) SELECT generate_series(1, $1)", 5) == 5)
        #expect(try db.run("UPDATE t SET s = $1 WHERE i8 > $2", "big", 2) == 3)
        #expect(try db.run("DELETE FROM t WHERE i8 = $1", 99) == 0)
        #expect(try db.run("CREATE INDEX t_i8 ON t (i8)") == 0)
    }
}

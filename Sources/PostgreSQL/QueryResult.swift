import CPostgres

/// A successful `PGresult`, freed when released, decoded into rows on demand.
final class QueryResult {
    let handle: OpaquePointer

    /// Takes ownership of `result` when it succeeded; otherwise frees it and throws its error.
    ///
    /// - Throws: `PostgresError` from the result's fields (or the connection's message when
    ///   there is no result at all: the connection broke).
    init(_ result: OpaquePointer?, connection: OpaquePointer?, sql: String?) throws(PostgresError) {
        guard let result else {
            throw PostgresError(result: nil, connection: connection, sql: sql)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            handle = result
        default:
            let error = PostgresError(result: result, connection: connection, sql: sql)
            PQclear(result)
            throw error
        }
    }

    deinit {
        PQclear(handle)
    }

    /// The command tag: `INSERT 0 1`, `COMMIT`, or `ROLLBACK` for a COMMIT of a failed transaction.
    var commandStatus: String { String(cString: PQcmdStatus(handle)) }

    /// Rows inserted, updated, deleted, selected…; 0 for commands that report none.
    var changes: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    var rows: [Row] {
        let rowCount = PQntuples(handle)
        let columnCount = PQnfields(handle)
        let columns = Row.ColumnNames((0..<columnCount).map { String(cString: PQfname(handle, $0)) })
        let types = (0..<columnCount).map { PQftype(handle, $0) }
        var rows: [Row] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [PostgresValue] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(handle, row, column) == 1 {
                    values.append(.null)
                } else {
                    let bytes = UnsafeRawBufferPointer(
                        start: PQgetvalue(handle, row, column), count: Int(PQgetlength(handle, row, column)))
                    values.append(Self.decode(bytes.bindMemory(to: UInt8.self), type: types[Int(column)]))
                }
            }
            rows.append(Row(columns: columns, values: values))
        }
        return rows
    }

    /// Type OIDs from `pg_type` (stable across versions: they are part of the catalog's bootstrap).
    enum TypeOID {
        static let bool: Oid = 16
        static let bytea: Oid = 17
        static let int8: Oid = 20
        static let int2: Oid = 21
        static let int4: Oid = 23
        static let oid: Oid = 26
        static let float4: Oid = 700
        static let float8: Oid = 701
        static let numeric: Oid = 1700
    }

    /// Decodes one value in PostgreSQL's text output format.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, type: Oid) -> PostgresValue {
        let text = { String(decoding: bytes, as: UTF8.self) }
        switch type {
        case TypeOID.int2, TypeOID.int4, TypeOID.int8, TypeOID.oid:
            return Int64(text()).map(PostgresValue.integer) ?? .text(text())
        case TypeOID.float4, TypeOID.float8:
            switch text() {
            case "NaN": return .real(.nan)
            case "Infinity": return .real(.infinity)
            case "-Infinity": return .real(-.infinity)
            case let other: return Double(other).map(PostgresValue.real) ?? .text(other)
            }
        case TypeOID.bool:
            return .bool(bytes.first == UInt8(ascii: "t"))
        case TypeOID.numeric:
            return .numeric(text())
        case TypeOID.bytea:
            return .bytes(ByteaText.decode(bytes))
        default:
            return .text(text())
        }
    }
}

@available(*, unavailable)
extension QueryResult: Sendable {}

/// `bytea`'s two text output formats (https://www.postgresql.org/docs/current/datatype-binary.html):
/// `hex` (`\x00ff`, the default) and the older `escape` (`\000\377`, `\\`), which a server
/// configured with `bytea_output = escape` still sends.
enum ByteaText {
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let backslash = UInt8(ascii: "\\")
        if bytes.count >= 2 && bytes[0] == backslash && bytes[1] == UInt8(ascii: "x") {
            var decoded: [UInt8] = []
            decoded.reserveCapacity((bytes.count - 2) / 2)
            var index = 2
            while index + 1 < bytes.count {
                decoded.append(nibble(bytes[index]) << 4 | nibble(bytes[index + 1]))
                index += 2
            }
            return decoded
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == backslash && index + 1 < bytes.count && bytes[index + 1] == backslash {
                decoded.append(backslash)
                index += 2
            } else if byte == backslash && index + 3 < bytes.count {
                let octal = bytes[(index + 1)...(index + 3)].reduce(0) { $0 << 3 | (($1 &- 48) & 7) }
                decoded.append(octal)
                index += 4
            } else {
                decoded.append(byte)
                index += 1
            }
        }
        return decoded
    }

    private static func nibble(_ digit: UInt8) -> UInt8 {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: 0
        }
    }
}

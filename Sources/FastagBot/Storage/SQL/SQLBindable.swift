import PostgreSQL
import SQLite

/// A Swift value the stores bind to a statement or read from a column, on either backend:
/// it is both a `SQLiteConvertible` and a `PostgresConvertible`, and means the same in each
/// (integers are `INTEGER`/`bigint`, text is text, bytes are `BLOB`/`bytea`).
package protocol SQLBindable: SQLiteConvertible, PostgresConvertible {}

extension Int64: SQLBindable {}
extension Int: SQLBindable {}
extension Double: SQLBindable {}
extension Bool: SQLBindable {}
extension String: SQLBindable {}
extension [UInt8]: SQLBindable {}
extension Optional: SQLBindable where Wrapped: SQLBindable {}

/// A row's key as either backend gives it, integer or text: what a scan that resumes where
/// it stopped remembers of the last row it read (`SQLDialect.resumableRowKey`).
package enum RowKey: SQLBindable, Equatable {
    case integer(Int64)
    case text(String)

    /// The key as the value it wraps, which binds itself on either backend.
    private var value: any SQLBindable {
        switch self {
        case .integer(let value): value
        case .text(let value): value
        }
    }

    package var sqliteValue: SQLiteValue { value.sqliteValue }

    package init?(sqliteValue: SQLiteValue) {
        switch sqliteValue {
        case .integer(let value): self = .integer(value)
        case .text(let value): self = .text(value)
        default: return nil
        }
    }

    package var postgresValue: PostgresValue { value.postgresValue }

    package init?(postgresValue: PostgresValue) {
        switch postgresValue {
        case .integer(let value): self = .integer(value)
        case .text(let value): self = .text(value)
        default: return nil
        }
    }
}

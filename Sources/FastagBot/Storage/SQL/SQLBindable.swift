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

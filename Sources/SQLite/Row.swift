/// One result row: its values in column order, readable by index or column name.
public struct Row: Sendable {
    /// Shared by every row of one result.
    let columns: ColumnNames
    /// The values in column order.
    public let values: [SQLiteValue]

    final class ColumnNames: Sendable {
        let names: [String]
        init(_ names: [String]) { self.names = names }
    }

    /// The names of the result's columns, as the query spelled them (or their `AS` names).
    public var columnNames: [String] { columns.names }

    /// The value of column `index`; it must be in `0..<values.count` (it traps otherwise:
    /// use `get(_:as:)` for an index that may be wrong).
    public subscript(index: Int) -> SQLiteValue { values[index] }

    /// The value of the first column called `name`, or `.null` when there is none.
    public subscript(name: String) -> SQLiteValue {
        guard let index = columns.names.firstIndex(of: name) else { return .null }
        return values[index]
    }

    /// The value of column `name` as `T`.
    ///
    /// - Returns: the value; for an optional `T`, nil when the column holds NULL.
    /// - Throws: `SQLiteError` (`misuse`) when there is no such column, (`mismatch`) when it
    ///   holds something `T` cannot represent.
    public func get<T: SQLiteConvertible>(_ name: String, as type: T.Type = T.self) throws(SQLiteError) -> T {
        guard let index = columns.names.firstIndex(of: name) else {
            throw SQLiteError(code: .misuse, message: "no column named \(name)")
        }
        guard let value = T(sqliteValue: values[index]) else {
            throw SQLiteError(code: .mismatch, message: "column \(name) does not hold a \(T.self)")
        }
        return value
    }

    /// The value of column `index` as `T`.
    ///
    /// - Returns: the value; for an optional `T`, nil when the column holds NULL.
    /// - Throws: `SQLiteError` (`misuse`) when there is no such column, (`mismatch`) when it
    ///   holds something `T` cannot represent.
    public func get<T: SQLiteConvertible>(_ index: Int, as type: T.Type = T.self) throws(SQLiteError) -> T {
        guard values.indices.contains(index) else {
            throw SQLiteError(code: .misuse, message: "no column \(index) (the row has \(values.count))")
        }
        guard let value = T(sqliteValue: values[index]) else {
            throw SQLiteError(code: .mismatch, message: "column \(index) does not hold a \(T.self)")
        }
        return value
    }
}

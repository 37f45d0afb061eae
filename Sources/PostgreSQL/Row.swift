/// One result row: its values in column order, readable by index or column name.
public struct Row: Sendable {
    /// Shared by every row of one result.
    let columns: ColumnNames
    public let values: [PostgresValue]

    final class ColumnNames: Sendable {
        let names: [String]
        init(_ names: [String]) { self.names = names }
    }

    public var columnNames: [String] { columns.names }

    public subscript(index: Int) -> PostgresValue { values[index] }

    public subscript(name: String) -> PostgresValue {
        guard let index = columns.names.firstIndex(of: name) else { return .null }
        return values[index]
    }

    /// The value of column `name` as `T`.
    ///
    /// - Throws: `PostgresError` with `.undefinedColumn` when there is no such column, or
    ///   `.datatypeMismatch` when it holds something `T` cannot represent.
    public func get<T: PostgresConvertible>(_ name: String, as type: T.Type = T.self) throws(PostgresError) -> T {
        guard let index = columns.names.firstIndex(of: name) else {
            throw PostgresError(code: .undefinedColumn, message: "no column named \(name)")
        }
        guard let value = T(postgresValue: values[index]) else {
            throw PostgresError(code: .datatypeMismatch, message: "column \(name) does not hold a \(T.self)")
        }
        return value
    }

    /// The value of column `index` as `T`.
    ///
    /// - Throws: `PostgresError` with `.undefinedColumn` when there is no such column, or
    ///   `.datatypeMismatch` when it holds something `T` cannot represent.
    public func get<T: PostgresConvertible>(_ index: Int, as type: T.Type = T.self) throws(PostgresError) -> T {
        guard values.indices.contains(index) else {
            throw PostgresError(code: .undefinedColumn, message: "no column \(index) (the row has \(values.count))")
        }
        guard let value = T(postgresValue: values[index]) else {
            throw PostgresError(code: .datatypeMismatch, message: "column \(index) does not hold a \(T.self)")
        }
        return value
    }
}

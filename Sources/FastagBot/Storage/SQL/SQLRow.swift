import PostgreSQL
import SQLite

/// One result row of either backend, read column by column.
package struct SQLRow: Sendable {
    typealias Backend = SQLBackend<SQLite.Row, PostgreSQL.Row>
    let backend: Backend

    package var columnNames: [String] {
        switch backend {
        case .sqlite(let row): row.columnNames
        case .postgres(let row): row.columnNames
        }
    }

    /// The value of column `name` as `T`; throws the backend's error when there is no such
    /// column or it holds something `T` cannot represent.
    package func get<T: SQLBindable>(_ name: String, as type: T.Type = T.self) throws -> T {
        switch backend {
        case .sqlite(let row): try row.get(name, as: T.self)
        case .postgres(let row): try row.get(name, as: T.self)
        }
    }

    /// The value of column `index` as `T`.
    package func get<T: SQLBindable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        switch backend {
        case .sqlite(let row): try row.get(index, as: T.self)
        case .postgres(let row): try row.get(index, as: T.self)
        }
    }

    /// Column `name` as text for a message (a row's key in an error): an integer or text as
    /// it is, anything else `?`.
    package func describe(_ name: String) -> String {
        if let value = try? get(name, as: Int64.self) { return "\(value)" }
        if let value = try? get(name, as: String.self) { return value }
        return "?"
    }
}

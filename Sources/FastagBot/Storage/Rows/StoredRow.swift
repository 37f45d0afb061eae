/// One row of a table, read column by column. A value that is not what its column should
/// hold (a damaged file, an edit by hand past the schema's checks) throws `UnreadableRow`
/// naming the table, the row and the column; nothing is read as a default instead.
struct StoredRow {
    let row: SQLRow
    let table: String
    let keyColumn: String

    init(_ row: SQLRow, table: String, keyColumn: String = "id") {
        self.row = row
        self.table = table
        self.keyColumn = keyColumn
    }

    func get<T: SQLBindable>(_ column: String, as type: T.Type = T.self) throws(UnreadableRow) -> T {
        do {
            return try row.get(column)
        } catch {
            throw unreadable(column, row.columnNames.contains(column) ? "does not hold a \(T.self)" : "was not read")
        }
    }

    /// A text column holding one of `T`'s raw values.
    func choice<T: RawRepresentable>(_ column: String, as type: T.Type = T.self) throws(UnreadableRow) -> T
    where T.RawValue == String {
        guard let value = T(rawValue: try get(column, as: String.self)) else {
            throw unreadable(column, "holds no \(T.self) value")
        }
        return value
    }

    /// A text column holding JSON.
    func json(_ column: String) throws(UnreadableRow) -> JSONValue {
        let text: String = try get(column)
        guard let value = try? JSONValue.parse(Array(text.utf8)) else { throw unreadable(column, "does not hold JSON") }
        return value
    }

    /// A text column holding a JSON object.
    func jsonObject(_ column: String) throws(UnreadableRow) -> [String: JSONValue] {
        guard let object = try json(column).objectValue else { throw unreadable(column, "does not hold a JSON object") }
        return object
    }

    private func unreadable(_ column: String, _ problem: String) -> UnreadableRow {
        UnreadableRow(table: table, key: row.describe(keyColumn), column: column, problem: problem)
    }
}

/// A value stored as one row of one table: the one way rows become values. Each stored type
/// names its table and the columns it reads (the SELECT list), and reads them by name from a
/// `StoredRow`, which refuses a value the column should not hold instead of guessing one.
protocol RowDecodable: Sendable {
    static var table: String { get }
    /// The columns a SELECT reads; `keyColumn` among them.
    static var columns: [String] { get }
    /// The column that names a row in errors.
    static var keyColumn: String { get }
    init(row: StoredRow) throws
}

extension RowDecodable {
    static var keyColumn: String { "id" }

    /// The value of one result row of a query over `table`.
    static func decode(_ row: SQLRow) throws -> Self {
        try Self(row: StoredRow(row, table: table, keyColumn: keyColumn))
    }

    /// The first row `condition` (SQL over `table`) selects.
    /// `locking`: inside a write that changes the row from what it read, lock it against other
    /// replicas until the transaction ends (`SQLDialect.lockingRead`).
    static func fetchOne(
        _ condition: String, _ arguments: any SQLBindable..., locking: Bool = false, in db: SQLConnection
    ) throws -> Self? {
        try db.queryOne(select(condition) + (locking ? db.dialect.lockingRead : ""), arguments).map(decode)
    }

    /// Every row `condition` selects, in `order`.
    static func fetchAll(
        _ condition: String, _ arguments: any SQLBindable..., orderBy order: String, in db: SQLConnection
    ) throws -> [Self] {
        try db.query(select(condition) + " ORDER BY \(order)", arguments).map(decode)
    }

    /// `SELECT <columns> FROM <table>`, with `condition` as its WHERE clause when there is one.
    static func select(_ condition: String?) -> String {
        "SELECT \(columns.joined(separator: ", ")) \(from(condition))"
    }

    /// `FROM <table>`, with `condition` as its WHERE clause when there is one.
    static func from(_ condition: String?) -> String {
        condition.map { "FROM \(table) WHERE \($0)" } ?? "FROM \(table)"
    }
}

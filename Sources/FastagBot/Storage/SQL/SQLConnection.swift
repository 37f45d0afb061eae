import PostgreSQL
import SQLite

/// A connection of either backend, as the stores use it. The stores write their SQL once, in
/// the dialect both backends take (`?` and `?N` parameters, `ON CONFLICT`, `RETURNING`);
/// what still differs between the two lives here and in `SQLDialect`, nowhere else.
///
/// Writing for both: a parameter whose type PostgreSQL cannot tell from where it stands
/// alone (`? IS NULL`, a `CASE … THEN ?`) is written `CAST(? AS BIGINT)` or `CAST(? AS TEXT)`,
/// which both take; a query's boolean result is a count or an integer `CASE`; and no
/// statement is retried inside a transaction after it failed (PostgreSQL has then aborted
/// the transaction; use `savepoint`).
package final class SQLConnection {
    typealias Backend = SQLBackend<SQLite.Database, PostgreSQL.Database>
    let backend: Backend

    init(_ backend: Backend) {
        self.backend = backend
    }

    package var dialect: SQLDialect { backend.dialect }

    /// Runs one or more statements without parameters (DDL).
    package func execute(_ sql: String) throws {
        switch backend {
        case .sqlite(let db): try db.execute(sql)
        case .postgres(let db): try db.execute(sql)
        }
    }

    /// Runs one statement; returns how many rows it changed.
    @discardableResult
    package func run(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> Int {
        switch backend {
        case .sqlite(let db): try db.run(sql, values: Self.sqliteValues(arguments))
        case .postgres(let db): try db.run(SQLDialect.numbered(sql), values: Self.postgresValues(arguments))
        }
    }

    @discardableResult
    package func run(_ sql: String, _ arguments: any SQLBindable...) throws -> Int {
        try run(sql, arguments)
    }

    package func query(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> [SQLRow] {
        switch backend {
        case .sqlite(let db):
            try db.query(sql, values: Self.sqliteValues(arguments)).map { SQLRow(backend: .sqlite($0)) }
        case .postgres(let db):
            try db.query(SQLDialect.numbered(sql), values: Self.postgresValues(arguments)).map {
                SQLRow(backend: .postgres($0))
            }
        }
    }

    package func query(_ sql: String, _ arguments: any SQLBindable...) throws -> [SQLRow] {
        try query(sql, arguments)
    }

    package func queryOne(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> SQLRow? {
        try query(sql, arguments).first
    }

    package func queryOne(_ sql: String, _ arguments: any SQLBindable...) throws -> SQLRow? {
        try queryOne(sql, arguments)
    }

    /// The first column of the first row, as `T`; throws when there is no row.
    package func scalar<T: SQLBindable>(_ sql: String, _ arguments: [any SQLBindable] = [], as type: T.Type = T.self)
        throws -> T
    {
        guard let row = try queryOne(sql, arguments) else { throw NoRow(sql: sql) }
        return try row.get(0, as: T.self)
    }

    /// Runs an `INSERT` into a table with an `id` key and returns the new row's `id`
    /// (`RETURNING id`, which both backends take).
    package func insert(_ sql: String, _ arguments: any SQLBindable...) throws -> Int64 {
        try scalar(sql + " RETURNING id", arguments, as: Int64.self)
    }

    /// Makes the transactions that call this with the same `key` take turns until each ends,
    /// for a read-then-write on rows that may not exist yet (nothing to lock with `FOR UPDATE`).
    /// On PostgreSQL it is a transaction-level advisory lock on the key's hash, so the turns
    /// hold across replicas; SQLite's one writer already holds the whole database.
    package func takeTurns(on key: String) throws {
        switch backend {
        case .sqlite: break
        case .postgres(let db): try db.run("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key)
        }
    }

    /// Runs `body` in a read transaction that sees one snapshot of committed data, so that
    /// several queries (a count and a page) agree with each other.
    package func snapshot<T>(_ body: () throws -> T) throws -> T {
        switch backend {
        case .sqlite(let db): try db.transaction(.deferred, body)
        case .postgres(let db): try db.transaction(.repeatableRead, body)
        }
    }

    /// `NOTIFY channel, payload` on PostgreSQL, delivered to every listening replica when the
    /// transaction commits; nothing on SQLite, where one process is all there is.
    package func notify(_ channel: String, _ payload: String) throws {
        if case .postgres(let db) = backend { try db.notify(channel, payload: payload) }
    }

    /// The arguments as each backend binds them, converted one by one: passing the array as
    /// `[any SQLiteConvertible]` would cast it, a dynamic cast per element on every statement.
    private static func sqliteValues(_ arguments: [any SQLBindable]) -> [SQLiteValue] {
        arguments.map { $0.sqliteValue }
    }

    private static func postgresValues(_ arguments: [any SQLBindable]) -> [PostgresValue] {
        arguments.map { $0.postgresValue }
    }

    struct NoRow: Error, CustomStringConvertible {
        let sql: String
        var description: String { "the query returned no row: \(sql)" }
    }
}

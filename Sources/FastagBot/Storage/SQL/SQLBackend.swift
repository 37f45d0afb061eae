/// What the SQL layer holds of one backend or the other: a pool, a connection or a row of
/// SQLite or of PostgreSQL. The one place where which backend it is becomes a dialect.
enum SQLBackend<OnSQLite, OnPostgres> {
    case sqlite(OnSQLite)
    case postgres(OnPostgres)

    var dialect: SQLDialect {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }
}

extension SQLBackend: Sendable where OnSQLite: Sendable, OnPostgres: Sendable {}

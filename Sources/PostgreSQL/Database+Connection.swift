import CPostgres
import Glibc

/// What libpq's notice receiver saw; read and reset on the connection's own thread.
final class NoticeFlags {
    /// The server sent a FATAL message while the connection sat idle ("terminating connection
    /// due to administrator command", a shutdown): it is about to close the connection.
    var serverClosing = false
}

/// libpq calls this for every NOTICE, WARNING and idle-time error instead of printing it to
/// stderr (its default, which would put server messages, and the values they quote, in the log).
private func receiveNotice(_ flags: UnsafeMutableRawPointer?, _ result: OpaquePointer?) {
    guard let flags, let result, let severity = PQresultErrorField(result, DiagnosticField.severity) else {
        return
    }
    let level = String(cString: severity)
    if level == "FATAL" || level == "PANIC" {
        Unmanaged<NoticeFlags>.fromOpaque(flags).takeUnretainedValue().serverClosing = true
    }
}

extension Database {
    /// Opens a new connection in place of any current one; prepared statements start afresh.
    func connect() throws(PostgresError) {
        disconnect()
        notices.serverClosing = false

        var parameters = url.connectionParameters().filter { $0.keyword != "client_encoding" }
        // Rows are decoded as UTF-8 and arguments sent as UTF-8, whatever the server's locale.
        parameters.append(PostgresURL.Parameter(keyword: "client_encoding", value: "UTF8"))
        if !parameters.contains(where: { $0.keyword == "connect_timeout" }) {
            parameters.append(
                PostgresURL.Parameter(keyword: "connect_timeout", value: String(options.connectTimeoutSeconds)))
        }
        let keywords = parameters.map { strdup($0.keyword) }
        let values = parameters.map { strdup($0.value) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { pointer in
                // The password is among them: wipe it before handing the memory back.
                if let pointer { memset(pointer, 0, strlen(pointer)) }
                free(pointer)
            }
        }
        let handle = (keywords.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { keywordList in
            (values.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { valueList in
                // expand_dbname 0: the database name is a name, never a connection string.
                PQconnectdbParams(keywordList.baseAddress, valueList.baseAddress, 0)
            }
        }
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            let reason = handle.map { PostgresError.trimmed(String(cString: PQerrorMessage($0))) } ?? "out of memory"
            PQfinish(handle)
            throw PostgresError(
                code: .unableToConnect, message: "cannot connect to \(url.redacted): \(reason)", isConnectionLost: true)
        }
        PQsetNoticeReceiver(handle, receiveNotice, Unmanaged.passUnretained(notices).toOpaque())
        connection = handle
    }

    /// Closes the connection; the next call opens a new one (outside a transaction).
    func disconnect() {
        PQfinish(connection)
        connection = nil
        statements.removeAll()
    }

    /// The connection, replaced first when the server dropped it while it sat idle.
    ///
    /// Before each statement outside a transaction, a zero-timeout `poll` tells whether the
    /// server sent anything while the connection sat idle: usually its goodbye (FATAL 57P01
    /// and end of file) after a restart or `pg_terminate_backend`. Then the connection is
    /// replaced before the statement is sent, so that only statements actually in flight when
    /// a connection breaks ever fail.
    ///
    /// - Throws: `PostgresError` (`isConnectionLost`) when the connection is gone inside a
    ///   transaction, or when a new one cannot be made.
    func connected() throws(PostgresError) -> OpaquePointer {
        if let connection, PQstatus(connection) == CONNECTION_OK, !notices.serverClosing {
            let idle = transactionDepth == 0 && PQtransactionStatus(connection) == PQTRANS_IDLE
            guard idle, Self.hasInput(connection) else { return connection }
            // PQconsumeInput only reads; PQisBusy parses, and so hands a FATAL to the notice receiver.
            if PQconsumeInput(connection) == 1 && PQisBusy(connection) == 0 && PQstatus(connection) == CONNECTION_OK
                && !notices.serverClosing
            {
                return connection
            }
        }
        guard reconnectsAutomatically && transactionDepth == 0 else {
            throw PostgresError(
                code: .connectionFailure, message: "the connection to the server was lost", isConnectionLost: true)
        }
        try connect()
        guard let connection else {
            throw PostgresError(code: .unableToConnect, message: "no connection", isConnectionLost: true)
        }
        return connection
    }

    /// Whether the server has sent something not yet read (data, or end of file).
    static func hasInput(_ connection: OpaquePointer) -> Bool {
        var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// Whether the connection is usable right now (false after the server dropped it, until
    /// the next call replaces it).
    public var isConnected: Bool {
        guard let connection else { return false }
        return PQstatus(connection) == CONNECTION_OK && !notices.serverClosing
    }

    /// The server's version as a number (150018 for 15.18).
    public var serverVersion: Int { connection.map { Int(PQserverVersion($0)) } ?? 0 }
}

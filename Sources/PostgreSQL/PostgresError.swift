import CPostgres

/// An error reported by PostgreSQL or by this client: its SQLSTATE, a message, and the SQL
/// that failed.
///
/// Safe to log, as SQLite's `SQLiteError` is: bound values are never part of it, since they
/// may hold phone numbers or ID numbers. The server's DETAIL field is left out (it repeats the
/// row: "Key (mobile)=(98…) already exists"), and in the classes whose primary message can
/// quote the offending input ("invalid input syntax for type bigint: "…"") the quoted parts
/// are withheld. What stays is what a developer needs: the code, the message, the SQL, and
/// the constraint, table and column names.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public let code: SQLState
    public let message: String
    public let sql: String?
    /// The constraint, table and column the server names (schema names, never data).
    public let constraint: String?
    public let table: String?
    public let column: String?
    /// The connection to the server was lost (or could not be made): the server restarted, the
    /// backend was terminated, the network failed. The statement may or may not have run (a
    /// COMMIT may have committed); the connection is re-established on its next use, so a caller
    /// answers this with a retryable failure (HTTP 503) rather than a server error.
    public let isConnectionLost: Bool

    public init(
        code: SQLState, message: String, sql: String? = nil, constraint: String? = nil, table: String? = nil,
        column: String? = nil, isConnectionLost: Bool? = nil
    ) {
        self.code = code
        self.message = message
        self.sql = sql
        self.constraint = constraint
        self.table = table
        self.column = column
        self.isConnectionLost = isConnectionLost ?? Self.meansConnectionLost(code)
    }

    /// Whether `code` by itself says the connection is gone: class 08 (but not a protocol
    /// violation, which a wrong argument count also raises), or the server shutting down or
    /// not accepting connections yet.
    static func meansConnectionLost(_ code: SQLState) -> Bool {
        switch code {
        case .protocolViolation: false
        case .connectionException, .adminShutdown, .crashShutdown, .cannotConnectNow: true
        default: false
        }
    }

    /// A class 23 error: unique, foreign key, check, not-null or exclusion constraint.
    public var isConstraintViolation: Bool { SQLState.integrityConstraintViolation ~= code }

    /// The transaction lost a conflict with a concurrent one (a serialization failure under
    /// REPEATABLE READ or SERIALIZABLE, or a deadlock) and was rolled back: running it again
    /// from the start may well succeed.
    public var isTransactionConflict: Bool { code == .serializationFailure || code == .deadlockDetected }

    public var description: String {
        var text = "PostgreSQL error \(code): \(message)"
        if isConnectionLost { text += " (connection lost)" }
        if let sql { text += " — while running: \(sql)" }
        return text
    }
}

extension PostgresError {
    /// The error a failed result carries. `connection` tells whether the connection survived.
    init(result: OpaquePointer?, connection: OpaquePointer?, sql: String?) {
        let lost = connection.map { PQstatus($0) != CONNECTION_OK } ?? true
        func field(_ code: Int32) -> String? {
            guard let result, let value = PQresultErrorField(result, code) else { return nil }
            return String(cString: value)
        }
        let state = field(DiagnosticField.sqlState).map(SQLState.init)
        let primary =
            field(DiagnosticField.messagePrimary)
            ?? connection.map { Self.trimmed(String(cString: PQerrorMessage($0))) } ?? "no result from the server"
        let code = state ?? (lost ? .connectionFailure : .internalError)
        self.init(
            code: code, message: Self.withoutValues(primary, code: code), sql: sql,
            constraint: field(DiagnosticField.constraint), table: field(DiagnosticField.table),
            column: field(DiagnosticField.column), isConnectionLost: lost || Self.meansConnectionLost(code))
    }

    /// libpq's own messages end in a newline and may span lines ("server closed the connection
    /// unexpectedly\n\tThis probably means…"); one line reads better in a log.
    static func trimmed(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map { $0.trimmingLeadingTabs() }.joined(separator: " ")
    }

    /// Classes whose primary messages quote only schema names and SQL, never values.
    private static let classesWithoutValues: Set<String> = [
        "08", "0A", "23", "25", "28", "3D", "3F", "40", "42", "53", "54", "55", "57",
    ]

    /// `message` with anything that may be input withheld: in other classes (data exceptions,
    /// `RAISE` from functions) quoted parts become `"…"` and a trailing byte dump (`: 0x00`) goes.
    static func withoutValues(_ message: String, code: SQLState) -> String {
        guard !classesWithoutValues.contains(String(code.rawValue.prefix(2))) else { return message }
        var text = message
        if let dump = text.firstRange(of: ": 0x") { text = String(text[..<dump.lowerBound]) }
        var redacted = ""
        var quoted = false
        for character in text {
            if character == "\"" {
                if !quoted { redacted += "\"…\"" }
                quoted.toggle()
            } else if !quoted {
                redacted.append(character)
            }
        }
        return redacted
    }
}

extension Substring {
    fileprivate func trimmingLeadingTabs() -> Substring {
        drop { $0 == "\t" || $0 == " " }
    }
}

/// Error field codes for `PQresultErrorField` (postgres_ext.h's `PG_DIAG_*`, character
/// literals that Swift does not import).
enum DiagnosticField {
    static let severity = Int32(UInt8(ascii: "V"))
    static let sqlState = Int32(UInt8(ascii: "C"))
    static let messagePrimary = Int32(UInt8(ascii: "M"))
    static let table = Int32(UInt8(ascii: "t"))
    static let column = Int32(UInt8(ascii: "c"))
    static let constraint = Int32(UInt8(ascii: "n"))
}

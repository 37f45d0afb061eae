import CSQLite

/// A SQLite result code, primary or extended (https://sqlite.org/rescode.html). A struct
/// with constants so that `switch` can match an extended code against its primary one:
/// `case .constraint:` matches `SQLITE_CONSTRAINT_UNIQUE` too.
public struct ResultCode: Hashable, Sendable, CustomStringConvertible {
    /// The C value (`SQLITE_…`).
    public let rawValue: Int32

    /// The code SQLite returned.
    public init(_ rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// The primary code (the low 8 bits of an extended code).
    public var primary: ResultCode { ResultCode(rawValue & 0xFF) }

    /// `2067 (constraint failed)`: the number and SQLite's text for it.
    public var description: String {
        "\(rawValue) (\(String(cString: sqlite3_errstr(rawValue))))"
    }

    /// Success.
    public static let ok = ResultCode(SQLITE_OK)
    /// A generic error (bad SQL, or this library's own failures).
    public static let error = ResultCode(SQLITE_ERROR)
    /// The statement was aborted; here also: a write whose group commit was rolled back by another.
    public static let abort = ResultCode(SQLITE_ABORT)
    /// Another connection holds the lock beyond the busy timeout.
    public static let busy = ResultCode(SQLITE_BUSY)
    /// A conflict inside this connection (a table in use).
    public static let locked = ResultCode(SQLITE_LOCKED)
    /// A write on a read-only connection or file.
    public static let readOnly = ResultCode(SQLITE_READONLY)
    /// The OS failed a read or write.
    public static let ioError = ResultCode(SQLITE_IOERR)
    /// The file is damaged.
    public static let corrupt = ResultCode(SQLITE_CORRUPT)
    /// The disk (or the database's size limit) is full.
    public static let full = ResultCode(SQLITE_FULL)
    /// The file cannot be opened.
    public static let cannotOpen = ResultCode(SQLITE_CANTOPEN)
    /// A constraint refused the change; matches every `constraint…` code below.
    public static let constraint = ResultCode(SQLITE_CONSTRAINT)
    /// A value of the wrong type (for a rowid, or read as the wrong Swift type).
    public static let mismatch = ResultCode(SQLITE_MISMATCH)
    /// The API was used wrongly (no such column, a query without a row).
    public static let misuse = ResultCode(SQLITE_MISUSE)
    /// The file is not a SQLite database.
    public static let notADatabase = ResultCode(SQLITE_NOTADB)
    /// A CHECK constraint failed.
    public static let constraintCheck = ResultCode(SQLITE_CONSTRAINT | (1 << 8))
    /// A FOREIGN KEY constraint failed.
    public static let constraintForeignKey = ResultCode(SQLITE_CONSTRAINT | (3 << 8))
    /// A NOT NULL constraint failed.
    public static let constraintNotNull = ResultCode(SQLITE_CONSTRAINT | (5 << 8))
    /// A PRIMARY KEY constraint failed.
    public static let constraintPrimaryKey = ResultCode(SQLITE_CONSTRAINT | (6 << 8))
    /// A trigger raised an error (`RAISE`).
    public static let constraintTrigger = ResultCode(SQLITE_CONSTRAINT | (7 << 8))
    /// A UNIQUE constraint failed.
    public static let constraintUnique = ResultCode(SQLITE_CONSTRAINT | (8 << 8))

    /// Pattern matching: a primary pattern matches any of its extended codes.
    public static func ~= (pattern: ResultCode, code: ResultCode) -> Bool {
        pattern.rawValue == pattern.primary.rawValue ? pattern == code.primary : pattern == code
    }
}

/// An error reported by SQLite: its (extended) result code, its message, and the SQL that
/// failed. Bound values are never part of it, so it is safe to log: they may hold phone
/// numbers or ID numbers.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code (match primary codes with `~=`: `case .constraint`).
    public let code: ResultCode
    /// SQLite's message, or this library's for a misuse.
    public let message: String
    /// The statement that failed, with its placeholders, never its values.
    public let sql: String?

    /// An error with this code and message.
    public init(code: ResultCode, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    init(code: Int32, connection: OpaquePointer?, sql: String? = nil) {
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        self.init(code: ResultCode(extended), message: message, sql: sql)
    }

    /// A UNIQUE, NOT NULL, CHECK, FOREIGN KEY or PRIMARY KEY constraint refused the change:
    /// the caller's data was wrong, not the database.
    public var isConstraintViolation: Bool { code.primary == .constraint }

    /// `SQLite error 2067 (…): UNIQUE constraint failed: t.k — while running: INSERT …`.
    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " — while running: \(sql)" }
        return text
    }
}

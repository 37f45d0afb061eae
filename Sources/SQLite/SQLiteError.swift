import CSQLite

/// A SQLite result code, primary or extended (https://sqlite.org/rescode.html). A struct
/// with constants so that `switch` can match an extended code against its primary one:
/// `case .constraint:` matches `SQLITE_CONSTRAINT_UNIQUE` too.
public struct ResultCode: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(_ rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// The primary code (the low 8 bits of an extended code).
    public var primary: ResultCode { ResultCode(rawValue & 0xFF) }

    public var description: String {
        "\(rawValue) (\(String(cString: sqlite3_errstr(rawValue))))"
    }

    public static let ok = ResultCode(SQLITE_OK)
    public static let error = ResultCode(SQLITE_ERROR)
    public static let abort = ResultCode(SQLITE_ABORT)
    public static let busy = ResultCode(SQLITE_BUSY)
    public static let locked = ResultCode(SQLITE_LOCKED)
    public static let readOnly = ResultCode(SQLITE_READONLY)
    public static let ioError = ResultCode(SQLITE_IOERR)
    public static let corrupt = ResultCode(SQLITE_CORRUPT)
    public static let full = ResultCode(SQLITE_FULL)
    public static let cannotOpen = ResultCode(SQLITE_CANTOPEN)
    public static let constraint = ResultCode(SQLITE_CONSTRAINT)
    public static let mismatch = ResultCode(SQLITE_MISMATCH)
    public static let misuse = ResultCode(SQLITE_MISUSE)
    public static let notADatabase = ResultCode(SQLITE_NOTADB)
    public static let constraintCheck = ResultCode(SQLITE_CONSTRAINT | (1 << 8))
    public static let constraintForeignKey = ResultCode(SQLITE_CONSTRAINT | (3 << 8))
    public static let constraintNotNull = ResultCode(SQLITE_CONSTRAINT | (5 << 8))
    public static let constraintPrimaryKey = ResultCode(SQLITE_CONSTRAINT | (6 << 8))
    public static let constraintTrigger = ResultCode(SQLITE_CONSTRAINT | (7 << 8))
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
    public let code: ResultCode
    public let message: String
    public let sql: String?

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

    public var isConstraintViolation: Bool { code.primary == .constraint }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " — while running: \(sql)" }
        return text
    }
}

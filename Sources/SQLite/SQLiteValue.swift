/// A value as SQLite stores it (https://sqlite.org/datatype3.html).
public enum SQLiteValue: Sendable, Hashable {
    /// NULL.
    case null
    /// A signed integer of up to 8 bytes.
    case integer(Int64)
    /// An 8-byte IEEE floating point number.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Bytes, stored as given.
    case blob([UInt8])
}

/// A Swift type that can be bound to a statement parameter and read from a column.
public protocol SQLiteConvertible: Sendable {
    /// The value bound for this one.
    var sqliteValue: SQLiteValue { get }
    /// Nil when the stored value cannot represent this type.
    init?(sqliteValue: SQLiteValue)
}

/// Stored as an integer.
extension Int64: SQLiteConvertible {
    public var sqliteValue: SQLiteValue { .integer(self) }
    public init?(sqliteValue: SQLiteValue) {
        guard case .integer(let value) = sqliteValue else { return nil }
        self = value
    }
}

/// Stored as an integer (64-bit on the platforms served).
extension Int: SQLiteConvertible {
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
    public init?(sqliteValue: SQLiteValue) {
        guard case .integer(let value) = sqliteValue else { return nil }
        self = Int(value)
    }
}

/// Stored as a real; an integer column reads as its value.
extension Double: SQLiteConvertible {
    public var sqliteValue: SQLiteValue { .real(self) }
    public init?(sqliteValue: SQLiteValue) {
        switch sqliteValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        default: return nil
        }
    }
}

/// Stored as 0 or 1; any non-zero integer reads as true.
extension Bool: SQLiteConvertible {
    public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
    public init?(sqliteValue: SQLiteValue) {
        guard case .integer(let value) = sqliteValue else { return nil }
        self = value != 0
    }
}

/// Stored as text.
extension String: SQLiteConvertible {
    public var sqliteValue: SQLiteValue { .text(self) }
    public init?(sqliteValue: SQLiteValue) {
        guard case .text(let value) = sqliteValue else { return nil }
        self = value
    }
}

/// Stored as a blob.
extension [UInt8]: SQLiteConvertible {
    public var sqliteValue: SQLiteValue { .blob(self) }
    public init?(sqliteValue: SQLiteValue) {
        // A zero-length blob reads back as `.blob([])`; NULL is not a blob (use `[UInt8]?`).
        guard case .blob(let value) = sqliteValue else { return nil }
        self = value
    }
}

/// Bound and read as it is.
extension SQLiteValue: SQLiteConvertible {
    public var sqliteValue: SQLiteValue { self }
    public init?(sqliteValue: SQLiteValue) { self = sqliteValue }
}

/// nil is NULL; a NULL column reads as nil, any other value as `Wrapped` reads it.
extension Optional: SQLiteConvertible where Wrapped: SQLiteConvertible {
    public var sqliteValue: SQLiteValue { self?.sqliteValue ?? .null }
    public init?(sqliteValue: SQLiteValue) {
        if case .null = sqliteValue {
            self = .none
        } else if let value = Wrapped(sqliteValue: sqliteValue) {
            self = .some(value)
        } else {
            return nil
        }
    }
}

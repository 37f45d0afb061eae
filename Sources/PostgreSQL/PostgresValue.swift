/// A value as this client reads it from PostgreSQL or binds it to a parameter.
///
/// Results come back in PostgreSQL's text format and are decoded by column type: `int2`,
/// `int4`, `int8` and `oid` as `.integer`; `float4` and `float8` as `.real`; `bool` as `.bool`;
/// `bytea` as `.bytes`; `numeric` as `.numeric` (its exact decimal text, which may not fit a
/// Double or an Int64); everything else (`text`, `varchar`, `json`, `jsonb`, `timestamptz`,
/// `uuid`, …) as `.text`, exactly as the server prints it.
public enum PostgresValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case bool(Bool)
    case text(String)
    /// A `numeric`'s exact decimal text, e.g. `12345.670`.
    case numeric(String)
    case bytes([UInt8])
}

/// A Swift type that can be bound to a statement parameter (`$1`, `$2`, …) and read from a column.
public protocol PostgresConvertible: Sendable {
    var postgresValue: PostgresValue { get }
    /// Nil when the stored value cannot represent this type.
    init?(postgresValue: PostgresValue)
}

extension Int64: PostgresConvertible {
    public var postgresValue: PostgresValue { .integer(self) }
    /// Reads an integer column, or a `numeric` that holds a whole number in Int64's range
    /// (`sum()` of a `bigint` column is `numeric`).
    public init?(postgresValue: PostgresValue) {
        switch postgresValue {
        case .integer(let value): self = value
        case .numeric(let text):
            // A whole number may still print a scale ("12.000"); anything after the point must be 0.
            let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 1 || parts[1].allSatisfy({ $0 == "0" }), let value = Int64(parts[0]) else {
                return nil
            }
            self = value
        default: return nil
        }
    }
}

extension Int: PostgresConvertible {
    public var postgresValue: PostgresValue { .integer(Int64(self)) }
    public init?(postgresValue: PostgresValue) {
        guard let value = Int64(postgresValue: postgresValue) else { return nil }
        self = Int(value)
    }
}

extension Double: PostgresConvertible {
    public var postgresValue: PostgresValue { .real(self) }
    public init?(postgresValue: PostgresValue) {
        switch postgresValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        case .numeric(let text):
            guard let value = Double(text) else { return nil }
            self = value
        default: return nil
        }
    }
}

extension Bool: PostgresConvertible {
    /// Bound as `1` or `0`, which a `boolean` parameter and an integer one both accept, so a
    /// schema that keeps flags in integer columns (as the SQLite one does) works unchanged.
    public var postgresValue: PostgresValue { .bool(self) }
    public init?(postgresValue: PostgresValue) {
        switch postgresValue {
        case .bool(let value): self = value
        case .integer(let value): self = value != 0
        default: return nil
        }
    }
}

extension String: PostgresConvertible {
    public var postgresValue: PostgresValue { .text(self) }
    public init?(postgresValue: PostgresValue) {
        switch postgresValue {
        case .text(let value), .numeric(let value): self = value
        default: return nil
        }
    }
}

extension [UInt8]: PostgresConvertible {
    public var postgresValue: PostgresValue { .bytes(self) }
    public init?(postgresValue: PostgresValue) {
        // An empty bytea reads back as `.bytes([])`; NULL is not one (use `[UInt8]?`).
        guard case .bytes(let value) = postgresValue else { return nil }
        self = value
    }
}

extension PostgresValue: PostgresConvertible {
    public var postgresValue: PostgresValue { self }
    public init?(postgresValue: PostgresValue) { self = postgresValue }
}

extension Optional: PostgresConvertible where Wrapped: PostgresConvertible {
    public var postgresValue: PostgresValue { self?.postgresValue ?? .null }
    public init?(postgresValue: PostgresValue) {
        if case .null = postgresValue {
            self = .none
        } else if let value = Wrapped(postgresValue: postgresValue) {
            self = .some(value)
        } else {
            return nil
        }
    }
}

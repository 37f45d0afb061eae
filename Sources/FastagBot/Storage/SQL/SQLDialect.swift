import Synchronization

/// Which SQL a connection speaks, and the few places where the stores' SQL must differ.
package enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// What ends a SELECT that reads rows about to be changed from what they hold: on
    /// PostgreSQL `FOR UPDATE` locks them against other replicas until the transaction ends;
    /// SQLite's one writer already holds the whole database.
    var lockingRead: String { spelling.lockingRead }

    /// The query that reads the schema version the migrations brought the database to.
    var schemaVersionQuery: String { spelling.schemaVersionQuery }

    /// A join that reads its left table first and looks each row up in the right one:
    /// SQLite's `CROSS JOIN`, which its planner never reorders; PostgreSQL's planner chooses
    /// the order from its statistics, and there `CROSS JOIN` takes no `ON`.
    var joinInThisOrder: String { spelling.joinInThisOrder }

    /// The column that orders the rows of a table keyed by text (`sessions`) in a scan that
    /// resumes where it stopped, and that the index the scan reads holds: SQLite's `rowid`
    /// (every index ends with it); PostgreSQL has none, so there it is the key `id` (which
    /// its index `sessions_finished` lists after `updated_at`).
    var resumableRowKey: String { spelling.resumableRowKey }

    /// The fixed words that differ between the dialects, one table of them per dialect.
    private struct Spelling {
        let lockingRead: String
        let schemaVersionQuery: String
        let joinInThisOrder: String
        let resumableRowKey: String
    }

    private var spelling: Spelling {
        switch self {
        case .sqlite:
            Spelling(
                lockingRead: "", schemaVersionQuery: "PRAGMA user_version", joinInThisOrder: "CROSS JOIN",
                resumableRowKey: "rowid")
        case .postgres:
            Spelling(
                lockingRead: " FOR UPDATE",
                schemaVersionQuery: "SELECT coalesce(max(version), 0) FROM schema_migrations",
                joinInThisOrder: "JOIN", resumableRowKey: "id")
        }
    }

    /// SQL for the JSON object held as text in `column` without its top-level `keys`, as text.
    func jsonRemovingKeys(_ keys: [String], from column: String) -> String {
        switch self {
        case .sqlite: "json_remove(\(column), \(keys.map { "'$.\(Self.checkedKey($0))'" }.joined(separator: ", ")))"
        case .postgres: "(\(column)::jsonb - \(Self.textArray(keys)))::text"
        }
    }

    /// SQL that is true when the JSON object held as text in `column` has any of `keys` at its
    /// top level (with any value, null included).
    func jsonHasAnyKey(_ keys: [String], in column: String) -> String {
        switch self {
        case .sqlite:
            "(" + keys.map { "json_type(\(column), '$.\(Self.checkedKey($0))') IS NOT NULL" }.joined(separator: " OR ")
                + ")"
        case .postgres: "(\(column)::jsonb - \(Self.textArray(keys)) <> \(column)::jsonb)"
        }
    }

    /// `column` as a term that filters rows without choosing the index: SQLite, given a range
    /// on a later column of an index, skip-scans it and then sorts to group (`+column` keeps
    /// the index read in its own order); PostgreSQL estimates `+column` blindly and sorts,
    /// while the plain column lets it count in a hash.
    func filterOnly(_ column: String) -> String {
        switch self {
        case .sqlite: "+\(column)"
        case .postgres: column
        }
    }

    /// SQL for the text at top-level `key` of the JSON object held as text in `column`
    /// (NULL when absent or not text).
    func jsonText(_ key: String, in column: String) -> String {
        switch self {
        case .sqlite: "json_extract(\(column), '$.\(Self.checkedKey(key))')"
        case .postgres: "(\(column)::jsonb ->> '\(Self.checkedKey(key))')"
        }
    }

    /// Keys written into SQL are the stores' own constants, never input: letters, digits, `_`.
    private static func checkedKey(_ key: String) -> String {
        precondition(
            !key.isEmpty
                && key.utf8.allSatisfy { $0 == UInt8(ascii: "_") || ($0 | 0x20) &- 0x61 < 26 || $0 &- 0x30 < 10 },
            "a JSON key in SQL must be a plain name")
        return key
    }

    private static func textArray(_ keys: [String]) -> String {
        "ARRAY[" + keys.map { "'\(checkedKey($0))'" }.joined(separator: ", ") + "]"
    }

    /// The statement with SQLite's parameters (`?`, `?N`) as PostgreSQL's (`$N`), numbered as
    /// SQLite numbers them (a bare `?` is one more than the largest number so far). Quoted
    /// text, quoted names and comments are left alone. Remembered per statement text.
    static func numbered(_ sql: String) -> String {
        guard sql.utf8.contains(UInt8(ascii: "?")) else { return sql }
        if let known = numberedCache.withLock({ $0[sql] }) { return known }
        let result = renumber(sql)
        numberedCache.withLock { cache in
            // The stores' statements are a fixed set; a bound keeps a generated one from growing it.
            if cache.count > 4096 { cache.removeAll() }
            cache[sql] = result
        }
        return result
    }

    private static let numberedCache = Mutex<[String: String]>([:])

    private static func renumber(_ sql: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(sql.utf8.count + 8)
        let bytes = Array(sql.utf8)
        var index = 0
        var largest = 0
        var quote: UInt8?
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                out.append(byte)
                if byte == open { quote = nil }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                quote = byte
                out.append(byte)
                index += 1
            case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "-"):
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") {
                    out.append(bytes[index])
                    index += 1
                }
            case UInt8(ascii: "?"):
                index += 1
                var number = 0
                var digits = 0
                while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                    number = number * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                    digits += 1
                    index += 1
                }
                if digits == 0 { number = largest + 1 }
                largest = max(largest, number)
                out.append(UInt8(ascii: "$"))
                out.append(contentsOf: String(number).utf8)
            default:
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

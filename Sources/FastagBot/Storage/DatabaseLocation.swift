import Foundation
import PostgreSQL

/// Where the data lives, from `DATABASE_URL`: a SQLite file (the embedded default, for one
/// machine) or a PostgreSQL server that any number of replicas share.
package enum DatabaseLocation: Sendable, CustomStringConvertible {
    /// A file path, or `:memory:`.
    case sqlite(path: String)
    case postgres(PostgresURL)

    static let expected =
        "sqlite:///path/to/file.db, a file path, or postgresql://user:password@host:5432/database"

    /// `sqlite:///./x.db` → `./x.db`, `sqlite:////var/x.db` → `/var/x.db` (SQLAlchemy's form,
    /// as in the seed's configuration); a value without a scheme is taken as a path;
    /// `postgresql://` and `postgres://` URLs as libpq reads them (user, password, host, port,
    /// database, query parameters such as `sslmode`).
    init?(parsing value: String) {
        if value.hasPrefix("postgresql://") || value.hasPrefix("postgres://") {
            guard let url = try? PostgresURL(value) else { return nil }
            self = .postgres(url)
        } else if value.hasPrefix("sqlite:///") {
            let path = String(value.dropFirst("sqlite:///".count))
            guard !path.isEmpty else { return nil }
            self = .sqlite(path: path)
        } else {
            guard !value.isEmpty, !value.contains("://") else { return nil }
            self = .sqlite(path: value)
        }
    }

    /// The setting's text as it may be shown: a PostgreSQL URL without its password.
    static func redacting(_ text: String) -> String {
        if case .postgres(let url) = DatabaseLocation(parsing: text) { return url.redacted }
        // Unreadable: show none of what could be a password (between "://user:" and "@").
        guard let scheme = text.range(of: "://"), let at = text.lastIndex(of: "@"), scheme.upperBound < at else {
            return text
        }
        return String(text[..<scheme.upperBound]) + "***" + String(text[at...])
    }

    package var description: String {
        switch self {
        case .sqlite(let path): "SQLite \(path)"
        case .postgres(let url): "PostgreSQL \(url.redacted)"
        }
    }

    /// The file's path, or the server's URL without its password.
    package var name: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): url.redacted
        }
    }

    package var isPostgres: Bool {
        if case .postgres = self { return true }
        return false
    }
}

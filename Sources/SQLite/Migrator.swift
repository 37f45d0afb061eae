/// One step of the schema. Once shipped a migration is never edited; a change is a new one.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let apply: @Sendable (Database) throws -> Void

    public init(_ version: Int, _ name: String, apply: @escaping @Sendable (Database) throws -> Void) {
        self.version = version
        self.name = name
        self.apply = apply
    }

    /// A migration that runs an SQL script.
    public init(_ version: Int, _ name: String, sql: String) {
        self.init(version, name) { try $0.execute(sql) }
    }
}

/// Applies migrations in order, tracking the schema version in `PRAGMA user_version`.
/// Each migration runs in its own IMMEDIATE transaction together with the version bump,
/// so a failure leaves the database at the previous version.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    public init(_ migrations: [Migration]) {
        precondition(
            migrations.enumerated().allSatisfy { $0.offset + 1 == $0.element.version },
            "migration versions must be 1, 2, 3, … in order")
        self.migrations = migrations
    }

    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Brings `database` up to `target` (default: the latest). Returns the migrations applied.
    @discardableResult
    public func migrate(_ database: Database, upTo target: Int? = nil) throws -> [Migration] {
        let current = try database.userVersion()
        guard current <= latestVersion else {
            throw SQLiteError(
                code: .error,
                message:
                    "the database is at schema version \(current), newer than this program knows (\(latestVersion))")
        }
        let goal = target ?? latestVersion
        let pending = migrations.filter { $0.version > current && $0.version <= goal }
        for migration in pending {
            try database.transaction(.immediate) {
                try migration.apply(database)
                try database.execute("PRAGMA user_version = \(migration.version)")
            }
        }
        return pending
    }
}

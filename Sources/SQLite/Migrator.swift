/// One step of the schema. Once shipped a migration is never edited; a change is a new one.
public struct Migration: Sendable {
    /// Its place in the list: 1, 2, 3, …; stored in `PRAGMA user_version` once applied.
    public let version: Int
    /// What it does, for logs.
    public let name: String
    /// The change, run inside the migrator's transaction.
    public let apply: @Sendable (Database) throws -> Void

    /// A migration that runs Swift code (for changes SQL alone cannot make, such as
    /// rewriting stored values).
    ///
    /// - Parameters:
    ///   - version: its place in the list.
    ///   - name: what it does.
    ///   - apply: the change; it must not commit or roll back.
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
    /// Every migration, in version order.
    public let migrations: [Migration]

    /// A migrator for `migrations`, whose versions must be 1, 2, 3, … in order (otherwise
    /// it traps: the list is a programming error, caught by the first test).
    public init(_ migrations: [Migration]) {
        precondition(
            migrations.enumerated().allSatisfy { $0.offset + 1 == $0.element.version },
            "migration versions must be 1, 2, 3, … in order")
        self.migrations = migrations
    }

    /// The version of the last migration: the schema this program expects.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Brings `database` up to `target` (default: the latest).
    ///
    /// - Parameters:
    ///   - database: the connection to migrate; it must not be inside a transaction.
    ///   - target: the version to stop at (tests of a migration); nil for the latest.
    /// - Returns: the migrations applied, in order (none when it was up to date).
    /// - Throws: `SQLiteError` when the database is newer than this program, or a migration
    ///   fails (the database then stays at the version before it).
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

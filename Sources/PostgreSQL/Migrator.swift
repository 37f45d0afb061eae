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

/// Applies migrations in order, recording each applied version in a table (`schema_migrations`
/// by default, in the connection's current schema).
///
/// Each migration runs in its own transaction together with its record, so a failure leaves
/// the database at the previous version. Every such transaction first takes a transaction-level
/// advisory lock for the table and checks the record again, so that replicas starting together
/// against one database apply each migration exactly once: one applies it, the others wait for
/// its commit and find it applied. (A migration therefore cannot use statements that refuse to
/// run in a transaction, such as `CREATE INDEX CONCURRENTLY`.)
public struct Migrator: Sendable {
    public let migrations: [Migration]
    /// The table of applied versions.
    public let table: String

    /// The advisory lock's first key (`pg_advisory_xact_lock(int, int)`), "fstg" in ASCII: it
    /// keeps the migrator's locks apart from the single-key locks an application takes.
    static let lockClass: Int32 = 0x6673_7467

    public init(_ migrations: [Migration], table: String = "schema_migrations") {
        precondition(
            migrations.enumerated().allSatisfy { $0.offset + 1 == $0.element.version },
            "migration versions must be 1, 2, 3, … in order")
        self.migrations = migrations
        self.table = table
    }

    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The highest version applied (0 for a new database).
    ///
    /// - Throws: `PostgresError` when the database cannot be read.
    public func currentVersion(_ database: Database) throws -> Int {
        try ensureTable(database)
        return try database.scalar("SELECT coalesce(max(version), 0) FROM \(quotedTable)", as: Int.self)
    }

    /// The migrations not applied yet (what a readiness check waits for).
    ///
    /// - Throws: `PostgresError` when the database cannot be read.
    public func pendingMigrations(_ database: Database) throws -> [Migration] {
        try ensureTable(database)
        let applied = Set(try database.query("SELECT version FROM \(quotedTable)").map { try $0.get(0, as: Int.self) })
        return migrations.filter { !applied.contains($0.version) }
    }

    /// Brings `database` up to `target` (default: the latest) and returns the migrations this
    /// call applied (not those another process applied meanwhile). Call it outside a transaction.
    ///
    /// - Throws: what a migration throws (that migration is rolled back and the later ones are
    ///   not tried), or `PostgresError` (`.objectNotInPrerequisiteState`) when the database is
    ///   at a version newer than this program knows.
    @discardableResult
    public func migrate(_ database: Database, upTo target: Int? = nil) throws -> [Migration] {
        let current = try currentVersion(database)
        guard current <= latestVersion else {
            throw PostgresError(
                code: .objectNotInPrerequisiteState,
                message:
                    "the database is at schema version \(current), newer than this program knows (\(latestVersion))")
        }
        let goal = target ?? latestVersion
        var applied: [Migration] = []
        for migration in migrations where migration.version <= goal {
            let didApply = try database.transaction {
                try lock(database)
                let done = try database.queryOne("SELECT 1 FROM \(quotedTable) WHERE version = $1", migration.version)
                guard done == nil else { return false }
                try migration.apply(database)
                try database.run(
                    "INSERT INTO \(quotedTable) (version, name) VALUES ($1, $2)", migration.version, migration.name)
                return true
            }
            if didApply { applied.append(migration) }
        }
        return applied
    }

    /// `migrate` on one of the pool's connections.
    ///
    /// - Throws: as `migrate(_:upTo:)`.
    @discardableResult
    public func migrate(_ pool: DatabasePool, upTo target: Int? = nil) async throws -> [Migration] {
        try await pool.read { db in try migrate(db, upTo: target) }
    }

    /// Creates the version table if needed, under the lock: two sessions running
    /// `CREATE TABLE IF NOT EXISTS` at once can both try to create it, and one then fails.
    private func ensureTable(_ database: Database) throws {
        let exists = try database.scalar("SELECT to_regclass($1) IS NOT NULL", [quotedTable], as: Bool.self)
        guard !exists else { return }
        try database.transaction {
            try lock(database)
            try database.execute(
                """
                CREATE TABLE IF NOT EXISTS \(quotedTable) (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
        }
    }

    /// Serializes migrators of this table in this schema until the transaction ends.
    private func lock(_ database: Database) throws {
        try database.run(
            "SELECT pg_advisory_xact_lock($1, hashtext(current_schema() || '.' || $2))", Int(Self.lockClass), table)
    }

    private var quotedTable: String { "\"" + table.replacing("\"", with: "\"\"") + "\"" }
}

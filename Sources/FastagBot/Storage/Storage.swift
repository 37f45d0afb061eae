import Foundation
import PostgreSQL
import SQLite

/// The database and the stores over it. Opening it brings the schema up to date; on SQLite it
/// first creates the file's directory and the data directories if needed (owner-only,
/// `PrivateFiles`).
package final class Storage: Sendable {
    package let pool: StoragePool
    package let location: DatabaseLocation
    let time: any TimeSource
    package let agents: AgentStore
    package let sessions: SessionStore
    let vehicles: VehicleStore
    let fastags: FastagStore
    package let documents: DocumentStore
    package let inbox: InboxStore
    package let outbox: OutboxStore
    package let consoleSessions: ConsoleSessionStore
    /// Leases that keep replicas sharing the database apart; nil on SQLite, which one
    /// process owns.
    package let leases: LeaseStore?
    /// Files and directories whose permissions were wider than owner-only at start (an
    /// older version made them so) and were narrowed.
    let narrowedPermissions: [String]
    let photos: PhotoStore

    /// - Parameters:
    ///   - poolSize: PostgreSQL connections this process keeps (SQLite has one writer).
    package init(
        location: DatabaseLocation, dataDirectory: String, synchronous: DatabaseSynchronous = .full,
        poolSize: Int = 8, time: any TimeSource = SystemTime()
    ) throws {
        let documentsDirectory = (dataDirectory as NSString).appendingPathComponent("documents")
        let leasePool: StoragePool?
        self.location = location
        switch location {
        case .sqlite(let path):
            narrowedPermissions = try PrivateFiles.prepare(
                databasePath: path, dataDirectory: dataDirectory, documentsDirectory: documentsDirectory)
            let sqlite = try SQLite.DatabasePool(
                path: path, options: SQLite.Database.Options(synchronous: synchronous.sqlite))
            _ = try sqlite.writeNow { db in try Schema.migrator.migrate(db) }
            pool = StoragePool(.sqlite(sqlite))
            leasePool = nil
        case .postgres(let url):
            narrowedPermissions = try PrivateFiles.prepare(
                databasePath: "", dataDirectory: dataDirectory, documentsDirectory: documentsDirectory)
            let postgres = try PostgreSQL.DatabasePool(url: url, size: poolSize)
            // Replicas that start together migrate once: the migrator takes an advisory lock.
            _ = try postgres.readNow { db in try PostgresSchema.migrator.migrate(db) }
            pool = StoragePool(.postgres(postgres))
            leasePool = StoragePool(.postgres(try Self.leaseConnections(url)))
        }
        self.time = time
        photos = PhotoStore(pool: pool, directory: documentsDirectory, time: time)
        agents = AgentStore(pool: pool, time: time)
        sessions = SessionStore(pool: pool, time: time, photos: photos)
        vehicles = VehicleStore(pool: pool, time: time)
        fastags = FastagStore(pool: pool, time: time)
        inbox = InboxStore(pool: pool, time: time)
        outbox = OutboxStore(pool: pool, time: time)
        consoleSessions = ConsoleSessionStore(pool: pool, time: time)
        documents = DocumentStore(pool: pool, time: time, photos: photos)
        leases = leasePool.map { LeaseStore(pool: $0, time: time) }
    }

    /// A SQLite file.
    package convenience init(
        databasePath: String, dataDirectory: String, synchronous: DatabaseSynchronous = .full,
        time: any TimeSource = SystemTime()
    ) throws {
        try self.init(
            location: .sqlite(path: databasePath), dataDirectory: dataDirectory, synchronous: synchronous, time: time)
    }

    package convenience init(settings: Settings, time: any TimeSource = SystemTime()) throws {
        try self.init(
            location: settings.database, dataDirectory: settings.dataDirectory,
            synchronous: settings.databaseSynchronous, poolSize: settings.databasePoolSize, time: time)
    }

    /// Two connections for leases, apart from the stores' own: each statement commits on its
    /// own without waiting for the disk (`synchronous_commit=off`, added to whatever options
    /// the URL has), so taking or giving back a lease is one round trip and no flush.
    private static func leaseConnections(_ url: PostgresURL) throws -> PostgreSQL.DatabasePool {
        let options = [url.value(for: "options"), "-c synchronous_commit=off"].compactMap { $0 }
        return try PostgreSQL.DatabasePool(url: url.setting("options", to: options.joined(separator: " ")), size: 2)
    }

    /// The schema version of the open database.
    package func schemaVersion() throws -> Int {
        switch pool.backend {
        case .sqlite(let sqlite): try sqlite.readNow { try $0.userVersion() }
        case .postgres(let postgres): try postgres.readNow { try PostgresSchema.migrator.currentVersion($0) }
        }
    }

    /// The version this program's migrations bring the database to.
    package var latestSchemaVersion: Int {
        switch pool.backend {
        case .sqlite: Schema.migrator.latestVersion
        case .postgres: PostgresSchema.migrator.latestVersion
        }
    }

    /// Why this replica cannot serve now (nil: it can): the database does not answer, or its
    /// schema is older than this program's (another process rolled it back, or a migration
    /// has not run). Never names the database's password or what it holds.
    package func readinessProblem() async -> String? {
        let latest = latestSchemaVersion
        do {
            let version = try await pool.read { db in try db.scalar(db.dialect.schemaVersionQuery, as: Int.self) }
            return version < latest ? "migrations pending: schema \(version) of \(latest)" : nil
        } catch {
            return "the database cannot be reached"
        }
    }

    /// What `PRAGMA integrity_check` and `PRAGMA foreign_key_check` find on SQLite: `["ok"]`
    /// for a sound file, otherwise one line per problem. PostgreSQL checks its own pages and
    /// keys; there it is `["ok"]` once the server answers.
    package func integrityCheck() throws -> [String] {
        switch pool.backend {
        case .sqlite(let sqlite):
            try sqlite.readNow { db in
                let integrity = try db.query("PRAGMA integrity_check").map { try $0.get(0, as: String.self) }
                let keys = try db.query("PRAGMA foreign_key_check").map { row in
                    "foreign key: \(row["table"]) row \(row["rowid"]) refers to a missing \(row["parent"])"
                }
                return integrity == ["ok"] && keys.isEmpty ? ["ok"] : integrity.filter { $0 != "ok" } + keys
            }
        case .postgres(let postgres):
            try postgres.readNow { db in try db.scalar("SELECT 'ok'", as: String.self) == "ok" ? ["ok"] : [] }
        }
    }

    /// Closes the database's connections (PostgreSQL's; SQLite's close with the last reference).
    package func close() {
        pool.close()
        leases?.pool.close()
    }
}

extension DatabaseSynchronous {
    /// SQLite's `PRAGMA synchronous` for this setting.
    var sqlite: SQLite.Database.Options.Synchronous {
        switch self {
        case .full: .full
        case .normal: .normal
        }
    }
}

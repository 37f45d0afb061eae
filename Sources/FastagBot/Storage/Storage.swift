import Foundation
import SQLite

/// The database and the stores over it. Opening it creates the file's directory if
/// needed and brings the schema up to date.
public final class Storage: Sendable {
    public let pool: DatabasePool
    public let time: any TimeSource
    public let agents: AgentStore
    public let sessions: SessionStore
    public let vehicles: VehicleStore
    public let fastags: FastagStore
    public let documents: DocumentStore
    public let inbox: InboxStore
    public let outbox: OutboxStore

    public init(
        databasePath: String, dataDirectory: String, synchronous: Database.Options.Synchronous = .full,
        time: any TimeSource = SystemTime()
    ) throws {
        let directory = (databasePath as NSString).deletingLastPathComponent
        if !directory.isEmpty && databasePath != ":memory:" {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        pool = try DatabasePool(path: databasePath, options: Database.Options(synchronous: synchronous))
        _ = try pool.writeNow { db in try Schema.migrator.migrate(db) }
        self.time = time
        agents = AgentStore(pool: pool, time: time)
        sessions = SessionStore(pool: pool, time: time)
        vehicles = VehicleStore(pool: pool, time: time)
        fastags = FastagStore(pool: pool, time: time)
        inbox = InboxStore(pool: pool, time: time)
        outbox = OutboxStore(pool: pool, time: time)
        documents = DocumentStore(
            pool: pool, time: time, directory: (dataDirectory as NSString).appendingPathComponent("documents"))
    }

    public convenience init(settings: Settings, time: any TimeSource = SystemTime()) throws {
        try self.init(
            databasePath: settings.databasePath, dataDirectory: settings.dataDirectory,
            synchronous: settings.databaseSynchronous, time: time)
    }

    /// The schema version of the open database.
    public func schemaVersion() throws -> Int {
        try pool.readNow { try $0.userVersion() }
    }

    public static var latestSchemaVersion: Int { Schema.migrator.latestVersion }

    /// What `PRAGMA integrity_check` and `PRAGMA foreign_key_check` find: `["ok"]` for a
    /// sound file, otherwise one line per problem.
    public func integrityCheck() throws -> [String] {
        try pool.readNow { db in
            let integrity = try db.query("PRAGMA integrity_check").map { try $0.get(0, as: String.self) }
            let keys = try db.query("PRAGMA foreign_key_check").map { row in
                "foreign key: \(row["table"]) row \(row["rowid"]) refers to a missing \(row["parent"])"
            }
            return integrity == ["ok"] && keys.isEmpty ? ["ok"] : integrity.filter { $0 != "ok" } + keys
        }
    }
}

import Foundation
import SQLite

/// The database and the stores over it. Opening it creates the file's directory and the
/// data directories if needed (owner-only, `PrivateFiles`) and brings the schema up to date.
package final class Storage: Sendable {
    package let pool: DatabasePool
    let time: any TimeSource
    package let agents: AgentStore
    package let sessions: SessionStore
    let vehicles: VehicleStore
    let fastags: FastagStore
    package let documents: DocumentStore
    package let inbox: InboxStore
    package let outbox: OutboxStore
    /// Files and directories whose permissions were wider than owner-only at start (an
    /// older version made them so) and were narrowed.
    let narrowedPermissions: [String]
    let documentFiles: DocumentFiles

    package init(
        databasePath: String, dataDirectory: String, synchronous: DatabaseSynchronous = .full,
        time: any TimeSource = SystemTime()
    ) throws {
        let documentsDirectory = (dataDirectory as NSString).appendingPathComponent("documents")
        narrowedPermissions = try PrivateFiles.prepare(
            databasePath: databasePath, dataDirectory: dataDirectory, documentsDirectory: documentsDirectory)
        pool = try DatabasePool(path: databasePath, options: Database.Options(synchronous: synchronous.sqlite))
        _ = try pool.writeNow { db in try Schema.migrator.migrate(db) }
        self.time = time
        documentFiles = DocumentFiles(directory: documentsDirectory, pool: pool)
        agents = AgentStore(pool: pool, time: time)
        sessions = SessionStore(pool: pool, time: time, files: documentFiles)
        vehicles = VehicleStore(pool: pool, time: time)
        fastags = FastagStore(pool: pool, time: time)
        inbox = InboxStore(pool: pool, time: time)
        outbox = OutboxStore(pool: pool, time: time)
        documents = DocumentStore(pool: pool, time: time, files: documentFiles)
    }

    package convenience init(settings: Settings, time: any TimeSource = SystemTime()) throws {
        try self.init(
            databasePath: settings.databasePath, dataDirectory: settings.dataDirectory,
            synchronous: settings.databaseSynchronous, time: time)
    }

    /// The schema version of the open database.
    package func schemaVersion() throws -> Int {
        try pool.readNow { try $0.userVersion() }
    }

    package static var latestSchemaVersion: Int { Schema.migrator.latestVersion }

    /// What `PRAGMA integrity_check` and `PRAGMA foreign_key_check` find: `["ok"]` for a
    /// sound file, otherwise one line per problem.
    package func integrityCheck() throws -> [String] {
        try pool.readNow { db in
            let integrity = try db.query("PRAGMA integrity_check").map { try $0.get(0, as: String.self) }
            let keys = try db.query("PRAGMA foreign_key_check").map { row in
                "foreign key: \(row["table"]) row \(row["rowid"]) refers to a missing \(row["parent"])"
            }
            return integrity == ["ok"] && keys.isEmpty ? ["ok"] : integrity.filter { $0 != "ok" } + keys
        }
    }
}

extension DatabaseSynchronous {
    /// SQLite's `PRAGMA synchronous` for this setting.
    var sqlite: Database.Options.Synchronous {
        switch self {
        case .full: .full
        case .normal: .normal
        }
    }
}

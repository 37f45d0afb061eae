import FastagBot
import FastagTestKit
import Foundation
import Glibc
import SQLite
import TestKit
import Testing

/// Personal data at rest: the database and the photos are for the bot's user alone, a
/// deleted session takes its photos with it, and deleted rows are overwritten.
@Suite struct PrivateFilesTests {
    /// The permission bits of `path`, or nil when it does not exist.
    static func mode(_ path: String) -> mode_t? {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & 0o777 : nil
    }

    static func exists(_ path: String) -> Bool { mode(path) != nil }

    static func photo(_ seed: UInt64) -> [UInt8] { ImageFixtures.jpeg(bytes: 2_000, seed: seed) }

    static func upload(_ bytes: [UInt8], _ kind: String, to session: JSONValue, on server: TestServer) async throws
        -> String
    {
        let document = try await server.post(
            "/sessions/\(session.id)/documents",
            ["kind": .string(kind), "image_base64": .string(Data(bytes).base64EncodedString())])
        return try #require(document["sha256"]?.stringValue)
    }

    static func documentsDirectory(_ server: TestServer) -> String {
        server.app.settings.dataDirectory + "/documents"
    }

    @Test func theDatabaseAndTheDataDirectoriesAreOwnerOnly() async throws {
        try await withServer { server in
            let settings = server.app.settings
            let database = settings.databasePath
            for path in [database, database + "-wal", database + "-shm"] {
                #expect(Self.mode(path) == 0o600, "\(path)")
            }
            let documents = Self.documentsDirectory(server)
            for path in [(database as NSString).deletingLastPathComponent, settings.dataDirectory, documents] {
                #expect(Self.mode(path) == 0o700, "\(path)")
            }
            let session = try await server.session()
            let digest = try await Self.upload(Self.photo(1), "rc_front", to: session, on: server)
            #expect(Self.mode("\(documents)/\(digest).jpg") == 0o600)
            #expect(!server.logs.lines.contains { $0.contains("narrowed") })
        }
    }

    @Test func widerModesLeftByAnOlderVersionAreNarrowedAtStart() async throws {
        let directory = NSTemporaryDirectory() + "fastag-test-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let paths: (inout Settings) -> Void = { settings in
            settings.databasePath = directory + "/test.db"
            settings.dataDirectory = directory + "/data"
        }
        var photo = ""
        try await withServer(paths) { server in
            let session = try await server.session()
            let digest = try await Self.upload(Self.photo(2), "rc_front", to: session, on: server)
            photo = Self.documentsDirectory(server) + "/\(digest).jpg"
        }
        // What earlier versions made, with the usual umask.
        let database = directory + "/test.db"
        let documents = directory + "/data/documents"
        for path in [database, database + "-wal", database + "-shm", photo] where Self.exists(path) {
            chmod(path, 0o644)
        }
        for path in [directory + "/data", documents] { chmod(path, 0o755) }

        // The first run's session is still there: nothing to clear this time.
        try await withServer(keepingSeed: true, paths) { server in
            for path in [database, database + "-wal", database + "-shm", photo] {
                #expect(Self.mode(path) == 0o600, "\(path)")
            }
            for path in [directory + "/data", documents] { #expect(Self.mode(path) == 0o700, "\(path)") }
            let line = server.logs.lines.first { $0.contains("narrowed to the owner") }
            #expect(line?.contains("\(database)") == true, "\(line ?? "no log line")")
        }
    }

    /// Runs `body` with a server and two sessions.
    static func withTwoSessions(_ body: (TestServer, JSONValue, JSONValue) async throws -> Void) async throws {
        try await withServer { server in
            try await body(server, try await server.session(), try await server.session())
        }
    }

    @Test(.onBothBackends) func deletingASessionDeletesItsPhotosButNotOnesAnotherSessionShares() async throws {
        try await Self.withTwoSessions { server, first, second in
            let own = try await Self.upload(Self.photo(3), "rc_front", to: first, on: server)
            let shared = try await Self.upload(Self.photo(4), "rc_back", to: first, on: server)
            #expect(try await Self.upload(Self.photo(4), "vehicle_front", to: second, on: server) == shared)
            #expect(try await server.storedPhotos() == [own, shared])

            #expect(try await server.call("DELETE", "/sessions/\(first.id)").status == 204)
            #expect(try await server.storedPhotos() == [shared])
            #expect(try await server.app.storage.documents.list(sessionID: first.id).isEmpty)
            #expect(try await server.app.storage.documents.list(sessionID: second.id).map(\.sha256) == [shared])

            #expect(try await server.call("DELETE", "/sessions/\(second.id)").status == 204)
            #expect(try await server.storedPhotos() == [])
        }
    }

    @Test(.onBothBackends) func aReplacedPhotoIsDeletedUnlessAnotherRowHasIt() async throws {
        try await Self.withTwoSessions { server, session, other in
            let first = try await Self.upload(Self.photo(5), "rc_front", to: session, on: server)
            let second = try await Self.upload(Self.photo(6), "rc_front", to: session, on: server)
            #expect(try await server.storedPhotos() == [second])

            _ = try await Self.upload(Self.photo(6), "rc_front", to: other, on: server)
            let third = try await Self.upload(Self.photo(7), "rc_front", to: session, on: server)
            #expect(try await server.storedPhotos() == [second, third])
            // The same photo again changes nothing.
            _ = try await Self.upload(Self.photo(6), "rc_front", to: other, on: server)
            #expect(try await server.storedPhotos() == [second, third])
            #expect(first != second)
        }
    }

    @Test func secureDeleteIsOnForEveryConnection() async throws {
        try await withServer { server in
            let pool = server.app.storage.pool
            let query = "PRAGMA secure_delete"
            #expect(try await pool.write { try $0.scalar(query, as: Int.self) } == 1)
            #expect(try pool.readNow { try $0.scalar(query, as: Int.self) } == 1)
            for _ in 0..<4 {
                #expect(try await pool.read { try $0.scalar(query, as: Int.self) } == 1)
            }
            // A deleted chat message is not left in the file's free pages.
            let marker = "secure-delete-\(UUID().uuidString)"
            try await pool.write { db in
                try db.run(
                    """
                    INSERT INTO inbox (channel, provider_message_id, chat_id, payload, received_at, processed_at)
                    VALUES ('whatsapp', ?, '919800000000', json_object('text', ?), 1, 1)
                    """, marker, marker)
            }
            try await pool.write { db in try db.run("DELETE FROM inbox WHERE provider_message_id = ?", marker) }
            // Another connection copies the WAL into the file (the pool's writer works inside
            // transactions, where a checkpoint cannot run).
            let checkpointer = try Database(path: server.app.settings.databasePath)
            #expect(
                try await eventually {
                    let row = try #require(try checkpointer.queryOne("PRAGMA wal_checkpoint(PASSIVE)"))
                    return try row.get(1, as: Int.self) == row.get(2, as: Int.self)
                })
            let file = try Data(contentsOf: URL(fileURLWithPath: server.app.settings.databasePath))
            #expect(file.range(of: Data(marker.utf8)) == nil)
        }
    }
}

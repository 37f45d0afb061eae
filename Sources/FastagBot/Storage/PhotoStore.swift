import Foundation

/// Where the bytes of document photos are kept: the one place that chooses, by backend.
///
/// - SQLite (one replica on one machine): files under `DATA_DIR/documents/` (`DocumentFiles`),
///   named by the SHA-256 of their content, as before.
/// - PostgreSQL (replicas on several machines): rows of `document_photos`, keyed by the
///   SHA-256 of their content, in the database itself. Replicas on several machines share no
///   disk, and a photo saved through one replica must be read by whichever replica answers
///   the next step; the database is the one thing they all reach. Photos are small (at most
///   `Document.maxBytes`, 5 MB, as received; what Shauryapay takes is 200 KB), few per
///   session and removed by retention, so they fit in the database without a shared file
///   system to run, back up and secure apart from it, and a photo's bytes commit in the same
///   transaction as its row.
///
/// Either way sessions with the same photo share its bytes, and the bytes go when no
/// document row has that content any more.
final class PhotoStore: Sendable {
    /// A photo as a document row names it: its content's hash and where its bytes are
    /// (`stored_path`: a file's path, or `document_photos/<sha256>` in the database).
    struct StoredPhoto: Sendable, Hashable {
        let sha256: String
        let path: String

        /// The photos of the rows `condition` selects (SQL over `documents`).
        static func select(_ condition: String, _ arguments: [any SQLBindable], in db: SQLConnection) throws
            -> [StoredPhoto]
        {
            try db.query("SELECT sha256, stored_path FROM documents WHERE \(condition)", arguments).map {
                StoredPhoto(sha256: try $0.get("sha256"), path: try $0.get("stored_path"))
            }
        }
    }

    private enum Place: Sendable {
        case files(DocumentFiles)
        case database
    }

    private let place: Place
    private let pool: StoragePool
    private let time: any TimeSource

    /// Files in `directory` on SQLite, the database on PostgreSQL.
    init(pool: StoragePool, directory: String, time: any TimeSource) {
        self.pool = pool
        self.time = time
        switch pool.dialect {
        case .sqlite: place = .files(DocumentFiles(directory: directory, pool: pool))
        case .postgres: place = .database
        }
    }

    /// Keeps `bytes` and runs `record`, which writes the document's row given where the bytes
    /// are, in one write, once `check` passes (nil, keeping nothing, when it does not).
    /// Files: the file is written durably first, under the content's lock, while `check`
    /// runs. Database: the bytes' row is written (or locked, when another session has the
    /// same photo) in the same transaction as the document's row, so a removal cannot take it.
    func save<T: Sendable>(
        _ bytes: [UInt8], sha256: String, fileExtension: String, checking check: @Sendable () async -> Bool,
        record: @escaping @Sendable (_ storedPath: String, SQLConnection) throws -> T
    ) async throws -> T? {
        switch place {
        case .files(let files):
            let path = files.path(sha256: sha256, fileExtension: fileExtension)
            return try await files.save(bytes, sha256: sha256, path: path, checking: check) {
                try await pool.write { db in try record(path, db) }
            }
        case .database:
            guard await check() else { return nil }
            let now = time.nowMilliseconds()
            return try await pool.write { db in
                // DO UPDATE (not DO NOTHING) locks a row that is already there until commit.
                try db.run(
                    """
                    INSERT INTO document_photos (sha256, bytes, created_at) VALUES (?, ?, ?)
                    ON CONFLICT (sha256) DO UPDATE SET created_at = excluded.created_at
                    """, sha256, bytes, now)
                return try record("document_photos/\(sha256)", db)
            }
        }
    }

    /// The bytes of a document's photo.
    func read(_ document: Document) async throws -> [UInt8] {
        switch place {
        case .files:
            return Array(try Data(contentsOf: URL(fileURLWithPath: document.storedPath)))
        case .database:
            let sha256 = document.sha256
            let bytes = try await pool.read { db in
                try db.queryOne("SELECT bytes FROM document_photos WHERE sha256 = ?", sha256)?.get(0, as: [UInt8].self)
            }
            guard let bytes else { throw StoreError.notFound("The photo of document \(document.id) is missing") }
            return bytes
        }
    }

    /// Removes the bytes no document row refers to any more; returns how many photos it
    /// removed. Call it after the transaction that deleted their rows has committed.
    @discardableResult
    func removeUnreferenced(_ photos: some Sequence<StoredPhoto>) async -> Int {
        switch place {
        case .files(let files):
            return await files.removeUnreferenced(photos)
        case .database:
            var removed = 0
            for sha256 in Set(photos.map(\.sha256)) {
                removed += (try? await removeRow(sha256)) ?? 0
            }
            return removed
        }
    }

    /// Removes the photos no row refers to (what a crash or an older version left); returns
    /// how many.
    func sweep() async throws -> Int {
        switch place {
        case .files(let files):
            return try await files.sweep()
        case .database:
            let orphans = try await pool.read { db in
                try db.query(
                    """
                    SELECT sha256 FROM document_photos p
                    WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.sha256 = p.sha256)
                    """
                ).map { try $0.get(0, as: String.self) }
            }
            var removed = 0
            for sha256 in orphans { removed += try await removeRow(sha256) }
            return removed
        }
    }

    /// Deletes one photo's row unless a document has its content. The row is locked first
    /// (a save of the same content waits, or has committed and is seen by the count).
    private func removeRow(_ sha256: String) async throws -> Int {
        try await pool.write { db in
            let locked = try db.queryOne(
                "SELECT 1 FROM document_photos WHERE sha256 = ?" + db.dialect.lockingRead, sha256)
            guard locked != nil,
                try db.scalar("SELECT count(*) FROM documents WHERE sha256 = ?", [sha256], as: Int.self) == 0
            else { return 0 }
            return try db.run("DELETE FROM document_photos WHERE sha256 = ?", sha256)
        }
    }
}

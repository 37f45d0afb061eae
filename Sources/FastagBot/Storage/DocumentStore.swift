import Foundation

/// Document photos: one row per session and kind (a new photo replaces the old), and the
/// photo's bytes where `PhotoStore` keeps them (files named by their SHA-256, never by
/// anything a user sent, or rows of the database).
package struct DocumentStore: Sendable {
    let pool: StoragePool
    let time: any TimeSource
    let photos: PhotoStore

    /// Keeps the bytes (a file written durably, or a row), then records them. The photo it
    /// replaces goes when no other row has the same content.
    func save(_ image: ImageData, kind: Document.Kind, sessionID: String) async throws -> Document {
        try await save(image, kind: kind, sessionID: sessionID, checking: { true })!
    }

    /// `save` once `check` passes (it runs while the file is written); nil, keeping
    /// nothing, when it does not.
    func save(
        _ image: ImageData, kind: Document.Kind, sessionID: String, checking check: @escaping @Sendable () async -> Bool
    ) async throws -> Document? {
        let digest = Crypto.hex(Crypto.sha256(image.bytes))
        // No photo for a session that does not exist (checked again when the row is written).
        try await pool.read { db in _ = try Session.existing(sessionID, in: db) }
        let now = time.nowMilliseconds()
        let (mimeType, size) = (image.mimeType, image.bytes.count)
        let saved = try await photos.save(
            image.bytes, sha256: digest, fileExtension: image.fileExtension, checking: check
        ) { path, db in
            _ = try Session.existing(sessionID, in: db)
            let replaced = try PhotoStore.StoredPhoto.select(
                "session_id = ? AND kind = ? AND sha256 != ?", [sessionID, kind.rawValue, digest], in: db)
            try db.run(
                """
                INSERT INTO documents (session_id, kind, sha256, mime_type, size_bytes, stored_path, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (session_id, kind) DO UPDATE SET sha256 = excluded.sha256, mime_type = excluded.mime_type,
                    size_bytes = excluded.size_bytes, stored_path = excluded.stored_path,
                    uploaded_to_provider_at = NULL, created_at = excluded.created_at
                """,
                sessionID, kind.rawValue, digest, mimeType, size, path, now)
            let document = try Document.fetchOne("session_id = ? AND kind = ?", sessionID, kind.rawValue, in: db)!
            return (document, replaced)
        }
        guard let (document, replaced) = saved else { return nil }
        await photos.removeUnreferenced(replaced)
        return document
    }

    func get(_ id: Int64) async throws -> Document? {
        try await pool.read { db in try Document.fetchOne("id = ?", id, in: db) }
    }

    package func list(sessionID: String) async throws -> [Document] {
        try await pool.read { db in try Document.fetchAll("session_id = ?", sessionID, orderBy: "id", in: db) }
    }

    func markUploaded(_ id: Int64) async throws {
        let now = time.nowMilliseconds()
        try await pool.write { db in
            _ = try db.run("UPDATE documents SET uploaded_to_provider_at = ? WHERE id = ?", now, id)
        }
    }

    /// The bytes of a document's photo.
    package func read(_ document: Document) async throws -> [UInt8] {
        try await photos.read(document)
    }
}

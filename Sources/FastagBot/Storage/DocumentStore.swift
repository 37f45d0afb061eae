import Foundation

/// Document photos: files under `DATA_DIR/documents/` named by their SHA-256 (never by
/// anything a user sent), and one row per session and kind (a new photo replaces the old).
package struct DocumentStore: Sendable {
    let pool: StoragePool
    let time: any TimeSource
    let files: DocumentFiles

    /// Writes the file durably (temporary file, fsync, rename), then records it. The photo
    /// it replaces goes when no other row has the same content.
    func save(_ image: ImageData, kind: Document.Kind, sessionID: String) async throws -> Document {
        let digest = Crypto.hex(Crypto.sha256(image.bytes))
        let path = files.path(sha256: digest, fileExtension: image.fileExtension)
        // No file for a session that does not exist (checked again when the row is written).
        guard try await pool.read({ db in try SessionStore.get(sessionID, in: db) != nil }) else {
            throw StoreError.notFound("Session \(sessionID) not found")
        }
        let now = time.nowMilliseconds()
        let (document, replaced) = try await files.save(image.bytes, sha256: digest, path: path) {
            try await pool.write { db in
                guard try SessionStore.get(sessionID, in: db) != nil else {
                    throw StoreError.notFound("Session \(sessionID) not found")
                }
                let replaced = try DocumentFiles.StoredFile.select(
                    "session_id = ? AND kind = ? AND sha256 != ?", [sessionID, kind.rawValue, digest], in: db)
                try db.run(
                    """
                    INSERT INTO documents (session_id, kind, sha256, mime_type, size_bytes, stored_path, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (session_id, kind) DO UPDATE SET sha256 = excluded.sha256, mime_type = excluded.mime_type,
                        size_bytes = excluded.size_bytes, stored_path = excluded.stored_path,
                        uploaded_to_provider_at = NULL, created_at = excluded.created_at
                    """,
                    sessionID, kind.rawValue, digest, image.mimeType, image.bytes.count, path, now)
                let document = try Document.fetchOne("session_id = ? AND kind = ?", sessionID, kind.rawValue, in: db)!
                return (document, replaced)
            }
        }
        await files.removeUnreferenced(replaced)
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

    package func read(_ document: Document) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: document.storedPath)))
    }

    static func writeFile(_ bytes: [UInt8], to path: String, directory: String) throws {
        if FileManager.default.fileExists(atPath: path) { return }  // same content, same name
        try PrivateFiles.makeDirectory(directory)
        let temporary = path + ".tmp-\(RandomID.uuid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, PrivateFiles.fileMode)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary]) }
        var offset = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            while offset < raw.count {
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 { return false }
                offset += written
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}

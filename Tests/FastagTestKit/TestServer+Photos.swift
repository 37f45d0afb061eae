import FastagBot
import Foundation

/// The photos' bytes where the server keeps them (`PhotoStore`): files in the documents
/// directory on SQLite, rows of `document_photos` on PostgreSQL.
extension TestServer {
    /// What is kept: on SQLite a photo file as its SHA-256 and any other file by its name;
    /// on PostgreSQL the SHA-256 of each photo row.
    package func storedPhotos() async throws -> Set<String> {
        switch database.backend {
        case .sqlite:
            let names = try FileManager.default.contentsOfDirectory(atPath: documentsDirectory)
            return Set(
                names.map { name in
                    let parts = name.split(separator: ".")
                    return parts.count == 2 && parts[0].count == 64 ? String(parts[0]) : name
                })
        case .postgres:
            return Set(
                try await app.storage.pool.read { db in
                    try db.query("SELECT sha256 FROM document_photos").map { try $0.get(0, as: String.self) }
                })
        }
    }

    /// The bytes kept for the photo with this SHA-256, or nil.
    package func storedPhoto(_ sha256: String) async throws -> [UInt8]? {
        switch database.backend {
        case .sqlite:
            let names = try FileManager.default.contentsOfDirectory(atPath: documentsDirectory)
            guard let name = names.first(where: { $0.hasPrefix(sha256 + ".") && !$0.contains(".tmp-") }) else {
                return nil
            }
            return FileManager.default.contents(atPath: documentsDirectory + "/" + name).map { Array($0) }
        case .postgres:
            return try await app.storage.pool.read { db in
                try db.queryOne("SELECT bytes FROM document_photos WHERE sha256 = ?", sha256)?.get(0, as: [UInt8].self)
            }
        }
    }

    package var documentsDirectory: String { app.settings.dataDirectory + "/documents" }
}

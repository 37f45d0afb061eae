import Dispatch
import Foundation
import Glibc

/// The photo files under `DATA_DIR/documents/`, where `PhotoStore` keeps photos on SQLite.
/// A file is named by the SHA-256 of its content, so sessions with the same photo share one file, and it is removed only when no
/// document row has that content any more. Writing a file with its row and removing one
/// hold the same per-content lock, so a removal never takes a file whose row is about to
/// be written.
final class DocumentFiles: Sendable {
    let directory: String
    private let pool: StoragePool
    private let locks = KeyedLocks()
    /// Creating, writing and fsyncing a photo's file blocks its thread for milliseconds (ext4
    /// may scan for a free inode; fsync waits for the disk): on an event loop that stalled
    /// every connection of the loop, so the files are written on threads of their own: four
    /// serial queues, picked by the content's hash, so that several fsyncs overlap while the
    /// threads stay bounded (a concurrent queue without a target adds a thread per blocked
    /// write).
    private static let writers = (0..<4).map { DispatchQueue(label: "fastag-bot.photo-files.\($0)") }

    init(directory: String, pool: StoragePool) {
        self.directory = directory
        self.pool = pool
    }

    func path(sha256: String, fileExtension: String) -> String {
        (directory as NSString).appendingPathComponent("\(sha256).\(fileExtension)")
    }

    /// Writes the file durably unless it is there already while `check` runs, then, if it
    /// passed, runs `record` (which writes its row), all under the content's lock: a row is
    /// only written for a file already on disk, and the answer waits for both. A file whose
    /// check failed is removed again unless a row has that content (nil).
    func save<T: Sendable>(
        _ bytes: [UInt8], sha256: String, path: String, checking check: () async -> Bool,
        record: () async throws -> T
    ) async throws -> T? {
        try await locks.withLock(sha256) {
            let directory = directory
            async let written = Self.writeOffLoop(bytes, to: path, directory: directory, sha256: sha256)
            let passed = await check()
            let outcome = await written
            guard passed else {
                if case .success = outcome, await !isReferenced(sha256) { unlink(path) }
                return nil
            }
            try outcome.get()
            return try await record()
        }
    }

    private static func writeOffLoop(_ bytes: [UInt8], to path: String, directory: String, sha256: String) async
        -> Result<Void, any Error>
    {
        let writer = writers[Int(sha256.utf8.first ?? 0) % writers.count]
        return await withCheckedContinuation { continuation in
            writer.async {
                continuation.resume(returning: Result { try writeFile(bytes, to: path, directory: directory) })
            }
        }
    }

    /// Removes the files no document row refers to any more; returns how many it removed.
    /// Call it after the transaction that deleted their rows has committed.
    @discardableResult
    func removeUnreferenced(_ files: some Sequence<PhotoStore.StoredPhoto>) async -> Int {
        var removed = 0
        for file in Set(files) {
            removed += await locks.withLock(file.sha256) {
                await isReferenced(file.sha256) ? 0 : (unlink(file.path) == 0 ? 1 : 0)
            }
        }
        return removed
    }

    /// Removes the files of the documents directory that no row refers to: photos of
    /// sessions deleted before deleting removed them, and what a crash left between writing
    /// a file and its row (including half-written temporary files).
    func sweep() async throws -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let referenced = Set(
            try await pool.read { db in
                try db.query("SELECT DISTINCT sha256 FROM documents").map { try $0.get(0, as: String.self) }
            })
        var removed = 0
        for name in names.sorted() {
            // Only names this store makes: 64 hex digits, an extension, maybe `.tmp-…`.
            let sha256 = String(name.prefix(64))
            guard sha256.count == 64, sha256.utf8.allSatisfy({ ($0 &- 0x30 < 10) || ($0 &- 0x61 < 6) }),
                name.dropFirst(64).first == "."
            else { continue }
            let temporary = name.contains(".tmp-")
            guard temporary || !referenced.contains(sha256) else { continue }
            let path = (directory as NSString).appendingPathComponent(name)
            removed += await locks.withLock(sha256) {
                // Under the lock no save of this content is running, so a temporary file is
                // left over; a finished file is checked again (a row may have come meanwhile).
                if !temporary, await isReferenced(sha256) { return 0 }
                return unlink(path) == 0 ? 1 : 0
            }
        }
        return removed
    }

    /// Whether a row has this content; when the database cannot say, the file stays.
    private func isReferenced(_ sha256: String) async -> Bool {
        let count = try? await pool.read { db in
            try db.scalar("SELECT count(*) FROM documents WHERE sha256 = ?", [sha256], as: Int.self)
        }
        return count.map { $0 > 0 } ?? true
    }

    /// Writes a file durably: a temporary file, fsync, rename (nothing when it is there).
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

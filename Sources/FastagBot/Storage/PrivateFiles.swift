import Foundation
import Glibc

/// The database and the document photos hold customers' names, ID numbers and pictures:
/// only the bot's own user may read them. Directories it makes are 0700 and files 0600,
/// whatever the umask; what an older version left open is narrowed at start.
enum PrivateFiles {
    static let directoryMode: mode_t = 0o700
    static let fileMode: mode_t = 0o600

    /// Creates `path` and its missing parents, each one it creates 0700.
    static func makeDirectory(_ path: String) throws {
        var missing: [String] = []
        var current = path
        while !current.isEmpty && !FileManager.default.fileExists(atPath: current) {
            missing.append(current)
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current { break }
            current = parent
        }
        for directory in missing.reversed() {
            // EEXIST: made meanwhile by someone else, which is fine.
            if mkdir(directory, directoryMode) != 0 && errno != EEXIST {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: directory])
            }
            chmod(directory, directoryMode)  // mkdir's mode is narrowed by the umask
        }
    }

    /// Narrows a directory to 0700 or a file to 0600 when its group or others have any
    /// permission; returns whether it did. A missing path or a symbolic link is left alone.
    @discardableResult
    static func tighten(_ path: String) -> Bool {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & 0o077 != 0 else { return false }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return chmod(path, directoryMode) == 0
        case S_IFREG: return chmod(path, fileMode) == 0
        default: return false
        }
    }

    /// Makes the directories the bot writes to, and narrows what is already there: the
    /// database with its `-wal` and `-shm`, `DATA_DIR`, its `documents` and every photo.
    /// Returns the paths it narrowed. The database's directory is made 0700 when the bot
    /// creates it, but an existing one (it may be the working directory) is not changed.
    static func prepare(databasePath: String, dataDirectory: String, documentsDirectory: String) throws -> [String] {
        var narrowed: [String] = []
        if databasePath != ":memory:" && !databasePath.isEmpty {
            let directory = (databasePath as NSString).deletingLastPathComponent
            if !directory.isEmpty { try makeDirectory(directory) }
            for suffix in ["", "-wal", "-shm"] where tighten(databasePath + suffix) {
                narrowed.append(databasePath + suffix)
            }
        }
        for directory in [dataDirectory, documentsDirectory] {
            try makeDirectory(directory)
            if tighten(directory) { narrowed.append(directory) }
        }
        let photos = (try? FileManager.default.contentsOfDirectory(atPath: documentsDirectory)) ?? []
        for name in photos.sorted() {
            let path = (documentsDirectory as NSString).appendingPathComponent(name)
            if tighten(path) { narrowed.append(path) }
        }
        return narrowed
    }
}

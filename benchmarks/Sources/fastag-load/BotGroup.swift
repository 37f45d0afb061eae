import Foundation

/// The bots of one run: one on a SQLite file, or `replicas` processes on a database of their
/// own on the PostgreSQL server `--database-url` names (they share one data directory too).
final class BotGroup {
    private(set) var bots: [BotProcess] = []
    let database: PostgresRun?
    private let options: BotOptions
    private let environment: [String: String]

    init(_ options: BotOptions, environment: [String: String]) throws {
        self.options = options
        self.environment = environment
        if let server = options.databaseURL {
            database = try PostgresRun(serverURL: server)
        } else {
            guard options.replicas == 1 else {
                throw BlockingHTTPClient.Failure(description: "--replicas needs --database-url (PostgreSQL)")
            }
            database = nil
        }
        do {
            // The first migrates the new database; the others find it done.
            for _ in 0..<options.replicas { bots.append(try start()) }
        } catch {
            stop()
            throw error
        }
    }

    /// Starts another process in place of replica `index` (after `killNow`).
    func restart(_ index: Int) throws {
        bots[index] = try start()
    }

    private func start() throws -> BotProcess {
        try BotProcess(options, environment: environment, databaseURL: database?.url, directory: bots.first?.directory)
    }

    var ports: [Int] { bots.map(\.port) }

    /// CPU seconds all replicas have used so far.
    var cpuSeconds: Double { bots.reduce(0) { $0 + $1.cpuSeconds } }

    /// Where the data is, for the report.
    var databaseDescription: String {
        if let database { return "PostgreSQL database \(database.name), \(bots.count) replica(s)" }
        return "SQLite \(bots[0].directory)/load.db, synchronous=\(options.synchronous)"
    }

    /// Stops every replica (the first last: it owns the data directory), then drops the
    /// run's PostgreSQL database (a few large files: `keepingFiles` is for SQLite's photos).
    func stop(keepingFiles: Bool = false) {
        for bot in bots.reversed() { bot.stop(keepingFiles: keepingFiles) }
        database?.drop()
    }
}

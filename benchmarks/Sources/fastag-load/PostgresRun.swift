import Foundation
import Glibc

/// A database of its own for one run on a PostgreSQL server (`--database-url`), so that runs
/// never see each other's data, and what the server does meanwhile: transactions committed in
/// that database, WAL written and flushed (`counters`), and the CPU time of the server's
/// processes (`cpuSeconds`).
///
/// It talks to the server through `psql` (the load tool has no PostgreSQL client of its own).
/// The CPU is read from /proc: the postmaster (its pid is the first line of
/// `postmaster.pid` in the data directory, which the server names) with the children it has
/// reaped, plus every live child. That needs the server on this machine, readable by this
/// user (the benchmark's throwaway cluster); otherwise the CPU is left out.
final class PostgresRun {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// What the server had done by a moment; subtract two to get what happened between.
    struct Counters {
        var commits = 0.0
        var rollbacks = 0.0
        var walRecords = 0.0
        var walBytes = 0.0
        /// WAL flushes to disk (fdatasync calls): with group commit, fewer than commits.
        var walSyncs = 0.0

        static func - (later: Counters, earlier: Counters) -> Counters {
            Counters(
                commits: later.commits - earlier.commits, rollbacks: later.rollbacks - earlier.rollbacks,
                walRecords: later.walRecords - earlier.walRecords, walBytes: later.walBytes - earlier.walBytes,
                walSyncs: later.walSyncs - earlier.walSyncs)
        }
    }

    let serverURL: String
    let name: String
    /// The run's database, for the bots' `DATABASE_URL`.
    let url: String
    private let postmaster: pid_t?
    private var dropped = false

    /// Creates a database named `fastag_load_<random>` on the server `serverURL` points to.
    init(serverURL: String) throws {
        guard var components = URLComponents(string: serverURL),
            ["postgresql", "postgres"].contains(components.scheme ?? "")
        else { throw Failure(description: "--database-url needs a postgresql:// URL") }
        self.serverURL = serverURL
        name = "fastag_load_" + UUID().uuidString.prefix(8).lowercased()
        components.path = "/" + name
        guard let url = components.string else { throw Failure(description: "cannot build a URL for \(name)") }
        self.url = url
        _ = try Self.psql(serverURL, "CREATE DATABASE \(name)")
        let directory = try? Self.psql(url, "SHOW data_directory").trimmingCharacters(in: .whitespacesAndNewlines)
        postmaster = directory.flatMap { try? String(contentsOfFile: "\($0)/postmaster.pid", encoding: .utf8) }
            .flatMap { $0.split(separator: "\n").first }.flatMap { pid_t($0) }
    }

    deinit { drop() }

    /// Drops the run's database (the bots must have stopped).
    func drop() {
        guard !dropped else { return }
        dropped = true
        _ = try? Self.psql(serverURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// What the server has done so far. The statistics a busy backend keeps are published
    /// about once a second and when it exits: read them a second after the load settled, or
    /// after the bots stopped.
    func counters() throws -> Counters {
        let line = try Self.psql(
            url,
            """
            SELECT d.xact_commit, d.xact_rollback, w.wal_records, w.wal_bytes, w.wal_sync
            FROM pg_stat_database d, pg_stat_wal w WHERE d.datname = current_database()
            """)
        let values = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").compactMap {
            Double($0)
        }
        guard values.count == 5 else { throw Failure(description: "unexpected statistics: \(line)") }
        return Counters(
            commits: values[0], rollbacks: values[1], walRecords: values[2], walBytes: values[3], walSyncs: values[4])
    }

    /// One query's rows, `|`-separated, through `psql` on the run's database.
    func query(_ sql: String) throws -> String { try Self.psql(url, sql) }

    /// CPU seconds of the server's processes so far (the postmaster, its reaped children and
    /// its live children); nil when they cannot be read.
    var cpuSeconds: Double? {
        guard let postmaster, let own = Self.stat(postmaster) else { return nil }
        var total = own.user + own.system + own.childUser + own.childSystem
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = pid_t(entry), pid != postmaster, let child = Self.stat(pid), child.parent == postmaster
            else { continue }
            total += child.user + child.system
        }
        return total / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private static func stat(_ pid: pid_t)
        -> (parent: pid_t, user: Double, system: Double, childUser: Double, childSystem: Double)?
    {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = text.lastIndex(of: ")")
        else { return nil }
        // After the command name: state is field 3, ppid 4, utime 14, stime 15, cutime 16, cstime 17.
        let fields = text[text.index(after: end)...].split(separator: " ")
        guard fields.count > 14, let parent = pid_t(fields[1]), let user = Double(fields[11]),
            let system = Double(fields[12]), let childUser = Double(fields[13]), let childSystem = Double(fields[14])
        else { return nil }
        return (parent, user, system, childUser, childSystem)
    }

    /// Runs `psql` quietly, unaligned and without headers; returns its output or throws with it.
    static func psql(_ url: String, _ sql: String) throws -> String {
        let (pid, output) = try BotProcess.spawn(
            "/usr/bin/env", arguments: ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
            environment: ProcessInfo.processInfo.environment)
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(output, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            text += chunk[0..<count]
        }
        close(output)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let result = String(decoding: text, as: UTF8.self)
        guard status == 0 else { throw Failure(description: "psql failed (\(sql.prefix(40))…): \(result)") }
        return result
    }
}

import Foundation
import PostgreSQL

/// A PostgreSQL cluster of one test's own, in a temporary directory and reached through a Unix
/// socket there only, for what the shared server must not go through (a restart, a stop).
/// Made as scripts/test-postgres makes its cluster (TOOLCHAIN.md §10): `initdb` refuses root,
/// so as root the server runs as `postgres`.
final class PrivateCluster {
    let directory: String
    /// `postgresql:///postgres?host=<directory>&user=postgres`: the socket-directory form.
    let url: PostgresURL

    init() throws {
        var template = Array("/tmp/fastag-pgtest-private.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ClusterError(output: "mkdtemp failed") }
        directory = String(cString: made)
        url = try PostgresURL("postgresql:///postgres?host=\(directory)&user=postgres")
        try Self.shell(
            """
            chown postgres "$D" 2>/dev/null || true
            $AS_OWNER "$BIN/initdb" -D "$D/data" -A trust -U postgres -E UTF8 --no-locale
            """, directory: directory)
        try start()
    }

    /// `pg_ctl restart -m fast`: every session is terminated (57P01) and the server comes back.
    func restart() throws {
        try Self.shell(#"$AS_OWNER "$BIN/pg_ctl" -D "$D/data" -m fast -w -t 120 restart"#, directory: directory)
    }

    func stop() throws {
        try Self.shell(#"$AS_OWNER "$BIN/pg_ctl" -D "$D/data" -m fast -w -t 120 stop"#, directory: directory)
    }

    func start() throws {
        // The socket in the cluster's own directory, and no TCP port at all.
        try Self.shell(
            #"$AS_OWNER "$BIN/pg_ctl" -D "$D/data" -l "$D/pg.log" -w -t 120 -o "-k $D -c listen_addresses=''" start"#,
            directory: directory)
    }

    deinit {
        try? Self.shell(
            #"[ -f "$D/data/postmaster.pid" ] && $AS_OWNER "$BIN/pg_ctl" -D "$D/data" -m immediate -w stop; rm -rf "$D""#,
            directory: directory)
    }

    struct ClusterError: Error, CustomStringConvertible {
        let output: String
        var description: String {
            "the private PostgreSQL cluster failed (is the postgresql package installed?):\n\(output)"
        }
    }

    /// Runs `script` with `sh -e`, with `D`, `BIN` (the server binaries) and `AS_OWNER` set.
    private static func shell(_ script: String, directory: String) throws {
        let log = directory + ".log"
        let prelude = """
            set -e
            D='\(directory)'
            BIN=$(pg_config --bindir)
            AS_OWNER=''
            if [ "$(id -u)" -eq 0 ]; then AS_OWNER='runuser -u postgres --'; fi

            """
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let strings: [String] = ["/bin/sh", "-c", prelude + script]
        let arguments = strings.map { strdup($0) }
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, arguments + [nil], environ)
        guard spawned == 0 else { throw ClusterError(output: "posix_spawn failed: \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        unlink(log)
        // WIFEXITED and WEXITSTATUS are macros: exited normally with 0 means status == 0.
        guard status == 0 else { throw ClusterError(output: output) }
    }
}

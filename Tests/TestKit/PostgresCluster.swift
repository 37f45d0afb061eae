import Foundation
import Glibc
import Synchronization

/// A throwaway PostgreSQL cluster in a temporary directory, reached only through a Unix socket
/// there (no TCP port, so nothing to collide with). Made as scripts/test-postgres makes its
/// cluster (TOOLCHAIN.md §10): `initdb` refuses root, so as root the server runs as `postgres`.
///
/// `shared` is the one the PostgreSQL suites use when `FASTAG_TEST_POSTGRES_URL` is not set:
/// started on first use, stopped when the test process exits. A test that restarts or stops
/// its server makes a cluster of its own.
package final class PostgresCluster: Sendable {
    package let directory: String
    /// `postgresql:///postgres?host=<directory>&user=postgres`: the socket-directory form.
    package let url: String

    package init() throws {
        var template = Array("/tmp/fastag-pgtest.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ClusterError(output: "mkdtemp failed") }
        directory = String(cString: made)
        url = "postgresql:///postgres?host=\(directory)&user=postgres"
        try Self.shell(
            """
            chown postgres "$D" 2>/dev/null || true
            $AS_OWNER "$BIN/initdb" -D "$D/data" -A trust -U postgres -E UTF8 --no-locale
            """, directory: directory)
        try start()
    }

    /// `pg_ctl restart -m fast`: every session is terminated (57P01) and the server comes back.
    package func restart() throws {
        try Self.shell(#"$AS_OWNER "$BIN/pg_ctl" -D "$D/data" -m fast -w -t 120 restart"#, directory: directory)
    }

    package func stop() throws {
        try Self.shell(#"$AS_OWNER "$BIN/pg_ctl" -D "$D/data" -m fast -w -t 120 stop"#, directory: directory)
    }

    package func start() throws {
        // The socket in the cluster's own directory, and no TCP port at all; room for the
        // suites' parallel pools and the replicas the multi-process tests start.
        try Self.shell(
            #"$AS_OWNER "$BIN/pg_ctl" -D "$D/data" -l "$D/pg.log" -w -t 120 -o "-k $D -c listen_addresses='' -c max_connections=600" start"#,
            directory: directory)
    }

    /// Stops the server at once and deletes its directory.
    package func destroy() {
        try? Self.shell(
            #"[ -f "$D/data/postmaster.pid" ] && $AS_OWNER "$BIN/pg_ctl" -D "$D/data" -m immediate -w stop; rm -rf "$D""#,
            directory: directory)
    }

    deinit { destroy() }

    // MARK: - The shared server

    package static let variable = "FASTAG_TEST_POSTGRES_URL"

    /// `FASTAG_TEST_POSTGRES_URL` when set, else the URL of a cluster this process starts once
    /// (and stops at exit). Throws, so that every test needing a server fails loudly, when
    /// neither works: the postgresql package is missing, or the server would not start.
    package static func sharedURL() throws -> String {
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty { return value }
        return try started.withLock { cluster in
            if let cluster { return cluster.url }
            let made = try PostgresCluster()
            cluster = made
            atexit { PostgresCluster.started.withLock { $0?.destroy() } }
            return made.url
        }
    }

    private static let started = Mutex<PostgresCluster?>(nil)

    package struct ClusterError: Error, CustomStringConvertible {
        let output: String
        package var description: String {
            """
            a throwaway PostgreSQL cluster did not start. The PostgreSQL tests need the server \
            binaries (`apt-get install -y postgresql libpq-dev`; .ci/run installs them) or \
            \(PostgresCluster.variable) set to a database they may create schemas in:
            \(output)
            """
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

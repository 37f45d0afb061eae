import Foundation
import Glibc

/// Where the bot under test is, its database and how durable that is (`--bot`,
/// `--synchronous`, `--database-url`), and how many replicas of it run (`--replicas`).
struct BotOptions {
    var executable: String
    var synchronous = "full"
    /// A PostgreSQL server (`postgresql://…`); each run gets a database of its own on it
    /// (`PostgresRun`). Nil: a SQLite file in the run's temporary directory.
    var databaseURL: String?
    /// Bot processes on the one database (PostgreSQL only; SQLite has one).
    var replicas = 1
}

/// The bot under test as a child process: sandbox mode, a temporary database, a free port,
/// and its output read so the load tools can find what the sandbox prints (agent OTPs).
///
/// Started with `posix_spawn`, not Foundation's `Process`, whose launch crashed now and then
/// in the tests' harness (see the tests' `BotProcess`). The child's standard output and error
/// go to one pipe, drained by a thread of this process so that the bot never blocks on it.
final class BotProcess: @unchecked Sendable {
    let directory: String
    private(set) var port = 0
    let pid: pid_t
    /// Whether `directory` is this process's to delete (replicas share the first one's).
    private let ownsDirectory: Bool
    private let lock = NSLock()
    private var log = ""
    private var consumed = 0
    private var keepLog = true
    private var exited = false

    /// Starts the bot with the sandbox defaults plus `environment` and waits for it to listen.
    /// - Parameters:
    ///   - databaseURL: a PostgreSQL database; nil: a SQLite file in `directory`.
    ///   - directory: a data directory another replica made (and deletes); nil: a new one.
    init(
        _ options: BotOptions, environment extra: [String: String], databaseURL: String? = nil,
        directory shared: String? = nil
    ) throws {
        ownsDirectory = shared == nil
        directory = shared ?? NSTemporaryDirectory() + "fastag-load-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = databaseURL ?? "sqlite:///\(directory)/load.db"
        environment["DATABASE_SYNCHRONOUS"] = options.synchronous
        environment["DATA_DIR"] = "\(directory)/data"
        environment["LOG_LEVEL"] = "info"
        environment["SHAURYAPAY_MODE"] = "sandbox"
        // Replicas on PostgreSQL must share these; the bot refuses to start without them there.
        environment["SECRET_KEY"] = "load-secret-key-0123456789"
        environment["ADMIN_TOKEN"] = "load-admin-token-000000000"
        environment["STEP_API_TOKEN"] = "load-step-token-0000000000"
        environment.merge(extra) { _, new in new }
        let output: Int32
        (pid, output) = try Self.spawn(options.executable, arguments: ["--port", "0"], environment: environment)
        let reader = Thread { [self] in drain(output) }
        reader.start()
        // Generous: the machine may be busy with a build.
        for _ in 0..<600 {
            if let port = match(after: "listening addresses=127.0.0.1:", until: " \n").flatMap(Int.init) {
                self.port = port
                return
            }
            usleep(50_000)
        }
        let log = lock.withLock { self.log }
        stop()
        throw BlockingHTTPClient.Failure(description: "the bot did not start; log:\n\(log)")
    }

    deinit { stop(keepingFiles: true) }

    /// CPU seconds (user and system) the bot has used so far.
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return 0 }
        // After the command name: state is field 3, utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Stops the bot (SIGTERM, then waits for it) and, unless `keepingFiles`, deletes its
    /// database and photos (when the directory is its own).
    func stop(keepingFiles: Bool = false) {
        end(signal: SIGTERM)
        if !keepingFiles && ownsDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Kills the bot at once (SIGKILL: no shutdown, its leases stay until they expire) and
    /// waits for it; its files stay.
    func killNow() { end(signal: SIGKILL) }

    private func end(signal: Int32) {
        let running = lock.withLock {
            defer { exited = true }
            return !exited
        }
        if running {
            kill(pid, signal)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
    }

    /// From now on the log is only drained, not kept (a long run would fill memory).
    func dropLog() {
        lock.withLock {
            keepLog = false
            log = ""
            consumed = 0
        }
    }

    /// The text between `marker` and the next of `terminators` in the unread log; consumes it.
    func match(after marker: String, until terminators: String) -> String? {
        lock.withLock {
            let unread = log.dropFirst(consumed)
            guard let range = unread.range(of: marker) else { return nil }
            let value = unread[range.upperBound...].prefix { !terminators.contains($0) }
            consumed = log.distance(from: log.startIndex, to: range.upperBound)
            return String(value)
        }
    }

    /// Reads the bot's output until it closes it (when it exits).
    private func drain(_ fd: Int32) {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            lock.withLock {
                if keepLog { log += String(decoding: chunk[0..<count], as: UTF8.self) }
            }
        }
        close(fd)
    }

    /// Runs `executable` with standard input from /dev/null and standard output and error
    /// into a new pipe; returns its pid and the pipe's read end.
    static func spawn(_ executable: String, arguments: [String], environment: [String: String]) throws
        -> (pid_t, Int32)
    {
        var pipe: [Int32] = [-1, -1]
        guard Glibc.pipe(&pipe) == 0 else { throw BlockingHTTPClient.Failure(description: "pipe: errno \(errno)") }
        // Neither end stays open in the child beyond its own output (dup2 clears the flag there).
        _ = fcntl(pipe[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipe[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(pipe[1])
        guard status == 0 else {
            close(pipe[0])
            throw BlockingHTTPClient.Failure(
                description: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return (pid, pipe[0])
    }
}

import Foundation
import Glibc
import Synchronization

/// A program run as a child process, its standard output and error collected as text.
///
/// Started with `posix_spawn` rather than Foundation's `Process`: `Process.run` crashed now
/// and then (a memcpy in its launch set-up) while other suites of this test process opened
/// and closed sockets. Every descriptor the tests open is close-on-exec, so the child gets
/// only its output pipe. Its names follow `Process` (`processIdentifier`, `terminate()`,
/// `terminationStatus`).
package final class ChildProcess: Sendable {
    package enum TerminationReason: Sendable { case exit, uncaughtSignal }

    package let processIdentifier: pid_t
    private static let launching = Mutex(())
    /// Apart from the process, so that the reader does not keep it alive: dropping a running
    /// child kills it (`deinit`), which ends the reader.
    private final class Output: Sendable {
        let bytes = Mutex(Data())
        /// Set when the pipe reached its end: the child and all it started have exited.
        let ended = Mutex(false)
    }

    private let collected = Output()
    private let waitStatus = Mutex<Int32?>(nil)

    /// Runs `program` with `arguments`, this process's environment (less its `LOG_*` and
    /// `PORT` settings) plus `environment`, in `directory` when given.
    package init(
        _ program: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil
    ) throws {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LOG_") && $0.key != "PORT" }
        env.merge(environment) { $1 }
        // A working directory through the shell, which then becomes the program (exec, same pid).
        let words = directory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0, program] } ?? [program]
        let reader: Int32
        (processIdentifier, reader) = try Self.launching.withLock { _ in
            try Self.spawn(words + arguments, environment: env)
        }
        // One blocking reader per child, on a queue of its own (not the pool that runs tasks).
        DispatchQueue(label: "child-output-\(processIdentifier)").async { [collected] in
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = read(reader, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                collected.bytes.withLock { $0.append(contentsOf: buffer[0..<count]) }
            }
            close(reader)
            collected.ended.withLock { $0 = true }
        }
    }

    /// A test that stops early (a failed #require) must not leave its child running: an
    /// orphan bot keeps retrying replies to ports that later tests' fakes may be given.
    deinit {
        if isRunning { kill(processIdentifier, SIGKILL) }
    }

    /// Standard output and error so far.
    package var output: String { collected.bytes.withLock { String(decoding: $0, as: UTF8.self) } }

    package var isRunning: Bool { reaped() == nil }

    /// The exit code, or the signal that ended it.
    package var terminationStatus: Int32 {
        guard let status = reaped() else { preconditionFailure("still running") }
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : status & 0x7F
    }

    package var terminationReason: TerminationReason {
        guard let status = reaped() else { preconditionFailure("still running") }
        return status & 0x7F == 0 ? .exit : .uncaughtSignal
    }

    /// SIGTERM.
    package func terminate() { kill(processIdentifier, SIGTERM) }

    /// Waits until the output contains `needle`; false if the child ended (its output read to
    /// the end) or the wait's deadline passed without it.
    package func waitForOutput(_ needle: String) async -> Bool {
        _ = await eventually { output.contains(needle) || collected.ended.withLock { $0 } }
        return output.contains(needle)
    }

    /// Waits for the child to exit (and its output to be read to the end) and returns its
    /// `terminationStatus`; nil (after a SIGTERM) if it still runs after `deadline`.
    package func waitForExit(within deadline: Duration = eventuallyDeadline) async -> Int32? {
        guard await eventually(within: deadline, { !isRunning }) else {
            terminate()
            return nil
        }
        _ = await eventually { collected.ended.withLock { $0 } }
        return terminationStatus
    }

    /// CPU seconds (user and system) the child has used, from /proc; nil once it is gone.
    package var cpuSeconds: Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(processIdentifier)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name: state is field 3; utime and stime are 14 and 15.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private func reaped() -> Int32? {
        waitStatus.withLock { saved in
            if saved == nil {
                var status: Int32 = 0
                if waitpid(processIdentifier, &status, WNOHANG) == processIdentifier { saved = status }
            }
            return saved
        }
    }

    /// Starts `words` (the program's path first) with standard input from /dev/null and
    /// standard output and error into a new pipe; returns the pid and the pipe's read end.
    /// Called one at a time: the pipe is made close-on-exec in two steps (Swift's Glibc has
    /// no pipe2), and another launch in between would hand its child our write end.
    private static func spawn(_ words: [String], environment: [String: String]) throws -> (pid_t, Int32) {
        var pipe: [Int32] = [-1, -1]
        guard Glibc.pipe(&pipe) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        _ = fcntl(pipe[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipe[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 2)
        let argv = words.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, words[0], &actions, nil, argv, envp)
        close(pipe[1])
        guard status == 0 else {
            close(pipe[0])
            throw POSIXError(.init(rawValue: status) ?? .EIO)
        }
        return (pid, pipe[0])
    }
}

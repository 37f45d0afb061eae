import Foundation
import Glibc
import Testing

/// The built `fastag-bot` executable run as a child process, as an operator would run it.
///
/// Started with `posix_spawn` rather than Foundation's `Process`: `Process.run` crashed now
/// and then (a memcpy in its launch set-up) while other suites of this test process opened
/// and closed sockets. Every descriptor the tests open is close-on-exec, so the child gets
/// only its output pipe.
final class BotProcess: @unchecked Sendable {
    static var executable: URL {
        // Tests run from the build directory that also holds the executable.
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("fastag-bot")
    }

    let process: Child
    private static let launching = NSLock()
    private let lock = NSLock()
    private var collected = Data()

    /// `program` is the bot unless told otherwise (the contract check runs a script).
    init(
        _ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
        program: URL = BotProcess.executable
    ) throws {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LOG_") && $0.key != "PORT" }
        env.merge(environment) { $1 }
        // One launch at a time: the pipe is made close-on-exec in two steps (Swift's Glibc has
        // no pipe2), and another launch in between would hand its child our write end.
        Self.launching.lock()
        defer { Self.launching.unlock() }
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

        // A working directory through the shell, which then becomes the bot (exec, same pid).
        let path = directory == nil ? program.path : "/bin/sh"
        let words =
            directory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0, program.path] } ?? [program.path]
        let argv = (words + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, nil, argv, envp)
        close(pipe[1])
        guard status == 0 else {
            close(pipe[0])
            throw POSIXError(.init(rawValue: status) ?? .EIO)
        }
        process = Child(pid)
        let reader = pipe[0]
        // One blocking reader per bot, on a queue of its own (not the pool that runs tasks).
        DispatchQueue(label: "bot-output-\(pid)").async { [self] in
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = read(reader, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                lock.lock()
                collected.append(contentsOf: buffer[0..<count])
                lock.unlock()
            }
            close(reader)
        }
    }

    /// A test that stops early (a failed #require) must not leave its bot running: an orphan
    /// keeps retrying replies to ports that later tests' fakes may be given.
    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: collected, as: UTF8.self)
    }

    /// Waits until the output contains `needle` (or the process ends, or `seconds` pass).
    func waitForOutput(_ needle: String, seconds: Double = 20) async -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if text.contains(needle) { return true }
            if !process.isRunning {
                try? await Task.sleep(for: .milliseconds(50))  // the last output still in the pipe
                return text.contains(needle)
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Waits for the process to exit and returns its status.
    func waitForExit(seconds: Double = 20) async -> Int32? {
        let end = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < end {
            try? await Task.sleep(for: .milliseconds(20))
        }
        guard !process.isRunning else {
            process.terminate()
            return nil
        }
        try? await Task.sleep(for: .milliseconds(50))
        return process.terminationStatus
    }

    /// The port from the "listening addresses=127.0.0.1:PORT" log line.
    var listeningPort: Int? {
        guard let range = text.range(of: "listening addresses=") else { return nil }
        let address = text[range.upperBound...].prefix { !$0.isWhitespace }
        return address.split(separator: ":").last.flatMap { Int($0) }
    }

    /// The child itself, answering as Foundation's `Process` does.
    final class Child: @unchecked Sendable {
        enum TerminationReason { case exit, uncaughtSignal }

        let processIdentifier: pid_t
        private let lock = NSLock()
        private var waitStatus: Int32?

        init(_ pid: pid_t) { processIdentifier = pid }

        var isRunning: Bool { reaped() == nil }

        /// The exit code, or the signal that ended it.
        var terminationStatus: Int32 {
            guard let status = reaped() else { preconditionFailure("still running") }
            return status & 0x7F == 0 ? (status >> 8) & 0xFF : status & 0x7F
        }

        var terminationReason: TerminationReason {
            guard let status = reaped() else { preconditionFailure("still running") }
            return status & 0x7F == 0 ? .exit : .uncaughtSignal
        }

        func terminate() { kill(processIdentifier, SIGTERM) }

        private func reaped() -> Int32? {
            lock.lock()
            defer { lock.unlock() }
            if waitStatus == nil {
                var status: Int32 = 0
                if waitpid(processIdentifier, &status, WNOHANG) == processIdentifier { waitStatus = status }
            }
            return waitStatus
        }
    }
}

import Foundation
import Glibc
import Synchronization

/// A program run on a pseudo-terminal, as a person runs it in a terminal: its standard
/// input, output and error are the terminal's, so `isatty` is true for each, and the test
/// types lines into it and reads what the terminal shows (typed lines echoed, line ends as
/// `\r\n`, which `output` gives back as `\n`).
///
/// Opened from `/dev/ptmx` (no helper program: the pty is ours, and nothing depends on how
/// `script` or python3 copy bytes); both ends are close-on-exec from the start, so a child
/// spawned meanwhile by another test gets neither. Started with `posix_spawn`, like `ChildProcess`.
package final class PseudoTerminal: Sendable {
    package let processIdentifier: pid_t
    private let master: Int32

    private final class Screen: Sendable {
        let bytes = Mutex(Data())
        /// Set when the terminal's last user closed it: the child has exited.
        let ended = Mutex(false)
    }

    private let screen = Screen()
    /// `TIOCSPTLCK` and `TIOCGPTN` of <asm-generic/ioctls.h>, macros Swift cannot import.
    private static let unlockTerminal: UInt = 0x4004_5431
    private static let terminalNumber: UInt = 0x8004_5430
    private let waitStatus = Mutex<Int32?>(nil)

    /// Runs `program` with `arguments`, this process's environment (less its `LOG_*` and
    /// `PORT` settings) plus `environment`, in `directory` when given.
    package init(
        _ program: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil
    ) throws {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LOG_") && $0.key != "PORT" }
        env.merge(environment) { $1 }
        env["TERM"] = "dumb"
        let words = directory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0, program] } ?? [program]
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        // What posix_openpt, unlockpt and ptsname do (Swift's Glibc module hides them):
        // TIOCSPTLCK unlocks the terminal's other end, TIOCGPTN gives its number in /dev/pts.
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard ioctl(master, Self.unlockTerminal, &unlock) == 0, ioctl(master, Self.terminalNumber, &number) == 0
        else {
            close(master)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else {
            close(master)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        defer { close(slave) }
        self.master = master
        processIdentifier = try Self.spawn(words + arguments, environment: env, terminal: slave)
        DispatchQueue(label: "pty-output-\(processIdentifier)").async { [screen] in
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = read(master, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                // EIO once the child and all it started have closed the terminal.
                guard count > 0 else { break }
                screen.bytes.withLock { $0.append(contentsOf: buffer[0..<count]) }
            }
            screen.ended.withLock { $0 = true }
        }
    }

    deinit {
        if isRunning { kill(processIdentifier, SIGKILL) }
        // The reader ends with the child (EIO); the master is closed only after that, so
        // its number is never reused under a read still going on.
        DispatchQueue.global().async { [screen, master] in
            while !screen.ended.withLock({ $0 }) { usleep(10_000) }
            close(master)
        }
    }

    /// What the terminal has shown so far, line ends as `\n`.
    package var output: String {
        screen.bytes.withLock { String(decoding: $0, as: UTF8.self) }.replacing("\r\n", with: "\n")
    }

    /// Where the output ends now: `waitForOutput(_:since:)` looks only after it.
    package var mark: Int { output.utf8.count }

    /// The output after `mark`.
    package func output(since mark: Int) -> String {
        let text = output
        return String(decoding: text.utf8.dropFirst(mark), as: UTF8.self)
    }

    /// Types `line` and Enter.
    package func type(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(master, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Ctrl-D at the start of a line: the end of input.
    package func endInput() {
        var eot: UInt8 = 4
        _ = write(master, &eot, 1)
    }

    /// Waits until the output after `mark`, as `transform` shows it, contains `needle`;
    /// false if the child ended or the wait's deadline passed without it.
    package func waitForOutput(
        _ needle: String, since mark: Int = 0, _ transform: @Sendable (String) -> String = { $0 }
    ) async -> Bool {
        _ = await eventually {
            transform(output(since: mark)).contains(needle) || screen.ended.withLock { $0 }
        }
        return transform(output(since: mark)).contains(needle)
    }

    package var isRunning: Bool { reaped() == nil }

    /// Waits for the child to exit and returns its exit code (or signal); nil (after a
    /// SIGTERM) if it still runs after `deadline`.
    package func waitForExit(within deadline: Duration = eventuallyDeadline) async -> Int32? {
        guard await eventually(within: deadline, { !isRunning }) else {
            kill(processIdentifier, SIGTERM)
            return nil
        }
        _ = await eventually { screen.ended.withLock { $0 } }
        guard let status = reaped() else { return nil }
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : status & 0x7F
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

    private static func spawn(_ words: [String], environment: [String: String], terminal: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in 0...2 { posix_spawn_file_actions_adddup2(&actions, terminal, descriptor) }
        let argv = words.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, words[0], &actions, nil, argv, envp)
        guard status == 0 else { throw POSIXError(.init(rawValue: status) ?? .EIO) }
        return pid
    }
}

import Foundation
import Glibc

/// The bot under test as a child process: sandbox mode, a temporary database, a free port,
/// and its log captured so the load tools can read what the sandbox prints (agent OTPs).
final class BotProcess: @unchecked Sendable {
    let directory: String
    private(set) var port = 0
    private let process = Process()
    private let lock = NSLock()
    private var log = ""
    private var consumed = 0
    private var keepLog = true

    /// Starts `executable` with the sandbox defaults plus `environment` and waits for it to listen.
    init(executable: String, environment extra: [String: String]) throws {
        directory = NSTemporaryDirectory() + "fastag-load-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--port", "0"]
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = "sqlite:///\(directory)/load.db"
        environment["DATA_DIR"] = "\(directory)/data"
        environment["LOG_LEVEL"] = "info"
        environment["SHAURYAPAY_MODE"] = "sandbox"
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [self] handle in
            let data = handle.availableData
            lock.lock()
            if keepLog { log += String(decoding: data, as: UTF8.self) }
            lock.unlock()
        }
        try process.run()
        for _ in 0..<200 {
            if let port = match(after: "listening addresses=127.0.0.1:", until: " \n").flatMap(Int.init) {
                self.port = port
                return
            }
            usleep(50_000)
        }
        stop()
        throw BlockingHTTPClient.Failure(description: "the bot did not start; log:\n\(log)")
    }

    /// CPU seconds (user and system) the bot has used so far.
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return 0 }
        // After the command name: state is field 3, utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Stops the bot and, unless `keepingFiles`, deletes its database and photos.
    func stop(keepingFiles: Bool = false) {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        if !keepingFiles { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// From now on the log is only drained, not kept (a long run would fill memory).
    func dropLog() {
        lock.lock()
        keepLog = false
        log = ""
        consumed = 0
        lock.unlock()
    }

    /// The text between `marker` and the next of `terminators` in the unread log; consumes it.
    func match(after marker: String, until terminators: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        let unread = log.dropFirst(consumed)
        guard let range = unread.range(of: marker) else { return nil }
        let value = unread[range.upperBound...].prefix { !terminators.contains($0) }
        consumed = log.distance(from: log.startIndex, to: range.upperBound)
        return String(value)
    }
}

/// Nearest-rank percentile of sorted values.
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

import Foundation
import Testing

/// The built `fastag-bot` executable run as a child process, as an operator would run it.
final class BotProcess: @unchecked Sendable {
    static var executable: URL {
        // Tests run from the build directory that also holds the executable.
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("fastag-bot")
    }

    let process = Process()
    private let output = Pipe()
    private let lock = NSLock()
    private var collected = Data()

    init(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws {
        process.executableURL = Self.executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LOG_") && $0.key != "PORT" }
        env.merge(environment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.lock.lock()
            self.collected.append(data)
            self.lock.unlock()
        }
        try process.run()
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
            if !process.isRunning { return text.contains(needle) }
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
}

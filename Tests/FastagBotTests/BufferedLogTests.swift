import Dispatch
import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

@testable import FastagBot

/// The server's log: written in blocks from a thread of its own, lines whole and in each
/// thread's order, dropped and counted (never waited for) when the destination blocks,
/// flushed when the process stops on a signal.
@Suite struct BufferedLogTests {
    @Test func linesFromManyThreadsAreWholeAndInEachThreadsOrder() throws {
        let path = NSTemporaryDirectory() + "buffered-log-\(UUID().uuidString)"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(fd >= 0)
        defer {
            close(fd)
            unlink(path)
        }
        var limits = BufferedLogSink.Limits()
        limits.flushBytes = 1024  // many small blocks, written while the threads log
        let sink = BufferedLogSink(descriptor: fd, limits: limits)
        let logger = Logger(level: .info, format: .text, sink: sink)
        let threads = 4
        let perThread = 3000
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for sequence in 0..<perThread {
                logger.info("request", ["thread": .int(thread), "sequence": .int(sequence), "path": "/health"])
            }
        }
        sink.stop()

        let lines = try String(contentsOfFile: path, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == threads * perThread + 1 && lines.last == "")
        var next = [Int](repeating: 0, count: threads)
        for line in lines.dropLast() {
            let match = line.wholeMatch(of: /\S+ INFO    request thread=(\d) sequence=(\d+) path=\/health/)
            guard let match, let thread = Int(match.1), let sequence = Int(match.2) else {
                Issue.record("torn or foreign line: \(line)")
                return
            }
            #expect(sequence == next[thread], "thread \(thread) out of order")
            next[thread] = sequence + 1
        }
        #expect(next == [Int](repeating: perThread, count: threads))
        #expect(sink.droppedLines == 0)
    }

    /// The log's destination is a pipe nobody reads: the writer blocks in `write`, requests
    /// are still answered, and `/metrics` counts the lines that had to be dropped.
    @Test func aBlockedDestinationDropsLinesInsteadOfBlockingRequests() async throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(ends[1], 1031, 4096)  // F_SETPIPE_SZ: the smallest pipe, full sooner
        var limits = BufferedLogSink.Limits()
        limits.flushBytes = 512
        limits.maxPendingBytes = 2048
        let sink = BufferedLogSink(descriptor: ends[1], limits: limits)
        let database = try TestDatabase()
        var settings = Settings.defaults
        settings.port = 0
        try database.configure(&settings)
        settings.adminToken = "test-admin-token-0123456789"
        let app = try Application(settings: settings, logSink: sink)
        try app.start()
        let client = LoopbackClient(port: app.port)

        var dropped = 0
        var answered = 0
        for round in 0..<200 where dropped == 0 {
            for index in 0..<20 {
                let reply = try await client.send("GET", "/health", headers: ["X-Request-ID": "r\(round)-\(index)"])
                if reply.status == 200 { answered += 1 }
            }
            let metrics = try await client.send("GET", "/metrics")
            let text = String(decoding: metrics.body, as: UTF8.self)
            let line = text.split(separator: "\n").first { $0.hasPrefix("log_lines_dropped_total ") }
            dropped = line.flatMap { Int($0.split(separator: " ")[1]) } ?? 0
            #expect(text.contains("# TYPE log_lines_dropped_total counter"))
        }
        #expect(dropped > 0, "no line dropped after \(answered) requests")
        #expect(answered % 20 == 0)
        await app.shutdown()

        // Unblock the writer (empty the pipe until everything is written) so that its thread
        // can stop; the read end does not block, and neither end reaches a child process.
        _ = fcntl(ends[0], F_SETFL, O_NONBLOCK)
        var buffer = [UInt8](repeating: 0, count: 65536)
        for _ in 0..<1000 {
            while read(ends[0], &buffer, buffer.count) > 0 {}
            if sink.flush(timeout: .milliseconds(20)) { break }
        }
        sink.stop(timeout: .milliseconds(100))
        close(ends[1])
        close(ends[0])
        database.remove()
    }

    /// SIGTERM: the bot shuts down gracefully and the lines of its last requests are in its
    /// output before it exits.
    @Test func lastRequestsAreLoggedBeforeExitOnSIGTERM() async throws {
        let database = try TestDatabase("log-flush")
        defer { database.remove() }
        try FileManager.default.createDirectory(atPath: database.directory, withIntermediateDirectories: true)
        let environment = database.environment.merging(["ADMIN_TOKEN": "flush-admin-token-0123456789"]) { $1 }
        let bot = try await BotProcess.serve(environment, in: database.directory)
        let client = LoopbackClient(port: bot.listeningPort ?? 0)
        for index in 0..<50 {
            let reply = try await client.send("GET", "/health", headers: ["X-Request-ID": "before-term-\(index)"])
            #expect(reply.status == 200)
        }
        bot.process.terminate()
        let status = await bot.waitForExit()
        #expect(status == 0, "exit status \(String(describing: status))")

        let lines = bot.text.split(separator: "\n")
        let logged = lines.compactMap { line in
            line.firstMatch(of: /INFO {4}request .* request_id=before-term-(\d+)/).flatMap { Int($0.1) }
        }
        #expect(logged == Array(0..<50), "\(bot.text.suffix(2000))")
        let lastRequest = try #require(lines.lastIndex { $0.contains("request_id=before-term-49") })
        #expect(lines[lastRequest...].contains { $0.contains("shutdown complete") })
    }
}

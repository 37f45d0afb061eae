import Foundation
import TestKit
import Testing

/// The built `fastag-bot` executable run as a child process, as an operator runs it.
package final class BotProcess: Sendable {
    package static var executable: URL {
        // Tests run from the build directory that also holds the executable.
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("fastag-bot")
    }

    package let process: ChildProcess

    /// Runs the bot with `arguments`, this process's environment (less `LOG_*` and `PORT`)
    /// plus `environment`, in `directory` when given (where it looks for `.env`).
    package init(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws {
        process = try ChildProcess(Self.executable.path, arguments, environment: environment, directory: directory)
    }

    /// Serves on an ephemeral port (`--port 0`) with `environment` in `directory`; returns
    /// once the bot says it is ready.
    package static func serve(
        _ environment: [String: String], in directory: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> BotProcess {
        let bot = try BotProcess(["--port", "0"], environment: environment, directory: directory)
        let ready = await bot.waitForOutput("ready")
        try #require(ready, "the server did not start:\n\(bot.text)", sourceLocation: sourceLocation)
        try #require(bot.listeningPort != nil, "no port in:\n\(bot.text)", sourceLocation: sourceLocation)
        return bot
    }

    /// Standard output and error so far.
    package var text: String { process.output }

    package func waitForOutput(_ needle: String) async -> Bool { await process.waitForOutput(needle) }

    package func waitForExit(within deadline: Duration = eventuallyDeadline) async -> Int32? {
        await process.waitForExit(within: deadline)
    }

    /// The demo agent's OTP from the log, once it is there: the bot writes its log in blocks
    /// from a thread of its own, so a line may follow the answer that caused it.
    package func agentOTP() async -> String? {
        var otp: String?
        _ = await eventually {
            otp = SandboxCatalog.agentOTP(in: text)
            return otp != nil
        }
        return otp
    }

    /// The port from the "listening addresses=127.0.0.1:PORT" log line.
    package var listeningPort: Int? {
        let text = text
        guard let range = text.range(of: "listening addresses=") else { return nil }
        let address = text[range.upperBound...].prefix { !$0.isWhitespace }
        return address.split(separator: ":").last.flatMap { Int($0) }
    }
}

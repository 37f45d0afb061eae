import FastagTestKit
import Foundation
import TestKit
import Testing

@Suite struct CommandLineTests {
    private func scratchDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func helpDescribesCommandsAndOptions() async throws {
        let bot = try BotProcess(["--help"])
        #expect(await bot.waitForExit() == 0)
        #expect(bot.text.contains("USAGE: fastag-bot"))
        #expect(bot.text.contains("--port <port>"))
        #expect(bot.text.contains("--env-file <path>"))
    }

    @Test func typoedPortStopsTheStartNamingTheSetting() async throws {
        let bot = try BotProcess(["--port", "80x"], directory: try scratchDirectory())
        #expect(await bot.waitForExit() == 2)
        #expect(bot.text.contains("PORT: '80x' from command line is not a port number (0-65535)"))
    }

    @Test func badDotEnvValueStopsTheStart() async throws {
        let directory = try scratchDirectory()
        try "PORT=80x\n".write(toFile: directory + "/.env", atomically: true, encoding: .utf8)
        let bot = try BotProcess([], directory: directory)
        #expect(await bot.waitForExit() == 2)
        #expect(bot.text.contains("PORT: '80x' from \(directory)/.env is not a port number"))
    }

    @Test func servesHealthAndExitsZeroOnSIGTERM() async throws {
        let bot = try BotProcess(["--port", "0"], directory: try scratchDirectory())
        #expect(await bot.waitForOutput("ready"))
        let port = try #require(bot.listeningPort)
        let health = try await LoopbackClient(port: port).send("GET", "/health")
        #expect(health.status == 200)
        #expect(health.text.contains("\"healthy\""))

        kill(bot.process.processIdentifier, SIGTERM)
        #expect(await bot.waitForExit() == 0)
        #expect(bot.text.contains("shutdown complete"))
    }

    @Test func exitsZeroOnSIGINT() async throws {
        let bot = try BotProcess(["--port", "0"], directory: try scratchDirectory())
        #expect(await bot.waitForOutput("ready"))
        kill(bot.process.processIdentifier, SIGINT)
        #expect(await bot.waitForExit() == 0)
    }
}

import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// `fastag-bot migrate` and `fastag-bot agent add|list|topup|set-tags`, run as the built
/// binary on a temporary database, then read back through the API of a server on that file.
@Suite struct AgentCommandTests {
    /// A scratch directory (no `.env` in it) and a database path inside it.
    struct Scratch {
        let directory: String
        var database: String { directory + "/db/bot.db" }
        var environment: [String: String] {
            ["DATABASE_URL": "sqlite:///" + database, "DATA_DIR": directory + "/data"]
        }

        init() throws {
            directory = NSTemporaryDirectory() + "agent-cli-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }

        /// Runs the binary to completion: exit status and output.
        func run(_ arguments: [String]) async throws -> (status: Int32?, output: String) {
            let bot = try BotProcess(arguments, environment: environment, directory: directory)
            let status = await bot.waitForExit()
            return (status, bot.text)
        }
    }

    @Test func migrateCreatesTheDatabaseAndIsRepeatable() async throws {
        let scratch = try Scratch()
        #expect(!FileManager.default.fileExists(atPath: scratch.database))
        var outputs: [String] = []
        for _ in 0..<2 {
            let (status, output) = try await scratch.run(["migrate"])
            #expect(status == 0, "\(output)")
            outputs.append(output)
        }
        #expect(FileManager.default.fileExists(atPath: scratch.database))
        let storage = try Storage(databasePath: scratch.database, dataDirectory: scratch.directory + "/data")
        let latest = storage.latestSchemaVersion
        for output in outputs {
            #expect(output.contains("database \(scratch.database) is at schema version \(latest)"), "\(output)")
        }
        #expect(try storage.schemaVersion() == latest)
        #expect(try storage.integrityCheck() == ["ok"])

        let (status, output) = try await scratch.run(["migrate", "now"])
        #expect(status == 2)
        #expect(output.contains("unknown argument 'now'"))
    }

    @Test func agentCommandsChangeWhatTheAPIShows() async throws {
        let scratch = try Scratch()
        var (status, output) = try await scratch.run([
            "agent", "add", "--first-name", "Ravi", "--last-name=Kumar", "--mobile", "+91 98765 43210", "--wallet",
            "1250.50", "--tags", "12", "--shauryapay-id", "1042",
        ])
        #expect(status == 0, "\(output)")
        #expect(output.contains("agent 1 Ravi Kumar 9876543210 registered"), "\(output)")
        (status, output) = try await scratch.run(["agent", "add", "--first-name", "Asha", "--mobile", "9123456780"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("agent 2 Asha 9123456780 registered"), "\(output)")

        (status, output) = try await scratch.run(["agent", "list"])
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ID") == true, "\(output)")
        let ravi = try #require(lines.first { $0.hasPrefix("1 ") }, "\(output)")
        for part in ["Ravi Kumar", "9876543210", "active", "₹1,250.50", "12"] {
            #expect(ravi.contains(part), "\(ravi)")
        }
        #expect(lines.contains { $0.hasPrefix("2 ") && $0.contains("Asha") })

        (status, output) = try await scratch.run(["agent", "topup", "9876543210", "500"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("agent 1 wallet: ₹1,750.50"), "\(output)")
        (status, output) = try await scratch.run(["agent", "topup", "2", "99.5"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("agent 2 wallet: ₹99.50"), "\(output)")
        (status, output) = try await scratch.run(["agent", "set-tags", "+919876543210", "3"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("agent 1 FASTags left: 3"), "\(output)")

        // Deactivate one through the API, then list by status on the command line. (The sandbox
        // seeds its demo agent only when no agent has the demo mobile, and Ravi has it.)
        try await withServer(keepingSeed: true, { $0.databasePath = scratch.database }) { server in
            let ravi = try await server.fetch("/agents/1")
            #expect(ravi["first_name"] == "Ravi")
            #expect(ravi["last_name"] == "Kumar")
            #expect(ravi["mobile"] == "9876543210")
            #expect(ravi["shauryapay_agent_id"] == "1042")
            #expect(ravi["wallet_balance_paise"] == 175050)
            #expect(ravi["fastags_left"] == 3)
            let asha = try await server.fetch("/agents/2")
            #expect(asha["wallet_balance_paise"] == 9950)
            #expect(asha["fastags_left"] == 0)
            #expect(try await server.fetch("/agents/")["total"] == 2)
            _ = try await server.put("/agents/2", ["status": "inactive"])
        }
        (status, output) = try await scratch.run(["agent", "list", "--status", "inactive"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("Asha"))
        #expect(!output.contains("Ravi"))
    }

    @Test func agentCommandsRefuseBadInputWithoutChangingAnything() async throws {
        let scratch = try Scratch()
        var (status, output) = try await scratch.run([
            "agent", "add", "--first-name", "Ravi", "--mobile", "9876543210", "--tags", "2",
        ])
        #expect(status == 0, "\(output)")

        let usage: [([String], String)] = [
            (["agent"], "say add, list, topup or set-tags"),
            (["agent", "frobnicate"], "unknown agent command 'frobnicate'"),
            (["agent", "add", "--first-name", "Asha"], "--mobile is required"),
            (["agent", "add", "--mobile", "9123456780"], "--first-name is required"),
            (["agent", "add", "--first-name", "Asha", "--mobile", "12345"], "10-digit mobile number"),
            (["agent", "add", "--first-name", "R2D2", "--mobile", "9123456780"], "name"),
            (["agent", "add", "--first-name", "Asha", "--mobile", "9123456780", "--wallet", "lots"], "--wallet"),
            (["agent", "add", "--first-name", "Asha", "--mobile", "9123456780", "--tags", "-1"], "--tags"),
            (["agent", "add", "--first-name", "Asha", "--mobile", "9123456780", "--colour", "red"], "unknown option"),
            (["agent", "add", "--first-name"], "--first-name needs a value"),
            (["agent", "list", "--status", "retired"], "--status takes active or inactive"),
            (["agent", "topup", "9876543210"], "expected AGENT RUPEES"),
            (["agent", "topup", "9876543210", "0"], "the amount is rupees"),
            (["agent", "topup", "9000000000", "10"], "no agent 9000000000"),
            (["agent", "set-tags", "1"], "expected AGENT COUNT"),
            (["agent", "set-tags", "1", "-4"], "expected AGENT COUNT"),
            (["agent", "set-tags", "42", "4"], "no agent 42"),
        ]
        for (arguments, message) in usage {
            (status, output) = try await scratch.run(arguments)
            #expect(status == 2, "\(arguments): \(output)")
            #expect(output.contains(message), "\(arguments): \(output)")
        }
        // A duplicate mobile is refused by the store: exit 1.
        (status, output) = try await scratch.run(["agent", "add", "--first-name", "Asha", "--mobile", "09876543210"])
        #expect(status == 1, "\(output)")
        #expect(output.contains("already exists"), "\(output)")

        try await withServer(keepingSeed: true, { $0.databasePath = scratch.database }) { server in
            let page = try await server.fetch("/agents/")
            #expect(page["total"] == 1)
            let agent = try #require(page["items"]?.arrayValue?.first)
            expectFields(agent, ["first_name": "Ravi", "wallet_balance_paise": 0, "fastags_left": 2])
        }
    }
}

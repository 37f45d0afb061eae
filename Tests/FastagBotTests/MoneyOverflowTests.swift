import FastagBot
import FastagTestKit
import Foundation
import SQLite
import TestKit
import Testing

/// Money and counts added to stored values near `Int64.max`. Each sum used to be a plain `+`,
/// which traps in Swift (the whole server died, dropping every connection) and turns into a
/// REAL in SQLite (an agent row no one could read back). Now each is refused with a 409 and
/// nothing stored changes.
@Suite struct MoneyOverflowTests {
    /// Stores `balance` on a tag directly: the API may bound `balance_paise` on create, but a
    /// stored balance is what the sums start from, however it got there.
    static func setBalance(_ server: TestServer, tag id: Int64, _ balance: Int64) async throws {
        try await server.app.storage.pool.write { db in
            _ = try db.run("UPDATE fastags SET balance_paise = ? WHERE id = ?", balance, id)
        }
    }

    @Test(.onBothBackends) func activatingOrRechargingAHugeBalanceIsRefusedAndChangesNothing() async throws {
        try await withServer { server in
            let vehicle = try await server.vehicle()
            let created = try await server.fastag()
            let id = try #require(created["id"]?.intValue)
            try await Self.setBalance(server, tag: id, Int64.max - 100)
            let stored = try await server.fetch("/fastags/\(id)")
            #expect(stored["balance_paise"] == .int(Int64.max - 100))

            let activation = try await server.call(
                "POST", "/fastags/\(id)/activate", json: ["vehicle_id": vehicle["id"]!, "amount_paise": 20000])
            expectError(activation, 409, mentioning: "largest balance")
            #expect(try await server.fetch("/fastags/\(id)") == stored)
            #expect(try await server.fetch("/fastags/\(id)/transactions")["total"] == 0)

            // Activated without a credit, the tag takes no recharge either.
            let active = try await server.json(
                200, "POST", "/fastags/\(id)/activate", json: ["vehicle_id": vehicle["id"]!, "amount_paise": 0])
            let recharge = try await server.call("POST", "/fastags/\(id)/recharge", json: ["amount_paise": 1000])
            expectError(recharge, 409, mentioning: "largest balance")
            #expect(try await server.fetch("/fastags/\(id)") == active)
            #expect(try await server.fetch("/fastags/\(id)/transactions")["total"] == 1)

            // The server is still there, and a sum that fits still goes through.
            try await Self.setBalance(server, tag: id, 500)
            let recharged = try await server.json(
                200, "POST", "/fastags/\(id)/recharge", json: ["amount_paise": 1000])
            #expect(recharged["balance_paise"] == 1500)
        }
    }

    /// `fastag-bot agent topup` adds in SQL: the sum must not overflow into a REAL.
    @Test func topUpOfAHugeWalletIsRefusedAndChangesNothing() async throws {
        let scratch = try AgentCommandTests.Scratch()
        var (status, output) = try await scratch.run([
            "agent", "add", "--first-name", "Ravi", "--mobile", "9876543210", "--wallet", "100",
        ])
        try #require(status == 0, "\(output)")
        let storage = try Storage(databasePath: scratch.database, dataDirectory: scratch.directory + "/data")
        try await storage.pool.write { db in
            _ = try db.run("UPDATE agents SET wallet_balance_paise = ? WHERE id = 1", Int64.max - 10)
        }
        let before = try #require(try await storage.agents.get(1))

        (status, output) = try await scratch.run(["agent", "topup", "1", "500"])
        #expect(status == 1, "\(output)")
        #expect(output.contains("would exceed the largest balance"), "\(output)")
        let after = try await storage.pool.read { db in
            try db.queryOne(
                "SELECT wallet_balance_paise, typeof(wallet_balance_paise) AS type FROM agents WHERE id = 1")
        }
        #expect(try after?.get("type", as: String.self) == "integer")
        #expect(try await storage.agents.get(1) == before)

        (status, output) = try await scratch.run(["agent", "list"])
        #expect(status == 0, "\(output)")
    }
}

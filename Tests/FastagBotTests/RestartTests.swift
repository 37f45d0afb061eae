import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// The real binary stopped with SIGTERM in the middle of an assignment and started again on
/// the same database: the session continues from the same step to the end.
@Suite(.onBothBackends) struct RestartTests {
    static let adminToken = "restart-admin-token-0123456789"
    static let stepToken = "restart-step-token-0123456789"

    static func start(_ environment: [String: String], in directory: String) async throws -> (BotProcess, StepDriver) {
        let bot = try await BotProcess.serve(environment, in: directory)
        return (bot, StepDriver(client: LoopbackClient(port: bot.listeningPort ?? 0), token: stepToken))
    }

    /// An admin GET on the running bot.
    static func fetch(_ driver: StepDriver, _ path: String) async throws -> JSONValue {
        let answer = try await driver.send(path, auth: .header("Authorization", "Bearer \(adminToken)"), method: "GET")
        try #require(answer.status == 200, "\(path): \(answer.text)")
        return answer.body
    }

    @Test func assignmentContinuesAfterARestart() async throws {
        // Both processes get the test's database as DATABASE_URL (a file, or a PostgreSQL schema).
        let database = try TestDatabase("restart")
        defer { database.remove() }
        let directory = database.directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let environment = database.environment.merging([
            "ADMIN_TOKEN": Self.adminToken, "STEP_API_TOKEN": Self.stepToken, "SHAURYAPAY_MODE": "sandbox",
            "SECRET_KEY": "restart-secret-key",
        ]) { $1 }
        let script = AssignScript.sandbox()
        let moves = script.endpointMoves()
        let half = 9  // two photos sent; the vehicle's front is asked next

        let (first, driver) = try await Self.start(environment, in: directory)
        let session: String
        do {
            let menu = try await driver.login(
                mobile: SandboxCatalog.demoMobile,
                otp: { try #require(await first.agentOTP(), "no OTP in:\n\(first.text)") },
                menu: SandboxCatalog.menu())
            session = try #require(menu.sessionID)
            try await driver.run(moves[..<half], session: session)
        } catch {
            first.process.terminate()
            _ = await first.waitForExit()
            throw error
        }
        first.process.terminate()  // SIGTERM: a graceful stop
        let status = await first.waitForExit()
        #expect(status == 0, "exit status \(String(describing: status)):\n\(first.text)")

        let (second, again) = try await Self.start(environment, in: directory)
        try await tryFinally {
            let stored = try await Self.fetch(again, "/sessions/\(session)")
            #expect(stored["state"] == .string(moves[half - 1].step) && stored["status"] == "open", "\(stored)")
            // The step already answered is not accepted again; the next one is.
            let repeated = try await again.send(
                moves[half - 1].path, .object(moves[half - 1].body.merging(["session_id": .string(session)]) { $1 }))
            #expect(repeated.status == 409 && repeated.step == moves[half - 1].step, "\(repeated.text)")
            let done = try #require(try await again.run(moves[half...], session: session))
            #expect(done.step == "menu" && done.sessionID != session)

            let tag = try await Self.fetch(again, "/fastags/by-tag/\(script.barcode)")
            #expect(tag["status"] == "active" && tag["customer_name"] == "Asha Patil")
            let agent = try await Self.fetch(again, "/agents/\(tag["agent_id"]?.intValue ?? 0)")
            #expect(agent["wallet_balance_paise"] == 450_000 && agent["fastags_left"] == 9)
            let closed = try await Self.fetch(again, "/sessions/\(session)")
            #expect(closed["status"] == "completed")
            for kind in ["rc_front", "rc_back", "vehicle_front", "vehicle_side"] {
                #expect(closed["data"]?["doc_\(kind)"]?.intValue != nil, "doc_\(kind)")
            }
        } finally: {
            second.process.terminate()
            _ = await second.waitForExit()
        }
    }
}

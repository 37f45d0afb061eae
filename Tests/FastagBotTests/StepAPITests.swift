import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// The bot end to end in sandbox mode: the step API as Interakt workflows call it (and
/// `/sessions/{id}/message` alone), the exact copy of CONVERSATION.md at every answer, and the
/// books behind the REST API afterwards. In-process: the step API needs no port.
@Suite(.onBothBackends) struct StepAPITests {
    @Test func assignThroughTheStepEndpoints() async throws {
        try await SandboxBed.run { bed in
            let menu = try await bed.login()
            let script = AssignScript.sandbox()
            let done = try #require(try await bed.driver.run(script.endpointMoves(), session: menu))
            let next = try #require(done.sessionID)
            #expect(next != menu)
            #expect(done.body["data"]?["wallet_balance"] == "₹4,500")
            #expect(done.body["data"]?["fastags_left"] == 9)
            try await bed.server.expectActivated(
                script, session: menu, agentMobile: SandboxCatalog.demoMobile, walletPaise: 450_000, fastags: 9)
            // The next session is at the menu and takes the next assignment.
            try await bed.driver.step(
                "/fastags/assign/vehicle_number", ["session_id": .string(next), "vehicle_number": "KA05M1236"],
                says: Copy.askEngineNumber, step: "engine_number")
        }
    }

    @Test func assignThroughMessagesOnly() async throws {
        try await SandboxBed.run { bed in
            let menu = try await bed.login()
            let script = AssignScript.sandbox()
            try await bed.driver.run(script.messageMoves(), session: menu)
            try await bed.server.expectActivated(
                script, session: menu, agentMobile: SandboxCatalog.demoMobile, walletPaise: 450_000, fastags: 9)
        }
    }

    @Test func replaceAfterAssign() async throws {
        try await SandboxBed.run { bed in
            let first = try await bed.login()
            let script = AssignScript.sandbox()
            let menu = try #require(try await bed.driver.run(script.endpointMoves(), session: first)?.sessionID)
            let newTag = "608268-001-0034567"
            var replace = ReplaceScript(
                barcode: newTag, customerOTP: SandboxCatalog.customerOTP, wallet: "₹4,500", fastags: 8)
            replace.confirm = true
            let moves = replace.endpointMoves()
            try await bed.driver.run(moves, session: menu)
            let server = bed.server
            let old = try await server.fetch("/fastags/by-tag/\(script.barcode)")
            let new = try await server.fetch("/fastags/by-tag/\(newTag)")
            let car = try await server.fetch("/vehicles/by-number/MH12AB1235")
            #expect(old["status"] == "replaced")
            #expect(new["status"] == "active" && new["vehicle_id"] == car["id"])
            #expect(new["customer_name"] == "Asha Patil" && new["customer_mobile"] == "9123456780")
            let history = try await server.fetch("/fastags/\(old.id)/transactions")
            #expect(history["items"]?.arrayValue?.map { $0["kind"] } == ["activation", "replacement"])
            let agent = try await server.fetch("/agents/\(new["agent_id"]?.intValue ?? 0)")
            #expect(agent["wallet_balance_paise"] == 450_000 && agent["fastags_left"] == 8)
        }
    }

    @Test func twoConcurrentConfirmationsActivateOnce() async throws {
        try await SandboxBed.run { bed in
            let session = try await bed.login()
            let script = AssignScript.sandbox()
            let moves = script.endpointMoves()
            try await bed.driver.run(moves.dropLast(), session: session)
            let body: JSONValue = ["session_id": .string(session), "confirm": "Yes"]
            async let first = bed.driver.send("/fastags/assign/confirm", body)
            async let second = bed.driver.send("/fastags/assign/confirm", body)
            let answers = try await [first, second]
            let succeeded = answers.filter(\.isSuccess)
            let conflicts = answers.filter { $0.status == 409 }
            #expect(succeeded.count == 1 && conflicts.count == 1, "\(answers.map(\.text))")
            #expect(succeeded.first?.message == moves.last?.says)
            #expect(conflicts.first?.body["status"] == "error")
            #expect(conflicts.first?.step == "completed", "\(conflicts.first?.text ?? "")")
            #expect(conflicts.first?.body["data"]?["next_session_id"] == succeeded.first?.body["session_id"])
            try await bed.server.expectActivated(
                script, session: session, agentMobile: SandboxCatalog.demoMobile, walletPaise: 450_000, fastags: 9)
        }
    }
}

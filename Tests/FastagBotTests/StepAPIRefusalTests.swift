import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// Requests the step API refuses: a wrong step, an unknown session, bad credentials, bodies
/// that are not what the endpoint takes, and an answer the agent can fix; none of them moves
/// the session.
@Suite(.onBothBackends) struct StepAPIRefusalTests {
    static let moves = AssignScript.sandbox().endpointMoves()

    @Test func wrongStepUnknownSessionAuthAndBadBodies() async throws {
        try await SandboxBed.run { bed in
            let (server, driver) = (bed.server, bed.driver)
            let session = try await bed.login()
            try await driver.run(Self.moves.prefix(2), session: session)

            // The session asks for the customer's mobile: another step's endpoint is a conflict.
            let wrong = try await driver.send(
                "/fastags/assign/user_otp", ["session_id": .string(session), "otp": "123456"])
            #expect(wrong.status == 409, "\(wrong.text)")
            #expect(wrong.body["status"] == "error")
            #expect(wrong.step == "user_mobile")
            #expect(wrong.body["data"]?["flow"] == "assign")
            #expect(wrong.message.contains("user_mobile"), "\(wrong.message)")
            #expect(wrong.sessionID == session)
            let replace = try await driver.send(
                "/fastags/replace/reason", ["session_id": .string(session), "reason": "Lost Tag"])
            #expect(replace.status == 409 && replace.step == "user_mobile")

            let unknown = UUID().uuidString.lowercased()
            let missingSession = try await driver.send(
                "/fastags/assign/user_mobile", ["session_id": .string(unknown), "user_mobile": "9123456780"])
            #expect(missingSession.status == 404 && missingSession.body["status"] == "error", "\(missingSession.text)")
            let missingMessage = try await driver.send("/sessions/\(unknown)/message", ["text": "hello"])
            #expect(missingMessage.status == 404, "\(missingMessage.text)")

            let body: JSONValue = ["session_id": .string(session), "user_mobile": "9123456780"]
            for auth in [
                StepDriver.Auth.none, .header("X-API-Key", "wrong-token"), .header("Authorization", "Bearer wrong"),
                .header("Authorization", "Bearer \(server.app.adminToken)"),
            ] {
                let refused = try await driver.send("/fastags/assign/user_mobile", body, auth: auth)
                #expect(refused.status == 401, "\(auth): \(refused.text)")
                #expect(refused.body["status"] == "error")
            }
            let noAuthStart = try await driver.send("/agents/start", ["mobile_number": "9876543210"], auth: .none)
            #expect(noAuthStart.status == 401)

            let broken = try await driver.send("/fastags/assign/user_mobile", raw: #"{"session_id": "\#(session)", "#)
            #expect(broken.status == 400 && broken.body["status"] == "error", "\(broken.text)")
            let notObject = try await driver.send("/sessions/\(session)/message", raw: "[1, 2]")
            #expect(notObject.status == 400 || notObject.status == 422, "\(notObject.text)")

            let missing = try await driver.send("/fastags/assign/user_mobile", ["session_id": .string(session)])
            #expect(missing.status == 422, "\(missing.text)")
            #expect(missing.message.contains("'user_mobile'"), "\(missing.message)")
            let noSession = try await driver.send("/fastags/assign/user_mobile", ["user_mobile": "9123456780"])
            #expect(noSession.status == 422 && noSession.message.contains("'session_id'"), "\(noSession.text)")
            let twoInputs = try await driver.send("/sessions/\(session)/message", ["text": "a", "option_id": "b"])
            #expect(twoInputs.status == 422, "\(twoInputs.text)")

            // A refusal the agent can fix: HTTP 200, status error, same step.
            let malformed = try await driver.refused(
                "/fastags/assign/user_mobile", ["session_id": .string(session), "user_mobile": "12345"],
                step: "user_mobile")
            #expect(malformed.message.hasSuffix(Copy.askCustomerMobile), "\(malformed.message)")

            // None of this moved the session.
            let stored = try await server.fetch("/sessions/\(session)")
            #expect(stored["state"] == "user_mobile" && stored["status"] == "open")
            #expect(stored["data"]?["engine_number"] == "K4321")
            try await driver.run(Self.moves[2...3], session: session)
        }
    }

    @Test func aRefusalInAMultiFieldBodyLeavesTheSessionWhereItWas() async throws {
        try await SandboxBed.run { bed in
            let (server, driver) = (bed.server, bed.driver)
            let session = try await bed.login()
            let moves = Self.moves
            try await driver.run(moves[..<4], session: session)

            // The date of birth is refused: the names sent with it are not kept either, so the
            // corrected body goes to the same endpoint.
            let info: JSONValue = [
                "session_id": .string(session), "first_name": "Asha", "last_name": "Patil", "dob": "31-02-1990",
            ]
            let refused = try await driver.refused("/fastags/assign/user_info", info, step: "first_name")
            #expect(refused.message.hasSuffix(Copy.askFirstName), "\(refused.message)")
            let stored = try await server.fetch("/sessions/\(session)")
            #expect(stored["state"] == "first_name" && stored["data"]?["first_name"] == nil, "\(stored)")
            try await driver.run(moves[4...4], session: session)

            // The same for the ID proof: a bad expiry date after a good type and number.
            let proof: JSONValue = [
                "session_id": .string(session), "id_type": "Passport", "id_number": "K1234567", "expiry": "01-01-2001",
            ]
            let expired = try await driver.refused("/fastags/assign/id_proof", proof, step: "id_type")
            #expect(expired.options == Copy.idOptions.titles)
            #expect(try await server.fetch("/sessions/\(session)")["data"]?["id_type"] == nil)
            try await driver.run(moves[5...6], session: session)
        }
    }
}

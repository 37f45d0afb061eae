import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// Step API bodies the document allows are taken, and a session the request cannot use is
/// a 404 or 409 at every endpoint (issue 9, item 9: found by schemathesis).
extension StepAPITests {
    @Test func aFirstStepForAnUnknownOrClosedSessionIs404Or409NotA500() async throws {
        try await SandboxBed.run { bed in
            let (server, driver) = (bed.server, bed.driver)
            let unknown = UUID().uuidString.lowercased()
            for flow in ["assign", "replace"] {
                let answer = try await driver.send(
                    "/fastags/\(flow)/vehicle_number", ["session_id": .string(unknown), "vehicle_number": "MH12AB1234"])
                #expect(answer.status == 404 && answer.body["status"] == "error", "\(answer.text)")
            }
            let first = try await bed.login()
            _ = try await bed.login()  // closes the first login
            let closed = try await driver.send(
                "/fastags/assign/vehicle_number", ["session_id": .string(first), "vehicle_number": "MH12AB1234"])
            #expect(closed.status == 409, "\(closed.text)")
            #expect(closed.step == "cancelled", "\(closed.text)")
            #expect(try await server.fetch("/sessions/\(first)")["status"] == "cancelled")
        }
    }

    @Test func resendTakesAnOTPAlongAndSkipTakesAPhotoAlong() async throws {
        try await SandboxBed.run { bed in
            let (server, driver) = (bed.server, bed.driver)
            let session = try await bed.login()
            try await driver.run(AssignScript.sandbox().endpointMoves().prefix(3), session: session)
            // Both fields together: the document allows it (resend wins), so the server takes it.
            let resent = try await driver.send(
                "/fastags/assign/user_otp", ["session_id": .string(session), "otp": "123456", "resend": true])
            #expect(resent.status == 200 && resent.step == "user_otp", "\(resent.text)")
            #expect(try await server.fetch("/sessions/\(session)")["state"] == "user_otp")
        }
    }

    @Test func verifyOTPNeedsAUUIDOrNoSessionID() async throws {
        try await SandboxBed.run { bed in
            let (server, driver) = (bed.server, bed.driver)
            for id: JSONValue in [nil, "not-a-session", 42] {
                let answer = try await driver.send(
                    "/agents/verify_otp", ["mobile_number": "9876543210", "otp": "1234", "session_id": id])
                #expect(answer.status == 422 && answer.message.contains("'session_id'"), "\(answer.text)")
            }
            #expect(try await server.fetch("/sessions/")["total"] == 0)
        }
    }
}

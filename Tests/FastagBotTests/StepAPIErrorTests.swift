import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// The first question of a flow (`vehicle_number`) looked the session up before the usual
/// error handling: an unknown or closed session was a 500 there, and a 404 or 409 elsewhere.
@Suite(.onBothBackends) struct StepAPIErrorTests {
    static let token = "step-api-error-token-0123456789"

    @Test func anUnknownOrClosedSessionAtTheFirstQuestionIsA404OrA409() async throws {
        try await withServer({ $0.stepAPIToken = Self.token }) { server in
            let driver = StepDriver(server: server, token: Self.token)
            for flow in ["assign", "replace"] {
                let path = "/fastags/\(flow)/vehicle_number"
                let unknown = try await driver.send(
                    path, ["session_id": "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c", "vehicle_number": "MH12AB1234"])
                #expect(unknown.status == 404, "\(unknown.text)")
                #expect(unknown.message.contains("not found"), "\(unknown.text)")

                let session = try await server.session(["channel": "api", "flow": "menu", "state": "menu"])
                _ = try await server.json(200, "POST", "/sessions/\(session.id)/complete")
                let closed = try await driver.send(
                    path, ["session_id": .string(session.id), "vehicle_number": "MH12AB1234"])
                #expect(closed.status == 409, "\(closed.text)")
                #expect(closed.step == "completed", "\(closed.text)")
            }
        }
    }
}

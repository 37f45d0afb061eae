import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// A chat's session belongs to its chat: the step API, which holds only a session id, cannot
/// answer for an agent logged in on WhatsApp or Interakt (403), and the session stays as the
/// chat left it.
@Suite(.onBothBackends) struct SessionChannelTests {
    static let token = "session-channel-step-token-0123456789"

    @Test(arguments: ["whatsapp", "interakt"])
    func theStepAPICannotDriveAChatSession(channel: String) async throws {
        try await ChatBed.run({ $0.stepAPIToken = Self.token }) { bed in
            let chat = channel == "whatsapp" ? bed.whatsApp("919876543210") : bed.interakt("919876543210")
            try await chat.say(.text("Hi"), [.text(Copy.askAgentMobile)])
            try await chat.say(.text("98765 43210"), [.text(Copy.agentOTPSent)])
            let otp = try #require(bed.agentOTP, "no agent OTP in the log")
            try await chat.say(.text(otp), Outgoing.demoMenu())

            let open = try await bed.server.fetch("/sessions/?status=open")["items"]?.arrayValue ?? []
            let stored = try #require(open.first { $0["channel"] == .string(channel) }, "\(open)")
            #expect(stored["state"] == "menu")
            let id = stored.id
            let driver = StepDriver(server: bed.server, token: Self.token)
            let attempts: [(String, JSONValue)] = [
                ("/sessions/\(id)/message", ["option_id": "menu_assign"]),
                ("/sessions/\(id)/message", ["text": "logout"]),
                ("/fastags/assign/vehicle_number", ["session_id": .string(id), "vehicle_number": "MH12AB1234"]),
                ("/fastags/replace/vehicle_number", ["session_id": .string(id), "vehicle_number": "MH12AB1234"]),
                (
                    "/agents/verify_otp",
                    ["mobile_number": "9876543210", "otp": .string(otp), "session_id": .string(id)]
                ),
            ]
            let name = channel == "whatsapp" ? "WhatsApp" : "Interakt"
            for (path, body) in attempts {
                let answer = try await driver.send(path, body)
                #expect(answer.status == 403, "\(path): \(answer.text)")
                #expect(answer.body["status"] == "error", "\(path): \(answer.text)")
                #expect(answer.message.contains("belongs to a \(name) chat"), "\(path): \(answer.text)")
            }
            #expect(try await bed.server.fetch("/sessions/\(id)") == stored)
            #expect(try await bed.server.fetch("/vehicles/")["total"] == 0)

            // The chat itself still answers its session.
            try await chat.choose("Assign a FASTag", [.text(Copy.askVehicleNumber)])
        }
    }

    /// A session opened for the step API is still driven by it, by id.
    @Test func theStepAPIStillDrivesItsOwnSessions() async throws {
        try await withServer({ $0.stepAPIToken = Self.token }) { server in
            let session = try await server.session(["channel": "api"])
            let driver = StepDriver(server: server, token: Self.token)
            // A 200 refusal of a bad mobile number: the answer of the session's own step.
            try await driver.refused("/sessions/\(session.id)/message", ["text": "not a number"], step: "agent_mobile")
        }
    }
}

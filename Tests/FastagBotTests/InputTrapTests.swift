import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// Inputs that reached a trap (`!`, overflow) and so killed the whole server; each now gets
/// a clear answer and leaves what is stored as it was.
@Suite(.onBothBackends) struct InputTrapTests {
    static let token = "input-trap-step-token-0123456789"

    /// An operator may edit a session's data (`PUT /sessions/{id}`), the time an OTP was sent
    /// included; "resend" then subtracted it from now with a plain `-`.
    @Test(arguments: [
        ("assign", "user_otp", "customer_otp.sent_at"), ("replace", "replace_otp", "confirm.sent_at"),
    ])
    func resendAfterAnEditedSendTimeIsAnswered(flow: String, step: String, key: String) async throws {
        try await withServer({ $0.stepAPIToken = Self.token }) { server in
            let driver = StepDriver(server: server, token: Self.token)
            for sentAt in [Int64.min, Int64.max] {
                let session = try await server.session([
                    "channel": "api", "flow": .string(flow), "state": .string(step),
                    "data": .object([key: .int(sentAt)]),
                ])
                let answer = try await driver.send("/sessions/\(session.id)/message", ["text": "resend"])
                #expect(answer.status == 200, "\(sentAt): \(answer.text)")
                #expect(answer.body["status"] == "error", "\(sentAt): \(answer.text)")
                let stored = try await server.fetch("/sessions/\(session.id)")
                #expect(stored["data"]?[key] == .int(sentAt))
                #expect(stored["state"] == .string(step))
            }
        }
    }

    /// An operator may move a session to a step (`PUT /sessions/{id}/state`) whose list of
    /// options was never fetched; a number typed there was checked against `1...count`,
    /// which traps when the list is empty.
    @Test func aNumberAtAStepWithoutOptionsIsAnswered() async throws {
        try await withServer({ $0.stepAPIToken = Self.token }) { server in
            let driver = StepDriver(server: server, token: Self.token)
            for (flow, step) in [
                ("assign", "plan"), ("assign", "vehicle_maker"), ("assign", "barcode"), ("replace", "barcode"),
            ] {
                let session = try await server.session(["channel": "api", "flow": .string(flow)])
                _ = try await server.put("/sessions/\(session.id)/state", ["state": .string(step)])
                let before = try await server.fetch("/sessions/\(session.id)")
                for text in ["1", "0", "-9223372036854775808", "9223372036854775807"] {
                    let answer = try await driver.refused(
                        "/sessions/\(session.id)/message", ["text": .string(text)], step: step)
                    #expect(answer.message.contains("option"), "\(flow) \(step) \(text): \(answer.text)")
                }
                let after = try await server.fetch("/sessions/\(session.id)")
                #expect(after["data"] == before["data"] && after["state"] == before["state"])
            }
        }
    }

    /// A URL setting that `URL(string:)` cannot read was accepted, and the first message sent
    /// with it trapped on a force unwrap; such a URL is now refused at start.
    @Test func unreadableURLSettingsAreRefusedAtStart() throws {
        let directory = NSTemporaryDirectory() + "settings-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for key in ["WHATSAPP_API_URL", "INTERAKT_API_URL", "SMS_URL", "SHAURYAPAY_BASE_URL"] {
            for value in ["http://graph.example:port/v21.0", "https://[::1/x", "http:///path"] {
                do {
                    _ = try SettingsLoader.load(environment: [key: value], arguments: [], workingDirectory: directory)
                    Issue.record("\(key)=\(value) was accepted")
                } catch {
                    #expect(error.description.contains("\(key): '\(value)'"), "\(error.description)")
                }
            }
        }
        let loaded = try SettingsLoader.load(
            environment: ["WHATSAPP_API_URL": "http://127.0.0.1:8080/v21.0/"], arguments: [],
            workingDirectory: directory)
        #expect(loaded.settings.whatsappAPIURL == "http://127.0.0.1:8080/v21.0")
    }
}

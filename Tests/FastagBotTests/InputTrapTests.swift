import FastagBot
import Foundation
import Testing

/// Inputs that reached a trap (`!`, overflow) and so killed the whole server; each now gets
/// a clear answer and leaves what is stored as it was.
@Suite struct InputTrapTests {
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

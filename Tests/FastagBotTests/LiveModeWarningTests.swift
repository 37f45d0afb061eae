import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// Live mode with the SMS gateway over plain http:// sends the SMS password and each agent
/// OTP unencrypted: the start says so in the log (never the password itself).
@Suite(.onBothBackends) struct LiveModeWarningTests {
    static let warning = "SMS_URL is plain http://"

    @Test func plainHTTPSMSURLIsWarnedAboutWithoutThePassword() async throws {
        try await LiveBed.run { live in
            let lines = live.server.logs.lines
            let warnings = lines.filter { $0.contains(Self.warning) }
            #expect(warnings.count == 1, "\(lines)")
            #expect(warnings.first?.contains(" WARNING ") == true, "\(warnings)")
            #expect(warnings.first?.contains("sms_host=127.0.0.1") == true, "\(warnings)")
            // A login sends an SMS with the password; it reaches no log line either.
            _ = try await live.login()
            #expect(live.sms.sent.count == 1)
            let log = live.server.logs.lines.joined(separator: "\n")
            for secret in [LiveBed.smsPassword, "p%40ss", "p@ss"] {
                #expect(!log.contains(secret), "the SMS password is in the log")
            }
        }
    }

    @Test func httpsSMSURLAndTheSandboxStartQuietly() async throws {
        for live in [true, false] {
            try await withServer(over: .loopback) { settings in
                settings.smsURL =
                    live ? "https://bhashsms.example/api/sendmsg.php" : "http://bhashsms.com/api/sendmsg.php"
                guard live else { return }
                settings.shauryapayMode = .live
                settings.shauryapayBaseURL = "https://shauryapay.example/"
                settings.smsUser = "user"
                settings.smsPassword = "secret-password"
                settings.smsSender = "SHRYPY"
                settings.secretKey = "live-secret-key-0123456789abcdef"
                settings.stepAPIToken = "live-step-token-0123456789"
            } _: { server in
                #expect(server.app.settings.shauryapayMode == (live ? .live : .sandbox))
                #expect(!server.logs.lines.contains { $0.contains(Self.warning) }, "\(server.logs.lines)")
            }
        }
    }
}

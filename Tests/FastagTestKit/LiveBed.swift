import FastagBot
import TestKit
import Testing

/// The bot in live mode, started on a loopback port, against the fake Shauryapay and a fake
/// bhashsms, with one registered agent and a step driver.
package struct LiveBed: Sendable {
    package static let token = "live-step-token-0123456789"
    package static let agentMobile = "9988776655"
    package static let agentName = "Ravi Kumar"
    package static let smsPassword = "p@ss+w rd&1"

    package let server: TestServer
    package let driver: StepDriver
    package let fake: FakeShauryapay
    package let sms: FakeBhashSMS
    package let agentID: Int64

    /// Runs `body` against a live-mode server whose provider deadline is `timeout`, and
    /// expects no breach of Shauryapay's contract. The deadline is roomy: calls that are not
    /// scripted to fail must never run past it, however busy the machine.
    package static func run(timeout: Duration = .seconds(10), _ body: (LiveBed) async throws -> Void) async throws {
        let fake = try FakeShauryapay()
        let sms = try FakeBhashSMS()
        let server = try TestServer(over: .loopback) { settings in
            settings.shauryapayMode = .live
            settings.shauryapayBaseURL = fake.baseURL
            settings.shauryapayTimeout = timeout
            settings.smsURL = sms.url
            settings.smsUser = "fastag-user"
            settings.smsPassword = smsPassword
            settings.smsSender = "SHRYPY"
            settings.secretKey = "live-secret-key-0123456789abcdef"
            settings.stepAPIToken = token
        }
        #expect(server.app.settings.liveModeProblems.isEmpty, "\(server.app.settings.liveModeProblems)")
        try await tryFinally {
            let agent = try await server.post(
                "/agents/",
                [
                    "first_name": "Ravi", "last_name": "Kumar", "mobile": .string(agentMobile),
                    "shauryapay_agent_id": .string(FakeShauryapay.agentID),
                ])
            let bed = LiveBed(
                server: server, driver: StepDriver(server: server, token: token), fake: fake, sms: sms,
                agentID: try #require(agent["id"]?.intValue))
            try await body(bed)
            #expect(fake.problems.isEmpty, "Shauryapay contract problems: \(fake.problems)")
        } finally: {
            await server.stop()
            await fake.stop()
            await sms.stop()
        }
    }

    /// Logs the agent in with the OTP the fake bhashsms received; returns the menu's session.
    package func login(
        wallet: String = "₹5,000", fastags: Int = 4, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let before = sms.sent.count
        let menu = try await driver.login(
            mobile: Self.agentMobile,
            otp: {
                let messages = sms.sent
                try #require(
                    messages.count == before + 1, "one SMS per login, got \(messages.count - before)",
                    sourceLocation: sourceLocation)
                return try #require(
                    messages.last?.otp, "no OTP in \(messages.last?.text ?? "nothing")", sourceLocation: sourceLocation)
            },
            menu: Copy.menu(Self.agentName, wallet: wallet, fastags: fastags), sourceLocation: sourceLocation)
        return try #require(menu.sessionID, sourceLocation: sourceLocation)
    }

    /// Runs moves one at a time, checking the provider calls each one made (`calls`, in
    /// step with `moves`).
    @discardableResult
    package func run(
        _ moves: some Collection<StepMove>, calls: some Collection<[String]>, session: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> StepDriver.Answer? {
        var last: StepDriver.Answer?
        for (move, expected) in zip(moves, calls) {
            fake.clearRequests()
            last = try await driver.run([move], session: session, sourceLocation: sourceLocation)
            #expect(
                fake.calls.sorted() == expected.sorted(), "\(move.path) \(move.body.keys.sorted())",
                sourceLocation: sourceLocation)
        }
        return last
    }
}

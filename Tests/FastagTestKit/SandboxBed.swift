import FastagBot
import TestKit
import Testing

/// The sandbox with a step-API token: a server reached in-process (the step API needs no
/// port), a step driver for it, and the demo agent's login.
package struct SandboxBed: Sendable {
    package static let token = "step-api-test-token-0123456789"

    package let server: TestServer
    package let driver: StepDriver

    /// A bed over a server made elsewhere (one on a clock of the test's, say).
    package init(server: TestServer, driver: StepDriver) {
        self.server = server
        self.driver = driver
    }

    /// Runs `body` against a fresh sandbox and stops it afterwards, whether `body` threw or not.
    package static func run(_ body: (SandboxBed) async throws -> Void) async throws {
        let server = try TestServer { $0.stepAPIToken = token }
        try await tryFinally {
            try await body(SandboxBed(server: server, driver: StepDriver(server: server, token: token)))
        } finally: {
            await server.stop()
        }
    }

    /// Logs the demo agent in, reading the OTP the sandbox wrote to the log; returns the
    /// menu's session.
    package func login(
        wallet: String = SandboxCatalog.wallet, fastags: Int = SandboxCatalog.fastags,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let menu = try await driver.login(
            mobile: SandboxCatalog.demoMobile,
            otp: {
                try #require(
                    SandboxCatalog.agentOTP(in: server.logs.lines.joined()), "no OTP in the log",
                    sourceLocation: sourceLocation)
            },
            menu: SandboxCatalog.menu(wallet: wallet, fastags: fastags), sourceLocation: sourceLocation)
        #expect(menu.body["data"]?["agent_name"] == .string(SandboxCatalog.demoName), sourceLocation: sourceLocation)
        #expect(menu.body["data"]?["wallet_balance"] == .string(wallet), sourceLocation: sourceLocation)
        #expect(menu.body["data"]?["fastags_left"] == .int(Int64(fastags)), sourceLocation: sourceLocation)
        return try #require(menu.sessionID, sourceLocation: sourceLocation)
    }
}

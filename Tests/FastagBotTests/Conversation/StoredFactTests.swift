import FastagTestKit
import Testing

@testable import FastagBot

/// Facts kept over the product's storage: a failure after them saves the session as far as
/// the provider got, in the same commit as the reply.
@Suite("Engine: facts over storage", .onBothBackends)
struct StoredFactTests {
    @Test func aFailedUploadAfterTheWalletIsSavedAndTheRetryResumes() async throws {
        let bot = try await StoredEngine()
        let session = try await CustomerOTPLimitTests.loggedIn(bot)
        try await bot.assign(until: "confirm", in: session)
        for text in ["No", "Phone no", "9000000001"] { _ = try await bot.say(text, in: session) }
        bot.provider.clearCalls()
        bot.provider.fail("uploadDocument", with: .unavailable("timeout"))
        let failed = try await bot.say("123456", in: session)
        #expect(failed.isRefusal && failed.step == "user_otp")

        let kept = try #require(try await bot.storage.sessions.get(session))
        #expect(kept.state == "user_otp" && kept.status == .open)
        #expect(kept.data["user_otp"] == .string("verified") && kept.data["wallet"] != nil)
        #expect(kept.data["upload_rc_front"] == nil)
        #expect(kept.providerSessionID == "SES-2")

        let retry = try await bot.say("Retry", in: session)
        #expect(retry.step == "confirm", "\(retry.text)")
        #expect(
            bot.provider.calls.map(\.name).filter { $0 != "uploadDocument" } == [
                "validateCustomerOTP", "createWallet", "setVehicleDetails",
            ])
        #expect(bot.provider.calls("uploadDocument").count == 6)
        #expect(bot.provider.calls("uploadDocument").allSatisfy { $0.arguments["session"] == "SES-2" })
        #expect(try await bot.say("Yes", in: session).step == "menu")
    }
}

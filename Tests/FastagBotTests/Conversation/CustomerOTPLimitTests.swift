import FastagTestKit
import Testing

@testable import FastagBot

/// The customer's OTP (checked by the provider) in the assign and replace flows: wrong codes
/// are counted in our database per customer mobile and vehicle; after five, no code reaches
/// the provider until Resend (still at most every 30 s) sends a new OTP.
@Suite("Customer OTP limits", .onBothBackends)
struct CustomerOTPLimitTests {
    static let usedUp = "Too many wrong OTPs. Reply Resend to send the customer a new OTP."
    static let invalid = "Invalid OTP. Please check and try again."
    static let askOTP = Copy.askCustomerOTP("9123456789")

    /// A logged-in session of a `StoredEngine`, at the menu.
    static func loggedIn(_ bot: StoredEngine) async throws -> String {
        let session = try await bot.sessionAtOTP()
        try #require(try await bot.say(try #require(bot.sms.lastCode), in: session).step == "menu")
        return session
    }

    /// Answers in order; each must be accepted. Returns the last reply.
    static func answer(_ bot: StoredEngine, _ texts: [String], in session: String) async throws -> Reply {
        var reply: Reply?
        for text in texts {
            let next = try await bot.say(text, in: session)
            try #require(!next.isRefusal, "\(text): \(next.text)")
            reply = next
        }
        return try #require(reply)
    }

    /// Five wrong codes, then a right one that is not even sent to the provider.
    static func useUp(_ bot: StoredEngine, _ session: String, step: String, check: String) async throws {
        for attempt in 1...4 {
            let reply = try await bot.say("65432\(attempt)", in: session)
            #expect(reply.isRefusal && reply.step == step && reply.text == Self.invalid + "\n\n" + Self.askOTP)
        }
        let fifth = try await bot.say("654325", in: session)
        #expect(fifth.isRefusal && fifth.step == step && fifth.text == Self.usedUp + "\n\n" + Self.askOTP)
        let right = try await bot.say("123456", in: session)
        #expect(right.isRefusal && right.step == step && right.text == Self.usedUp + "\n\n" + Self.askOTP)
        #expect(bot.provider.calls(check).count == 5)
    }

    @Test func assignRefusesCodesAfterFiveWrongOnesUntilResend() async throws {
        let bot = try await StoredEngine()
        let session = try await Self.loggedIn(bot)
        let atOTP = try await bot.assign(until: "user_otp", in: session)
        #expect(atOTP.step == "user_otp")
        // A provider that does not answer is no wrong code.
        bot.provider.fail("validateCustomerOTP", with: .unavailable("timeout"))
        #expect(try await bot.say("123456", in: session).text.hasPrefix("Shauryapay did not answer, try again."))
        let subject = OTPSubject.customer(flow: .assign, mobile: "9123456789", vehicle: "MH12AB1234")
        #expect(try await bot.tries(subject) == (0, nil))
        bot.provider.clearCalls()

        try await Self.useUp(bot, session, step: "user_otp", check: "validateCustomerOTP")
        #expect(try await bot.tries(subject) == (5, nil))
        // Resend keeps its throttle, then brings an OTP that is checked.
        let early = try await bot.say("Resend", in: session)
        #expect(early.isRefusal && early.text.hasPrefix("Please wait "))
        bot.time.advance(seconds: 30)
        let resent = try await bot.say("Resend", in: session)
        #expect(!resent.isRefusal && resent.messages.map(\.text) == ["A new OTP has been sent.", Self.askOTP])
        #expect(try await bot.tries(subject) == (0, nil))
        #expect(try await bot.say("123456", in: session).step == "first_name")
        #expect(try await bot.tries(subject) == (0, nil))
    }

    @Test func replaceRefusesCodesAfterFiveWrongOnesUntilResend() async throws {
        let bot = try await StoredEngine()
        let session = try await Self.loggedIn(bot)
        let atOTP = try await Self.answer(
            bot, ["2", "MH12AB1234", "9123456789", "2345", "1", "1", "Yes"], in: session)
        #expect(atOTP.step == "replace_otp")
        bot.provider.clearCalls()
        try await Self.useUp(bot, session, step: "replace_otp", check: "validateReplacementOTP")
        bot.time.advance(seconds: 30)
        #expect(!(try await bot.say("resend", in: session).isRefusal))
        let done = try await bot.say("123456", in: session)
        #expect(done.text.hasPrefix("🎉 Success! Your FASTag has been Replaced ✅"), "\(done.text)")
    }

    /// Going back and entering the mobile again asks the provider for a new OTP: that is a
    /// resend too, throttled the same way, so it cannot buy five more tries at once.
    @Test func goingBackToTheMobileDoesNotBypassTheResendThrottle() async throws {
        let bot = try await StoredEngine()
        let session = try await Self.loggedIn(bot)
        try await bot.assign(until: "user_otp", in: session)
        bot.provider.clearCalls()
        try await Self.useUp(bot, session, step: "user_otp", check: "validateCustomerOTP")
        #expect(try await bot.say("back", in: session).step == "user_mobile")
        let again = try await bot.say("9123456789", in: session)
        #expect(again.isRefusal && again.text.hasPrefix("Please wait "), "\(again.text)")
        #expect(bot.provider.calls("sendCustomerOTP").isEmpty)
        bot.time.advance(seconds: 30)
        let later = try await bot.say("9123456789", in: session)
        #expect(!later.isRefusal && later.step == "user_otp", "\(later.text)")
        #expect(bot.provider.calls("sendCustomerOTP").count == 1)
    }
}

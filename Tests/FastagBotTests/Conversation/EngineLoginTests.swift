import FastagTestKit
import Testing

@testable import FastagBot

/// Logging in, through the engine with an in-memory store and a scripted provider: the
/// agent's mobile, the OTP (wrong, expired, resent, locked). The menu and the sessions'
/// lifetimes are in `EngineSessionTests`.
@Suite("Engine: login")
struct EngineLoginTests {
    static let menuText = Copy.menu("Ravi Kumar", wallet: "₹1,250.50", fastags: 7)
    static let askMobile = Copy.askAgentMobile
    static let askOTP = Copy.agentOTPSent

    /// An OTP that is not `code`.
    static func wrong(_ code: String) -> String { code == "1111" ? "2222" : "1111" }

    @Test func newChatStartsAtTheLogin() async throws {
        let chat = try await EngineHarness()
        let session = try await chat.stored()
        #expect(session.flow == "login" && session.state == "agent_mobile" && session.status == .open)
        let prompt = try await chat.engine.prompt(sessionID: chat.sessionID)
        #expect(prompt.text == Self.askMobile)
        #expect(prompt.step == "agent_mobile" && !prompt.isRefusal)
        // The same chat gets the same open session.
        let again = try await chat.engine.session(channel: .whatsapp, chatID: chat.chatID)
        #expect(again.session.id == chat.sessionID && !again.created)
    }

    @Test func wholeLogin() async throws {
        let chat = try await EngineHarness()
        let first = try await chat.say("+91 98765 43210")
        #expect(first.text == Self.askOTP)
        #expect(first.step == "agent_otp" && first.flow == "login" && !first.isRefusal)
        #expect(chat.sms.mobiles == ["9876543210"])
        let code = try #require(chat.sms.lastCode)
        #expect(code.count == 4 && code.allSatisfy(\.isNumber))
        // Only the hash is kept.
        let otp = try #require(try await chat.store.agentOTP(agentID: 1))
        #expect(otp.hash != code && otp.attempts == 0)
        #expect(otp.expiresAt == chat.time.nowMilliseconds() + 300_000)

        let menu = try await chat.say(code)
        #expect(menu.messages == [BotMessage(Self.menuText, options: Copy.menuOptions)])
        #expect(menu.flow == "menu" && menu.step == "menu")
        #expect(menu.sessionID == first.sessionID)
        #expect(menu.data["agent_name"] == .string("Ravi Kumar"))
        #expect(menu.data["wallet_balance"] == .string("₹1,250.50"))
        #expect(menu.data["wallet_balance_paise"] == .int(125_050))
        #expect(menu.data["fastags_left"] == .int(7))
        let session = try await chat.stored()
        #expect(session.agentID == 1 && session.authenticatedAt == chat.time.nowMilliseconds())
        #expect(try await chat.store.agentOTP(agentID: 1) == nil)
        // The provider's figures are kept on the agent.
        let agent = try #require(try await chat.store.agent(id: 1))
        #expect(agent.walletBalancePaise == 125_050 && agent.fastagsLeft == 7)
    }

    @Test func refusedMobiles() async throws {
        let chat = try await EngineHarness(otherAgents: [
            .engineTest(id: 2, firstName: "Old", mobile: "9000000002", status: .inactive)
        ])
        let notRegistered = "This number is not registered as a FASTag agent."
        for mobile in ["9000000001", "9000000002"] {
            let reply = try await chat.say(mobile)
            #expect(reply.isRefusal && reply.step == "agent_mobile")
            #expect(reply.messages == [BotMessage(notRegistered + "\n\n" + Self.askMobile)])
        }
        let malformed = try await chat.say("5876543210")
        #expect(
            malformed.text == "Please send a 10-digit mobile number starting with 6, 7, 8 or 9.\n\n" + Self.askMobile)
        let photo = try await chat.photo()
        #expect(photo.text == "Please type your mobile number.\n\n" + Self.askMobile)
        #expect(chat.sms.codes.isEmpty)
        #expect(try await chat.stored().data.isEmpty)
    }

    @Test func smsFailureKeepsTheMobileQuestion() async throws {
        let chat = try await EngineHarness()
        chat.sms.failNextSend()
        let reply = try await chat.say(EngineHarness.agentMobile)
        #expect(reply.isRefusal && reply.step == "agent_mobile")
        #expect(
            reply.text == "We could not send the OTP by SMS right now. Please try again in a minute.\n\n"
                + Self.askMobile)
        #expect(try await chat.say(EngineHarness.agentMobile).step == "agent_otp")
    }

    @Test func wrongOTPs() async throws {
        let chat = try await EngineHarness()
        try await chat.say(EngineHarness.agentMobile)
        let code = try #require(chat.sms.lastCode)
        let malformed = try await chat.say("12345")
        #expect(malformed.isRefusal && malformed.text == "Please type the 4-digit OTP.\n\n" + Self.askOTP)
        for attempt in 1...4 {
            let reply = try await chat.say(Self.wrong(code))
            #expect(reply.isRefusal && reply.step == "agent_otp")
            #expect(reply.text == "That OTP is not correct.\n\n" + Self.askOTP)
            #expect(await chat.store.otpAttempts(.agentLogin(mobile: EngineHarness.agentMobile)) == attempt)
        }
        // The right code still works after 4 wrong ones, and clears the count.
        let menu = try await chat.say(code)
        #expect(menu.step == "menu" && menu.text == Self.menuText)
        #expect(await chat.store.otpAttempts(.agentLogin(mobile: EngineHarness.agentMobile)) == 0)
    }

    @Test func fiveWrongOTPsLockTheMobileForFifteenMinutes() async throws {
        let chat = try await EngineHarness()
        try await chat.say(EngineHarness.agentMobile)
        let code = try #require(chat.sms.lastCode)
        for _ in 1...4 { try await chat.say(Self.wrong(code)) }
        let fifth = try await chat.say(Self.wrong(code))
        #expect(fifth.step == "agent_mobile" && fifth.flow == "login")
        // 21-09-2026 19:43:20 in India, plus 15 minutes, rounded up to the minute.
        let locked = "Too many wrong OTPs. You can log in again after 19:59."
        #expect(fifth.messages.map(\.text) == [locked, Self.askMobile])
        #expect(try await chat.store.agentOTP(agentID: 1) == nil)
        #expect(try await chat.stored().data.isEmpty)
        // The voided code is now just a malformed mobile number.
        let late = try await chat.say(code)
        #expect(late.isRefusal && late.step == "agent_mobile")
        // Starting over waits for the lock's end.
        chat.time.advance(seconds: 15 * 60 - 1)
        let early = try await chat.say(EngineHarness.agentMobile)
        #expect(early.isRefusal && early.text == locked + "\n\n" + Self.askMobile)
        #expect(chat.sms.codes.count == 1)
        chat.time.advance(seconds: 1)
        try await chat.say(EngineHarness.agentMobile)
        #expect(chat.sms.codes.count == 2)
        #expect(try await chat.say(try #require(chat.sms.lastCode)).step == "menu")
    }

    @Test func retryTimesAreIndiaClockTimesRoundedUp() {
        // 1_790_000_000 s is 19:43:20 in India.
        let base: Int64 = 1_790_000_000_000
        #expect(Messages.indiaClock(base) == "19:44")
        #expect(Messages.indiaClock(base - 20_000) == "19:43")
        #expect(Messages.indiaClock(base - 19_999) == "19:44")
        // Past midnight in India (18:30 UTC).
        #expect(Messages.indiaClock(base + (4 * 3600 + 17 * 60) * 1000) == "00:01")
        #expect(Messages.indiaClock(base + (4 * 3600 + 26 * 60 + 40) * 1000) == "00:10")
    }

    @Test func otpExpiresAfterFiveMinutes() async throws {
        let chat = try await EngineHarness()
        try await chat.say(EngineHarness.agentMobile)
        let code = try #require(chat.sms.lastCode)
        chat.time.advance(seconds: 299)
        #expect(try await chat.say(Self.wrong(code)).isRefusal)
        chat.time.advance(seconds: 1)
        let expired = try await chat.say(code)
        #expect(expired.step == "agent_mobile")
        #expect(
            expired.messages.map(\.text) == [
                "That OTP has expired. A new one comes with your mobile number.", Self.askMobile,
            ])
        #expect(try await chat.store.agentOTP(agentID: 1) == nil)
    }

    @Test func otpWithinFiveMinutes() async throws {
        let chat = try await EngineHarness()
        try await chat.say(EngineHarness.agentMobile)
        chat.time.advance(seconds: 299)
        #expect(try await chat.say(try #require(chat.sms.lastCode)).step == "menu")
    }

    @Test func resendIsThrottled() async throws {
        let chat = try await EngineHarness()
        try await chat.say(EngineHarness.agentMobile)
        let first = try #require(chat.sms.lastCode)
        chat.time.advance(seconds: 10)
        let early = try await chat.say("Resend")
        #expect(early.isRefusal && early.step == "agent_otp")
        #expect(early.text == "Please wait 20 seconds before asking for a new OTP.\n\n" + Self.askOTP)
        chat.time.advance(seconds: 19.5)
        #expect(try await chat.say("resend").text.hasPrefix("Please wait 1 second before"))
        #expect(chat.sms.codes.count == 1)
        chat.time.advance(seconds: 0.5)
        let resent = try await chat.say(" RESEND ")
        #expect(!resent.isRefusal && resent.step == "agent_otp")
        #expect(resent.messages.map(\.text) == ["A new OTP has been sent.", Self.askOTP])
        #expect(chat.sms.codes.count == 2)
        let second = try #require(chat.sms.lastCode)
        // The new OTP has its own five minutes and only it works.
        let otp = try #require(try await chat.store.agentOTP(agentID: 1))
        #expect(otp.expiresAt == chat.time.nowMilliseconds() + 300_000 && otp.attempts == 0)
        if first != second {
            #expect(try await chat.say(first).isRefusal)
        }
        #expect(try await chat.say(second).step == "menu")
    }

    @Test func resendOnlyAtAnOTPStep() async throws {
        let chat = try await EngineHarness()
        let reply = try await chat.say("resend")
        #expect(reply.isRefusal)
        #expect(reply.text == "Resend works only when you are asked for an OTP.\n\n" + Self.askMobile)
        try await chat.login()
        let menu = try await chat.say("Resend")
        #expect(menu.isRefusal && menu.text == "Resend works only when you are asked for an OTP.\n\n" + Self.menuText)
    }
}

import Testing

@testable import FastagBot

/// Login, menu, session lifetimes and the global words outside the flows, through the
/// engine with an in-memory store and a scripted provider.
@Suite("Engine: login, menu, sessions")
struct EngineLoginTests {
    static let menuText = "Hi Ravi Kumar 👋,\n💼Your Wallet Balance: ₹1,250.50, 🏷️ FASTags Left: 7"
    static let askMobile = "Please enter your registered mobile number to continue."
    static let askOTP = "OTP sent to your mobile. Please enter the 4-digit OTP."

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
        #expect(menu.messages == [BotMessage(Self.menuText, options: Messages.menuOptions)])
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

    @Test func globalWordsBeforeLogin() async throws {
        let chat = try await EngineHarness()
        let help = try await chat.say("help")
        #expect(
            !help.isRefusal && help.text == Self.askMobile + "\n(Your 10-digit mobile number, as registered with us.)")
        #expect(try await chat.say("back").text == "This is the first question.\n\n" + Self.askMobile)
        let menu = try await chat.say("menu")
        #expect(menu.text == Self.askMobile && menu.sessionID == chat.sessionID && menu.flow == "login")
        try await chat.say(EngineHarness.agentMobile)
        let otpHelp = try await chat.say("Help")
        #expect(otpHelp.text == Self.askOTP + "\n(The 4 digits sent to you by SMS; reply Resend for a new one.)")
        let back = try await chat.say("back")
        #expect(back.step == "agent_mobile" && back.text == Self.askMobile)
        #expect(try await chat.stored().data.isEmpty)
    }

    @Test func menuOptions() async throws {
        for (input, flow, prompt) in [
            (ConversationInput.text("1"), "assign", Messages.askVehicleNumber),
            (.text(" assign a fastag "), "assign", Messages.askVehicleNumber),
            (.choice(id: "menu_assign", title: "Assign a FASTag"), "assign", Messages.askVehicleNumber),
            (.text("2"), "replace", Messages.askReplaceVehicleNumber),
            (.text("Replace a FASTag"), "replace", Messages.askReplaceVehicleNumber),
            (.choice(id: "menu_replace", title: "Replace"), "replace", Messages.askReplaceVehicleNumber),
            (.text("menu_replace"), "replace", Messages.askReplaceVehicleNumber),
        ] {
            let chat = try await EngineHarness()
            try await chat.login()
            let reply = try await chat.send(input)
            #expect(reply.flow == flow && reply.step == "vehicle_number" && reply.text == prompt, "\(input)")
        }
        #expect(
            Messages.askVehicleNumber
                == "Let's get your FASTag in just a few steps. 🚗\nPlease enter your Vehicle Number (e.g., MH12AB1234)")
    }

    @Test func menuRefusals() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        for text in ["3", "0", "assign", "hello"] {
            let reply = try await chat.say(text)
            #expect(reply.isRefusal && reply.step == "menu")
            #expect(
                reply.messages
                    == [
                        BotMessage(
                            "Please reply with one of the options (its number or its name).\n\n" + Self.menuText,
                            options: Messages.menuOptions)
                    ])
        }
        #expect(try await chat.say("back").text == "This is the first question.\n\n" + Self.menuText)
        let help = try await chat.say("help")
        #expect(help.text == Self.menuText + "\n(Reply 1 to assign a new FASTag or 2 to replace one.)")
        let same = try await chat.say("menu")
        #expect(same.sessionID == help.sessionID && same.text == Self.menuText)
    }

    @Test func noFastagsLeftAtTheMenu() async throws {
        let chat = try await EngineHarness()
        chat.provider.script { $0.figures = AgentFigures(walletPaise: 50_000, fastagsLeft: 0) }
        let menu = try await chat.login()
        let text = "Hi Ravi Kumar 👋,\n💼Your Wallet Balance: ₹500, 🏷️ FASTags Left: 0"
        #expect(menu.text == text)
        let before = try await chat.stored()
        let reply = try await chat.say("1")
        #expect(reply.isRefusal && reply.step == "menu" && reply.flow == "menu")
        #expect(
            reply.text == "You have no FASTags left. Please get more FASTags, then choose again.\n\n" + text)
        #expect(try await chat.stored() == before)
        // A replacement takes a tag from stock too.
        #expect(try await chat.say("Replace a FASTag").isRefusal)
        // After a top-up the same session goes on.
        chat.provider.script { $0.figures = AgentFigures(walletPaise: 50_000, fastagsLeft: 3) }
        let menuAgain = try await chat.say("menu")
        #expect(menuAgain.text.hasSuffix("FASTags Left: 3"))
        #expect(try await chat.say("1").step == "vehicle_number")
    }

    @Test func figuresFallBackWhenTheProviderIsDown() async throws {
        let chat = try await EngineHarness(
            agent: .engineTest(
                id: 1, firstName: "Ravi", lastName: "Kumar", mobile: EngineHarness.agentMobile, walletPaise: 99_900,
                fastagsLeft: 2))
        try await chat.say(EngineHarness.agentMobile)
        chat.provider.fail("figures", with: .unavailable("timeout"))
        let menu = try await chat.say(try #require(chat.sms.lastCode))
        #expect(menu.text == "Hi Ravi Kumar 👋,\n💼Your Wallet Balance: ₹999, 🏷️ FASTags Left: 2")
    }

    @Test func cancelAndMenuStartANewSessionAtTheMenu() async throws {
        for word in ["menu", "cancel", "MENU", " Cancel "] {
            let chat = try await EngineHarness()
            try await chat.login()
            try await chat.say("1")
            try await chat.say("MH12AB1234")
            let old = chat.sessionID
            let reply = try await chat.say(word)
            #expect(reply.sessionID != old)
            #expect(reply.messages == [BotMessage(Self.menuText, options: Messages.menuOptions)])
            #expect(reply.flow == "menu" && reply.step == "menu")
            let closed = try #require(try await chat.store.session(old))
            #expect(closed.status == .cancelled)
            let now = try await chat.stored()
            #expect(now.status == .open && now.agentID == 1 && now.authenticatedAt == closed.authenticatedAt)
            #expect(now.chatID == chat.chatID && now.data["vehicle_number"] == nil)
            await #expect(
                throws: ConversationEngine.EngineError.closed(session: old, status: .cancelled, successor: now.id)
            ) {
                try await chat.engine.handle(.text("1"), sessionID: old)
            }
        }
    }

    @Test func logout() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        try await chat.say("1")
        let reply = try await chat.say("logout")
        #expect(reply.text == "You are logged out. Send any message to log in again.")
        #expect(reply.flow == "logout" && reply.step == "logged_out")
        let closed = try await chat.stored()
        #expect(closed.status == .cancelled)
        await #expect(
            throws: ConversationEngine.EngineError.closed(session: chat.sessionID, status: .cancelled, successor: nil)
        ) {
            try await chat.engine.handle(.text("1"), sessionID: chat.sessionID)
        }
        let next = try await chat.engine.session(channel: .whatsapp, chatID: chat.chatID)
        #expect(next.created && next.session.flow == "login" && next.session.agentID == nil)
    }

    @Test func aDeactivatedAgentIsLoggedOutAtTheNextMessage() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        _ = try await chat.say("1")
        let old = chat.sessionID
        let agentID = try #require(try await chat.stored().agentID)
        var agent = try #require(try await chat.store.agent(id: agentID))
        agent.status = .inactive
        await chat.store.put(agent)

        let reply = try await chat.say("MH12AB1234")
        #expect(reply.sessionID != old && reply.flow == "login" && reply.step == "agent_mobile")
        #expect(
            reply.messages.map(\.text) == [
                "Your agent account is no longer active. Please contact your distributor.", Self.askMobile,
            ])
        #expect(try await chat.store.session(old)?.status == .cancelled)
        let now = try await chat.stored()
        #expect(now.agentID == nil && now.authenticatedAt == nil)
        // And the login refuses the number until an operator activates it again.
        let refused = try await chat.say(agent.mobile)
        #expect(refused.text.contains("not registered as a FASTag agent"))
    }

    @Test func loginLastsTwelveHours() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        let start = try await chat.stored().authenticatedAt
        chat.time.advance(seconds: 12 * 3600)
        // Exactly 12 hours: still logged in (at the menu, idle time does not count).
        let stillIn = try await chat.say("1")
        #expect(stillIn.step == "vehicle_number")
        chat.time.advance(seconds: 1)
        let old = chat.sessionID
        let expired = try await chat.say("MH12AB1234")
        #expect(expired.sessionID != old && expired.flow == "login" && expired.step == "agent_mobile")
        #expect(expired.messages.map(\.text) == ["Your login has expired.", Self.askMobile])
        let closed = try #require(try await chat.store.session(old))
        #expect(closed.status == .expired && closed.expiredAt == chat.time.nowMilliseconds())
        let now = try await chat.stored()
        #expect(now.agentID == nil && now.authenticatedAt == nil && now.status == .open)
        #expect(start != nil)
        // Logging in again works in the new session.
        try await chat.login()
        #expect(try await chat.stored().flow == "menu")
    }

    @Test func idleSessionRestartsAtTheMenu() async throws {
        let chat = try await EngineHarness()
        try await chat.login()
        try await chat.say("1")
        try await chat.say("MH12AB1234")
        chat.time.advance(seconds: 30 * 60)
        // Exactly 30 minutes: still the same session.
        let same = try await chat.say("AB123")
        #expect(same.step == "user_mobile" && !same.isRefusal)
        chat.time.advance(seconds: 30 * 60 + 1)
        let old = chat.sessionID
        let reply = try await chat.say("9123456789")
        #expect(reply.sessionID != old && reply.flow == "menu" && reply.step == "menu")
        #expect(
            reply.messages == [
                BotMessage("Your last session was idle for too long, so we started over."),
                BotMessage(Self.menuText, options: Messages.menuOptions),
            ])
        let closed = try #require(try await chat.store.session(old))
        #expect(closed.status == .expired && closed.data["vehicle_number"] == .string("MH12AB1234"))
        #expect(chat.provider.calls("sendCustomerOTP").isEmpty)
        let now = try await chat.stored()
        #expect(now.agentID == 1 && now.status == .open && now.data["vehicle_number"] == nil)
    }

    @Test func idleLoginRestartsAtTheLogin() async throws {
        let chat = try await EngineHarness()
        try await chat.say(EngineHarness.agentMobile)
        chat.time.advance(seconds: 31 * 60)
        let old = chat.sessionID
        let reply = try await chat.say(try #require(chat.sms.lastCode))
        #expect(reply.sessionID != old && reply.step == "agent_mobile")
        #expect(
            reply.messages.map(\.text) == [
                "Your last session was idle for too long, so we started over.", Self.askMobile,
            ])
    }

    @Test func trustedChatSenderStartsAtTheMenu() async throws {
        let chat = try await EngineHarness(chatID: "chat-trusted") { $0.trustChatSender = true }
        // The harness opened its session without a sender; a new chat with a known sender skips the OTP.
        let (session, created) = try await chat.engine.session(
            channel: .whatsapp, chatID: "919876543210", senderMobile: "919876543210")
        #expect(created && session.flow == "menu" && session.agentID == 1 && session.authenticatedAt != nil)
        let stranger = try await chat.engine.session(
            channel: .whatsapp, chatID: "919000000001", senderMobile: "919000000001")
        #expect(stranger.session.flow == "login" && stranger.session.agentID == nil)
        let prompt = try await chat.engine.prompt(sessionID: session.id)
        #expect(prompt.text == Self.menuText)
    }

    @Test func unknownSession() async throws {
        let chat = try await EngineHarness()
        await #expect(throws: ConversationEngine.EngineError.unknownSession("nope")) {
            try await chat.engine.handle(.text("1"), sessionID: "nope")
        }
    }
}

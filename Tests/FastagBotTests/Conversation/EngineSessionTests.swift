import FastagTestKit
import Testing

@testable import FastagBot

/// The menu, the global words outside the flows and the sessions' lifetimes (logout, an
/// agent deactivated, the login's 12 hours, idle sessions), through the engine.
@Suite("Engine: menu, sessions")
struct EngineSessionTests {
    @Test func globalWordsBeforeLogin() async throws {
        let chat = try await EngineHarness()
        let help = try await chat.say("help")
        #expect(
            !help.isRefusal
                && help.text == EngineLoginTests.askMobile + "\n(Your 10-digit mobile number, as registered with us.)")
        #expect(try await chat.say("back").text == "This is the first question.\n\n" + EngineLoginTests.askMobile)
        let menu = try await chat.say("menu")
        #expect(menu.text == EngineLoginTests.askMobile && menu.sessionID == chat.sessionID && menu.flow == "login")
        try await chat.say(EngineHarness.agentMobile)
        let otpHelp = try await chat.say("Help")
        #expect(
            otpHelp.text == EngineLoginTests.askOTP + "\n(The 4 digits sent to you by SMS; reply Resend for a new one.)"
        )
        let back = try await chat.say("back")
        #expect(back.step == "agent_mobile" && back.text == EngineLoginTests.askMobile)
        #expect(try await chat.stored().data.isEmpty)
    }

    @Test func menuOptions() async throws {
        for (input, flow, prompt) in [
            (ConversationInput.text("1"), "assign", Copy.askVehicleNumber),
            (.text(" assign a fastag "), "assign", Copy.askVehicleNumber),
            (.choice(id: "menu_assign", title: "Assign a FASTag"), "assign", Copy.askVehicleNumber),
            (.text("2"), "replace", Copy.askReplaceVehicleNumber),
            (.text("Replace a FASTag"), "replace", Copy.askReplaceVehicleNumber),
            (.choice(id: "menu_replace", title: "Replace"), "replace", Copy.askReplaceVehicleNumber),
            (.text("menu_replace"), "replace", Copy.askReplaceVehicleNumber),
        ] {
            let chat = try await EngineHarness()
            try await chat.login()
            let reply = try await chat.send(input)
            #expect(reply.flow == flow && reply.step == "vehicle_number" && reply.text == prompt, "\(input)")
        }
        #expect(
            Copy.askVehicleNumber
                == "Let's get your FASTag in just a few steps. 🚗\nPlease enter your Vehicle Number (e.g., MH12AB1234)")
    }

    @Test func menuRefusals() async throws {
        let chat = try await EngineHarness.loggedIn()
        for text in ["3", "0", "fastag", "hello"] {
            let reply = try await chat.say(text)
            #expect(reply.isRefusal && reply.step == "menu")
            #expect(
                reply.messages
                    == [
                        BotMessage(
                            "Please reply with one of the options (its number or its name).\n\n"
                                + EngineLoginTests.menuText,
                            options: Copy.menuOptions)
                    ])
        }
        #expect(try await chat.say("back").text == "This is the first question.\n\n" + EngineLoginTests.menuText)
        let help = try await chat.say("help")
        #expect(help.text == EngineLoginTests.menuText + "\n(Reply 1 to assign a new FASTag or 2 to replace one.)")
        let same = try await chat.say("menu")
        #expect(same.sessionID == help.sessionID && same.text == EngineLoginTests.menuText)
    }

    @Test func noFastagsLeftAtTheMenu() async throws {
        let chat = try await EngineHarness()
        chat.provider.script { $0.figures = AgentFigures(walletPaise: 50_000, fastagsLeft: 0) }
        let menu = try await chat.login()
        let text = Copy.menu("Ravi Kumar", wallet: "₹500", fastags: 0)
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
        #expect(menu.text == Copy.menu("Ravi Kumar", wallet: "₹999", fastags: 2))
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
            #expect(reply.messages == [BotMessage(EngineLoginTests.menuText, options: Copy.menuOptions)])
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
        let chat = try await EngineHarness.loggedIn()
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
        let chat = try await EngineHarness.loggedIn()
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
                "Your agent account is no longer active. Please contact your distributor.", EngineLoginTests.askMobile,
            ])
        #expect(try await chat.store.session(old)?.status == .cancelled)
        let now = try await chat.stored()
        #expect(now.agentID == nil && now.authenticatedAt == nil)
        // And the login refuses the number until an operator activates it again.
        let refused = try await chat.say(agent.mobile)
        #expect(refused.text.contains("not registered as a FASTag agent"))
    }

    @Test func loginLastsTwelveHours() async throws {
        let chat = try await EngineHarness.loggedIn()
        let start = try await chat.stored().authenticatedAt
        chat.time.advance(seconds: 12 * 3600)
        // Exactly 12 hours: still logged in (at the menu, idle time does not count).
        let stillIn = try await chat.say("1")
        #expect(stillIn.step == "vehicle_number")
        chat.time.advance(seconds: 1)
        let old = chat.sessionID
        let expired = try await chat.say("MH12AB1234")
        #expect(expired.sessionID != old && expired.flow == "login" && expired.step == "agent_mobile")
        #expect(expired.messages.map(\.text) == ["Your login has expired.", EngineLoginTests.askMobile])
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
        let chat = try await EngineHarness.loggedIn()
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
                BotMessage(EngineLoginTests.menuText, options: Copy.menuOptions),
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
                "Your last session was idle for too long, so we started over.", EngineLoginTests.askMobile,
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
        #expect(prompt.text == EngineLoginTests.menuText)
    }

    @Test func unknownSession() async throws {
        let chat = try await EngineHarness()
        await #expect(throws: ConversationEngine.EngineError.unknownSession("nope")) {
            try await chat.engine.handle(.text("1"), sessionID: "nope")
        }
    }
}

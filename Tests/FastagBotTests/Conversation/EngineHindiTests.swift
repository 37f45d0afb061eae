import FastagTestKit
import Testing

@testable import FastagBot

/// The whole dialogue in Hindi, through the engine: switching at any step, the choice kept
/// with the agent, and every reply of the walked flows (login, assign to activation,
/// replace, refusals, help, back, logout) in Hindi with nothing left in English.
@Suite("Engine: Hindi")
struct EngineHindiTests {
    static func hindi(_ english: String) -> String { Hindi.table.translate(english) ?? "(no Hindi for: \(english))" }
    static func hindi(_ options: [Option]) -> [Option] { options.map { Language.hindi.option($0) } }

    /// The reply is wholly Hindi: nothing fell back to English, every text has Devanagari.
    static func expectHindi(_ reply: Reply, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            reply.untranslated.isEmpty, "fell back to English: \(reply.untranslated)", sourceLocation: sourceLocation)
        for message in reply.messages {
            #expect(message.language == .hindi, sourceLocation: sourceLocation)
            #expect(
                message.text.unicodeScalars.contains { (0x0900...0x097F).contains($0.value) }, "\(message.text)",
                sourceLocation: sourceLocation)
        }
    }

    @Test func switchingBeforeLoginIsCarriedToTheAgent() async throws {
        let chat = try await EngineHarness()
        var reply = try await chat.say("हिंदी")
        Self.expectHindi(reply)
        #expect(reply.step == "agent_mobile" && !reply.isRefusal)
        #expect(reply.messages.map(\.text) == [Self.hindi(Messages.languageHindi), Self.hindi(Copy.askAgentMobile)])
        reply = try await chat.say("12")
        Self.expectHindi(reply)
        #expect(
            reply.isRefusal
                && reply.text
                    == Self.hindi("Please send a 10-digit mobile number starting with 6, 7, 8 or 9.") + "\n\n"
                    + Self.hindi(Copy.askAgentMobile)
        )
        reply = try await chat.say(EngineHarness.agentMobile)
        Self.expectHindi(reply)
        #expect(reply.text == "आपके मोबाइल पर OTP भेजा गया है। 4 अंकों का OTP डालें।")
        let code = try #require(chat.sms.lastCode)
        reply = try await chat.say(EngineLoginTests.wrong(code))
        Self.expectHindi(reply)
        #expect(reply.text == Self.hindi("That OTP is not correct.") + "\n\n" + Self.hindi(Copy.agentOTPSent))
        #expect(try await chat.store.agent(id: 1)?.language == .english)
        reply = try await chat.say(code)
        Self.expectHindi(reply)
        #expect(
            reply.messages == [
                BotMessage(Self.hindi(EngineLoginTests.menuText), options: Self.hindi(Copy.menuOptions))
                    .inHindi
            ])
        #expect(reply.text.hasPrefix("नमस्ते Ravi Kumar 👋,\n💼आपका Wallet बैलेंस: ₹1,250.50"))
        #expect(reply.options.map(\.title) == ["FASTag असाइन करें", "FASTag बदलें"])
        #expect(reply.options.map(\.id) == Copy.menuOptions.map(\.id))
        // Kept with the agent now, not with the session.
        #expect(try await chat.store.agent(id: 1)?.language == .hindi)
        #expect(try await chat.stored().chosenLanguage == nil)
    }

    @Test func wholeAssignInHindi() async throws {
        let chat = try await EngineHarness.loggedIn()
        var reply = try await chat.say("Hindi")
        Self.expectHindi(reply)
        #expect(reply.messages.count == 2 && reply.step == "menu")
        #expect(reply.messages[1].options.map(\.title) == ["FASTag असाइन करें", "FASTag बदलें"])
        // Every question of the script, answered with the Hindi titles where there are options.
        let script = EngineHarness.script
        var at = "menu"
        while at != "completed" {
            let turn = try #require(script.turn(answering: at), "no answer for \(at)")
            var input = AssignScript.input(turn.answer)
            if case .pick(let title, _) = turn.answer, let translated = Hindi.table.sentences[title] {
                input = .text(translated)
            }
            reply = try await chat.send(input)
            try #require(!reply.isRefusal, "\(at): \(reply.text)")
            Self.expectHindi(reply)
            // The success message carries the fakes' figures, not the script's.
            if turn.step != "menu" {
                #expect(reply.messages.map(\.text) == turn.says.map(Self.hindi), "\(at)")
            }
            #expect(reply.options.map(\.title) == Self.hindi(turn.options).map(\.title), "\(at)")
            at = turn.step == "menu" ? "completed" : reply.step.rawValue
        }
        #expect(reply.step == "menu" && reply.text.hasPrefix("🎉 बधाई हो! आपका FASTag एक्टिवेट हो गया ✅"))
        #expect(await chat.store.records.count == 1)
    }

    @Test func refusalsHelpBackAndLogoutInHindi() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.say("hindi me")
        var reply = try await chat.say("FASTag असाइन करें")
        Self.expectHindi(reply)
        #expect(reply.step == "vehicle_number" && reply.text == Self.hindi(Copy.askVehicleNumber))
        for (typed, reason) in [
            ("XX12AB1234", "XX किसी भारतीय राज्य का कोड नहीं है। उदाहरण: MH12AB1234।"),
            ("12", Self.hindi("That is not a valid vehicle number. Example: MH12AB1234 or 22BH1234AB.")),
        ] {
            reply = try await chat.say(typed)
            Self.expectHindi(reply)
            #expect(reply.isRefusal && reply.text == reason + "\n\n" + Self.hindi(Copy.askVehicleNumber))
        }
        reply = try await chat.say("help")
        Self.expectHindi(reply)
        #expect(
            reply.text
                == Self.hindi(Copy.askVehicleNumber) + "\n("
                + Self.hindi("A registration number like MH12AB1234, DL1CAB1234 or 22BH1234AB.") + ")")
        reply = try await chat.say("resend")
        Self.expectHindi(reply)
        reply = try await chat.send(.unsupported("audio"))
        Self.expectHindi(reply)
        #expect(reply.text.hasPrefix("माफ़ कीजिए, मैं ऑडियो मैसेज नहीं पढ़ सकता।"))
        reply = try await chat.say("MH12AB1234")
        Self.expectHindi(reply)
        #expect(reply.step == "engine_number")
        reply = try await chat.say("back")
        Self.expectHindi(reply)
        #expect(reply.step == "vehicle_number" && reply.text == Self.hindi(Copy.askVehicleNumber))
        reply = try await chat.say("back")
        Self.expectHindi(reply)
        #expect(reply.step == "menu")
        reply = try await chat.say("logout")
        Self.expectHindi(reply)
        #expect(reply.text == "आप लॉग आउट हो गए हैं। फिर से लॉग इन करने के लिए कोई भी मैसेज भेजें।")
    }

    @Test func replaceInHindiWithTypedHindiTitles() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.say("हिन्दी")
        var reply = try await chat.say("FASTag बदलें")
        #expect(reply.step == "vehicle_number")
        for answer in ["MH12AB1234", "9123456789", "2345", "1"] {
            reply = try await chat.say(answer)
            Self.expectHindi(reply)
            try #require(!reply.isRefusal, "\(answer): \(reply.text)")
        }
        #expect(reply.step == "reason" && reply.text == Self.hindi(Copy.askReason))
        #expect(reply.options.map(\.title) == ["Tag खराब है", "Tag खो गया", "Tag काम नहीं कर रहा", "अन्य"])
        reply = try await chat.say("Tag खो गया")
        Self.expectHindi(reply)
        #expect(reply.step == "confirm" && reply.text.contains("\nकारण - Tag खो गया\n"))
        #expect(reply.options.map(\.title) == ["हाँ", "नहीं"])
        reply = try await chat.say("नहीं")
        Self.expectHindi(reply)
        #expect(reply.step == "edit" && reply.options.map(\.title) == ["गाड़ी नंबर", "फ़ोन नंबर", "Barcode", "कारण"])
        reply = try await chat.say("कारण")
        #expect(reply.step == "reason")
        reply = try await chat.say("अन्य")
        Self.expectHindi(reply)
        reply = try await chat.say("Glass broke")
        Self.expectHindi(reply)
        #expect(reply.text.contains("\nकारण - अन्य: Glass broke\n"))
        reply = try await chat.say("हाँ")
        Self.expectHindi(reply)
        #expect(reply.step == "replace_otp")
        reply = try await chat.say("000000")
        Self.expectHindi(reply)
    }

    @Test func englishSwitchesBackAndTheChoiceOutlivesTheSession() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.say("Hindi")
        try await chat.say("logout")
        // A new login: the agent's language is known from the mobile number on.
        chat.sessionID = try await chat.engine.session(channel: .whatsapp, chatID: chat.chatID).session.id
        var reply = try await chat.say(EngineHarness.agentMobile)
        Self.expectHindi(reply)
        reply = try await chat.say(try #require(chat.sms.lastCode))
        Self.expectHindi(reply)
        #expect(reply.step == "menu")
        reply = try await chat.say("अंग्रेज़ी")
        #expect(reply.text == Messages.languageEnglish + "\n\n" + EngineLoginTests.menuText)
        #expect(reply.messages.allSatisfy { $0.language == .english })
        #expect(try await chat.store.agent(id: 1)?.language == .english)
        reply = try await chat.say("English")
        #expect(reply.options == Copy.menuOptions)
    }

    @Test func anExpiredLoginAsksAgainInTheAgentsLanguage() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.say("Hindi")
        chat.time.advance(seconds: 12 * 3600 + 1)
        let expired = try await chat.say("1")
        Self.expectHindi(expired)
        #expect(expired.step == "agent_mobile")
        #expect(expired.messages.map(\.text) == [Self.hindi(Messages.loginExpired), Self.hindi(Copy.askAgentMobile)])
        // Another agent logging in on this chat is not given Hindi by it.
        #expect(try await chat.stored().chosenLanguage == nil)
    }

    @Test func anApologyIsInTheChatsLanguage() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.say("Hindi")
        let target = ChatDelivery(inboxID: 7, channel: .whatsapp, chatID: chat.chatID)
        try await chat.engine.apologize(delivery: target, error: "test")
        let sent = try #require(await chat.store.deliveries.last)
        #expect(sent.messages.map(\.text) == [Self.hindi(Messages.apology)])
        #expect(sent.messages.first?.language == .hindi)
    }

    @Test func aBurstOfPhotosIsAnsweredInHindi() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.say("Hindi")
        let asked = try await chat.assign(until: "doc_rc_front")
        Self.expectHindi(asked)
        let damaged = Array(ImageBytes.jpeg.dropLast(40))
        let photos = [ImageBytes.jpeg, damaged, ImageBytes.jpeg].enumerated().map {
            (bytes: $0.element, inboxID: Int64(100 + $0.offset))
        }
        #expect(try await chat.engine.answerPhotos(photos, channel: .whatsapp, chatID: chat.chatID) == 3)
        let reply = try #require(await chat.store.deliveries.last)
        #expect(
            reply.messages.map(\.text) == [
                "📄 RC पीछे की तरफ: यह फोटो पढ़ी नहीं जा सकी: फोटो खराब है या पूरी नहीं है। एक फोटो भेजें (JPEG या PNG, 5 MB तक)।"
                    + "\n\n✅ 5 में से 2 फोटो मिल गईं, अब 📄 RC पीछे की तरफ भेजें"
            ])
        #expect(reply.messages.first?.language == .hindi)
    }
}

extension BotMessage {
    var inHindi: BotMessage {
        var message = self
        message.language = .hindi
        return message
    }
}

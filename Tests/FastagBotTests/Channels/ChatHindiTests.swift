import FastagTestKit
import Foundation
import TestKit
import Testing

@testable import FastagBot

/// Hindi in the chats: signed webhooks against the fake Graph API and the fake Interakt,
/// every reply checked as sent. The choice is kept with the agent, so a new session of the
/// agent's chat starts in Hindi.
@Suite(.onBothBackends) struct ChatHindiTests {
    static let agentChat = "919876543210"

    static func hindi(_ english: String) -> String { Hindi.table.translate(english) ?? "(no Hindi for: \(english))" }
    static func hindi(_ options: [Option]) -> [Option] { options.map { Language.hindi.option($0) } }

    @Test func hindiOverWhatsAppIsKeptForTheAgent() async throws {
        try await ChatBed.run { bed in
            let chat = bed.whatsApp(Self.agentChat)
            try await chat.say(.text("Hi"), [.text(Copy.askAgentMobile)])
            try await chat.say(
                .text("Hindi"), [.text(Self.hindi(Messages.languageHindi)), .text(Self.hindi(Copy.askAgentMobile))])
            try await chat.say(.text("98765 43210"), [.text("आपके मोबाइल पर OTP भेजा गया है। 4 अंकों का OTP डालें।")])
            let otp = try #require(bed.agentOTP, "no agent OTP in the log")
            try await chat.say(
                .text(otp), Outgoing.message(Self.hindi(SandboxCatalog.menu()), options: Self.hindi(Copy.menuOptions)))
            // The button with the Hindi title picks the option by its id.
            try await chat.choose("FASTag असाइन करें", [.text(Self.hindi(Copy.askVehicleNumber))])
            try await chat.say(
                .text("XX12AB1234"),
                [.text("XX किसी भारतीय राज्य का कोड नहीं है। उदाहरण: MH12AB1234।\n\n" + Self.hindi(Copy.askVehicleNumber))])
            try await chat.say(.text("logout"), [.text(Self.hindi(Messages.loggedOut))])
            // A new session: the chat's number is the agent's, who chose Hindi.
            try await chat.say(.text("Hi"), [.text(Self.hindi(Copy.askAgentMobile))])
            let agents = try await bed.server.fetch("/agents/")["items"]?.arrayValue ?? []
            let agent = try #require(agents.first { $0["mobile"] == .string(SandboxCatalog.demoMobile) })
            #expect(agent["language"] == "hi")
        }
    }

    @Test func interaktChatAsksForHindiFirst() async throws {
        try await ChatBed.run { bed in
            let chat = bed.interakt("919123456780")
            // The first message of a chat that asks for a language is answered in it.
            try await chat.say(
                .text("हिंदी"), [.text(Self.hindi(Messages.languageHindi)), .text(Self.hindi(Copy.askAgentMobile))])
            try await chat.say(
                .text("98765 4321"),
                [
                    .text(
                        Self.hindi("Please send a 10-digit mobile number starting with 6, 7, 8 or 9.") + "\n\n"
                            + Self.hindi(Copy.askAgentMobile))
                ])
            try await chat.say(.text("English"), [.text(Messages.languageEnglish), .text(Copy.askAgentMobile)])
        }
    }

    /// A chat's own words around a long list (the list button, its section, the page line,
    /// "More…") follow the message's language.
    @Test func pagedListInHindi() throws {
        let makers = (1...23).map { "MAKER \($0)" }
        let options = makers.enumerated().map { Option(id: "vehicle_maker_\($0.offset + 1)", title: $0.element) }
        var message = BotMessage(Self.hindi(Messages.askMaker(makers)), options: options)
        message.language = .hindi
        let bodies = ReplyFormat.whatsApp(message, to: Self.agentChat)
        let interactive = try #require(bodies.last?["interactive"])
        #expect(interactive["action"]?["button"] == "चुनें")
        let section = try #require(interactive["action"]?["sections"]?.arrayValue?.first)
        #expect(section["title"] == "विकल्प")
        let rows = section["rows"]?.arrayValue ?? []
        #expect(rows.count == 10 && rows.last?["title"] == "और देखें…" && rows.last?["id"] == "more:1")
        #expect(
            interactive["body"]?["text"]
                == .string(
                    "आपकी गाड़ी की कंपनी कौन सी है?\n23 में से 1–9 दिखा रहे हैं; आगे के लिए और देखें… दबाएं। "
                        + "किसी का भी नंबर या नाम टाइप भी कर सकते हैं।"))
    }
}

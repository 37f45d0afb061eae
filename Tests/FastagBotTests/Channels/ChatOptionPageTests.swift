import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// A list longer than WhatsApp's 10 rows in a chat: the sandbox's 14 makers as pages of 9 and
/// "More…", through signed webhooks against the fake Graph API and the fake Interakt (each
/// checks every send against Meta's limits).
@Suite(.onBothBackends) struct ChatOptionPageTests {
    static let agentChat = "919876543210"
    static let script = ChatFlowTests.script
    static let makers = script.makers
    static let makerOptions = Copy.numberedOptions("vehicle_maker", makers)

    static func askMaker(page: Int) -> [Outgoing] {
        Outgoing.message(Copy.askMaker(makers), options: makerOptions, page: page)
    }

    /// The model question for `maker` (the sandbox's models of it).
    static func askModel(_ models: [String]) -> [Outgoing] {
        Outgoing.message(Copy.askModel(models), options: Copy.numberedOptions("vehicle_model", models))
    }

    /// Logs the demo agent in and walks the assign flow to the maker question.
    static func toMakers(_ chat: ChatDriver, _ bed: ChatBed) async throws {
        try await chat.say(.text("Hi"), [.text(Copy.askAgentMobile)])
        try await chat.say(.text("98765 43210"), [.text(Copy.agentOTPSent)])
        let otp = try #require(bed.agentOTP, "no agent OTP in the log")
        try await chat.say(.text(otp), Outgoing.demoMenu())
        _ = try await chat.walk(script, until: "vehicle_maker") { "photo-\($0 + 1)" }
    }

    @Test func moreShowsPageTwoWhoseRowsPick() async throws {
        try await ChatBed.run { bed in
            let chat = bed.whatsApp(Self.agentChat)
            try await Self.toMakers(chat, bed)
            #expect(Self.makers.count == 14)
            // Page 1: 9 makers and "More…", 10 rows; the body names the page, not all 14.
            guard case .list(let body, let rows)? = Self.askMaker(page: 0).first else {
                Issue.record("not a list")
                return
            }
            #expect(rows.count == 10 && rows.last?.id == "more:1" && rows.last?.title == Copy.more)
            #expect(!body.contains("14. "))
            let more = try await chat.choose(Copy.more, Self.askMaker(page: 1))
            #expect(more == .list(id: "more:1", title: "More…", description: nil))
            // Page 2: the other 5, no "More…"; a tap on one advances the flow.
            let pick = try await chat.choose("NISSAN MOTORS", Self.askModel(["MAGNITE", "KICKS", "SUNNY", "MICRA"]))
            #expect(pick == .list(id: "vehicle_maker_13", title: "NISSAN MOTORS", description: nil))
            // An old "More…" tapped now only asks the current question again.
            try await chat.say(
                .list(id: "more:1", title: "More…", description: nil),
                Self.askModel(["MAGNITE", "KICKS", "SUNNY", "MICRA"]))
            #expect(try await bed.server.waitUntilChatsSettle())
        }
    }

    @Test func typedNamesAndNumbersPickFromAnyPage() async throws {
        try await ChatBed.run { bed in
            let chat = bed.interakt(Self.agentChat)
            try await Self.toMakers(chat, bed)
            // ASTON MARTIN is on page 2, not shown: typed, it is picked all the same.
            try await chat.say(.text("aston martin"), Self.askModel(["DB11", "VANTAGE", "DBX"]))
            try await chat.say(.text("back"), Self.askMaker(page: 0))
            // And by its number in the whole list.
            try await chat.say(.text("12"), Self.askModel(["NEO"]))
            #expect(try await bed.server.waitUntilChatsSettle())
        }
    }
}

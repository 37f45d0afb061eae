import Testing

@testable import FastagBot

/// The chat panel gets the bot's messages in WhatsApp's shapes: buttons up to 3 options, a
/// list up to 10, longer lists in pages of 9 with "More…" (whose id names the next page).
@Suite struct ConsoleChatShapeTests {
    static func answer(options count: Int, page: Int = 0) -> JSONValue {
        let options = (1...count).map { Option(id: "o\($0)", title: "Option \($0)") }
        let reply = Reply(
            sessionID: "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c",
            messages: [BotMessage("Pick one", options: options, page: page)], isRefusal: false, flow: .assign,
            step: .vehicleNumber, data: [:])
        return ConsoleTryRoutes.body(reply)
    }

    static func interactive(_ answer: JSONValue) -> JSONValue? {
        answer["messages"]?.arrayValue?.last?["interactive"]
    }

    static func rowIDs(_ answer: JSONValue) -> [String] {
        (interactive(answer)?["action"]?["sections"]?.arrayValue ?? []).flatMap { $0["rows"]?.arrayValue ?? [] }
            .compactMap { $0["id"]?.stringValue }
    }

    @Test func fewOptionsAreButtonsUpToTenAList() {
        let three = Self.interactive(Self.answer(options: 3))
        #expect(three?["type"] == "button")
        #expect(three?["action"]?["buttons"]?.arrayValue?.count == 3)
        let ten = Self.answer(options: 10)
        #expect(Self.interactive(ten)?["type"] == "list")
        #expect(Self.rowIDs(ten) == (1...10).map { "o\($0)" })
    }

    @Test func longListsArePagedWithMore() {
        let first = Self.rowIDs(Self.answer(options: 25))
        #expect(first == (1...9).map { "o\($0)" } + ["more:1"])
        let second = Self.rowIDs(Self.answer(options: 25, page: 1))
        #expect(second == (10...18).map { "o\($0)" } + ["more:2"])
        let last = Self.rowIDs(Self.answer(options: 25, page: 2))
        #expect(last == (19...25).map { "o\($0)" })
    }
}

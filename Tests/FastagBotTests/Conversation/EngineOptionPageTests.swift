import FastagTestKit
import Testing

@testable import FastagBot

/// A chat's "More…" on a long option list (`more:<page>`): the question again at that page,
/// no answer changed; typed numbers and names still pick any option of the whole list.
@Suite("Engine: pages of a long option list")
struct EngineOptionPageTests {
    static let makers = ["TOYOTA"] + (2...25).map { "MAKER \($0)" }

    /// A logged-in chat at the maker question, the provider offering 25 makers.
    static func atMakers() async throws -> EngineHarness {
        let chat = try await EngineHarness.loggedIn()
        chat.provider.script {
            $0.makers = makers
            for maker in makers where $0.models[maker] == nil { $0.models[maker] = ["MODEL A", "MODEL B"] }
        }
        let reply = try await chat.assign(until: "vehicle_maker")
        #expect(reply.options.count == 25 && reply.messages.last?.page == 0)
        return chat
    }

    @Test func moreShowsTheNextPageAndChangesNothing() async throws {
        let chat = try await Self.atMakers()
        let before = try await chat.stored()
        for page in [1, 2, 0] {
            let reply = try await chat.send(.choice(id: "more:\(page)", title: "More…"))
            #expect(!reply.isRefusal && reply.step == "vehicle_maker")
            #expect(reply.messages == [BotMessage(Copy.askMaker(Self.makers), options: reply.options, page: page)])
            #expect(reply.options.count == 25, "the step API and typed answers still see every option")
            #expect(try await chat.stored().data == before.data)
        }
        // The chat shows the page asked for: rows 19-25 of 25.
        let shapes = ReplyFormat.shapes(
            BotMessage(Copy.askMaker(Self.makers), options: Copy.numberedOptions("vehicle_maker", Self.makers), page: 2)
        )
        guard case .list(_, let rows)? = shapes.last else {
            Issue.record("\(shapes)")
            return
        }
        #expect(rows.map(\.title) == (19...25).map { "MAKER \($0)" })
        // A tap on page 3's row and a typed name from page 3 both pick.
        var reply = try await chat.send(.choice(id: "vehicle_maker_21", title: "MAKER 21"))
        #expect(reply.step == "vehicle_model" && chat.provider.arguments("models").last?["maker"] == "MAKER 21")
        try await chat.say("back")
        reply = try await chat.say("maker 24")
        #expect(reply.step == "vehicle_model" && chat.provider.arguments("models").last?["maker"] == "MAKER 24")
        try await chat.say("back")
        reply = try await chat.say("23")
        #expect(reply.step == "vehicle_model" && chat.provider.arguments("models").last?["maker"] == "MAKER 23")
    }

    @Test func anOldMoreOnAQuestionWithoutOptionsOnlyAsksAgain() async throws {
        let chat = try await EngineHarness.loggedIn()
        try await chat.say("1")
        let before = try await chat.stored()
        let reply = try await chat.send(.choice(id: "more:3", title: "More…"))
        #expect(!reply.isRefusal && reply.step == "vehicle_number" && reply.text == Copy.askVehicleNumber)
        #expect(try await chat.stored().data == before.data)
        // Sent as typed words, "more:3" is an answer like any other (here a bad vehicle number).
        #expect(try await chat.say("more:3").isRefusal)
    }
}

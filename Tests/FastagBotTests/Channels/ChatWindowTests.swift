import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// The 24-hour service window (protocols/whatsapp-cloud-api.md section 11): a reply that
/// waited past it is not tried as free-form text; the chat gets the approved template once
/// and the reply waits for the agent to write, or, with no template, is given up and counted.
@Suite(.onBothBackends) struct ChatWindowTests {
    static let agentChat = ChatDeliveryTests.agentChat
    static let template = "continue_chat"

    /// The texts accepted for the chat after its template, joined as the agent reads them.
    static func textsAfterTemplate(_ bed: ChatBed) -> String {
        let bodies = bed.graph.delivered(to: agentChat)
        guard let index = bodies.firstIndex(where: { $0["type"] == "template" }) else { return "" }
        return bodies[(index + 1)...].compactMap { $0["text"]?["body"]?.stringValue }.joined(separator: "\n\n")
    }

    /// Answers "Hi", then makes the reply to "help" wait out the window behind a failing API.
    static func replyWaitsPastTheWindow(_ bed: ChatBed, _ clock: ManualTime) async throws -> ChatDriver {
        let chat = bed.whatsApp(agentChat)
        try await chat.say(.text("Hi"), [.text(Copy.askAgentMobile)])
        bed.graph.failAllSends(.status(503))
        try await chat.send(.text("help"))
        #expect(await eventually { bed.graph.calls(to: agentChat).count == 2 })
        // The clock moves only once the failure is recorded: the retry is timed from then,
        // and a retry timed after the jump would fall due at a time this clock never reaches.
        let storage = bed.server.app.storage
        #expect(try await eventually { try await storage.outboxRows(chat: agentChat).last?.attempts == 1 })
        clock.advance(seconds: 25 * 3600)
        bed.graph.failAllSends(nil)
        return chat
    }

    @Test func aChatSilentForADayGetsTheTemplateOnceAndItsRepliesWhenTheAgentWrites() async throws {
        let clock = ManualTime()
        try await ChatBed.run(time: clock, { $0.whatsappTemplateName = Self.template }) { bed in
            let chat = try await Self.replyWaitsPastTheWindow(bed, clock)
            #expect(await eventually { bed.graph.delivered(to: Self.agentChat).count == 2 })
            let template = try #require(bed.graph.delivered(to: Self.agentChat).last)
            #expect(template["type"] == "template")
            #expect(template["template"]?["name"]?.stringValue == Self.template)
            #expect(template["template"]?["language"]?["code"]?.stringValue == "en")
            let parked = try await bed.server.app.storage.outboxRows(chat: Self.agentChat).last
            #expect(parked?.status == "pending")

            // The agent writes: the waiting reply goes first, then the answer to the new message.
            try await chat.send(.text("Hi"))
            #expect(
                await eventually { Self.textsAfterTemplate(bed).hasPrefix(ChatDeliveryTests.help + "\n\n") },
                "\(Self.textsAfterTemplate(bed))")
            #expect(try await bed.server.waitUntilChatsSettle())
            #expect(bed.graph.calls(to: Self.agentChat).filter { $0.body["type"] == "template" }.count == 1)
            #expect(try await bed.server.metric("chat_templates_total{channel=\"whatsapp\",outcome=\"sent\"}") == 1)
            #expect(try await bed.server.metric("chat_outbox_parked") == 0)
        }
    }

    @Test func withoutATemplateTheRepliesAreGivenUpNotRetried() async throws {
        let clock = ManualTime()
        try await ChatBed.run(time: clock) { bed in
            _ = try await Self.replyWaitsPastTheWindow(bed, clock)
            let storage = bed.server.app.storage
            #expect(
                try await eventually { try await storage.outboxRows(chat: Self.agentChat).last?.status == "failed" })
            let row = try #require(try await storage.outboxRows(chat: Self.agentChat).last)
            #expect(row.errorCode == 131047)
            #expect(row.lastError?.contains("WHATSAPP_TEMPLATE_NAME") == true, "\(row.lastError ?? "none")")
            #expect(
                try await bed.server.metric(
                    "chat_delivery_failures_total{channel=\"whatsapp\",code=\"131047\"}", reaches: 1))
            #expect(bed.server.logs.lines.contains { $0.contains("replies given up") })
            // Nothing was sent that had to fail: the 503, then no other attempt.
            #expect(bed.graph.calls(to: Self.agentChat).map(\.status) == [200, 503])
        }
    }

    @Test func aClosedWindowReportedByMetaIsTreatedTheSame() async throws {
        try await ChatBed.run({ $0.whatsappTemplateName = Self.template }) { bed in
            bed.graph.failSends(.graphError(131047))
            let chat = bed.whatsApp(Self.agentChat)
            try await chat.send(.text("Hi"))
            #expect(await eventually { bed.graph.delivered(to: Self.agentChat).first?["type"] == "template" })
            #expect(bed.graph.calls(to: Self.agentChat).map(\.status) == [400, 200])
            try await chat.send(.text("help"))
            #expect(
                await eventually {
                    Self.textsAfterTemplate(bed) == Copy.askAgentMobile + "\n\n" + ChatDeliveryTests.help
                }, "\(Self.textsAfterTemplate(bed))")
            #expect(try await bed.server.waitUntilChatsSettle())
        }
    }
}

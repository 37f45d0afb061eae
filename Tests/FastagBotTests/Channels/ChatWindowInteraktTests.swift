import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// The 24-hour service window on the Interakt channel (ChatWindowTests for WhatsApp): a reply
/// that waited past it goes as no free-form text; the chat gets Interakt's Template message
/// once (protocols/interakt.md section 6) and the reply waits for the agent to write, or, with
/// no template or one Interakt refuses, is given up and counted.
@Suite(.onBothBackends) struct ChatWindowInteraktTests {
    static let agentChat = ChatDeliveryTests.agentChat
    static let template = ChatWindowTests.template

    /// The texts accepted for the chat after its template, joined as the agent reads them.
    static func textsAfterTemplate(_ bed: ChatBed) -> String {
        let bodies = bed.interakt.delivered(to: agentChat)
        guard let index = bodies.firstIndex(where: { $0["type"] == "Template" }) else { return "" }
        return bodies[(index + 1)...].compactMap { $0["data"]?["message"]?.stringValue }.joined(separator: "\n\n")
    }

    /// Answers "Hi", then makes the reply to "help" wait out the window behind a failing API;
    /// `template` is how Interakt answers the next send after that (the template's).
    static func replyWaitsPastTheWindow(
        _ bed: ChatBed, _ clock: ManualTime, template: FakeInterakt.Refusal? = nil
    ) async throws -> ChatDriver {
        let chat = bed.interakt(agentChat)
        try await chat.say(.text("Hi"), [.text(Copy.askAgentMobile)])
        bed.interakt.failAllSends(503)
        try await chat.send(.text("help"))
        #expect(await eventually { bed.interakt.calls(to: agentChat).count == 2 })
        // The clock moves only once the failure is recorded (ChatWindowTests says why).
        let storage = bed.server.app.storage
        #expect(try await eventually { try await storage.outboxRows(chat: agentChat).last?.attempts == 1 })
        if let template { bed.interakt.refuseSends(template) }
        clock.advance(seconds: 25 * 3600)
        bed.interakt.failAllSends(nil)
        return chat
    }

    /// Interakt's Template message as the bot sends it, `callbackData` aside.
    static var templateBody: JSONValue {
        [
            "fullPhoneNumber": .string(agentChat), "type": "Template",
            "template": ["name": .string(template), "languageCode": "en", "bodyValues": []],
        ]
    }

    static func withoutCallback(_ body: JSONValue) -> JSONValue {
        guard case .object(var fields) = body else { return body }
        fields["callbackData"] = nil
        return .object(fields)
    }

    @Test func aChatSilentForADayGetsTheTemplateOnceAndItsRepliesWhenTheAgentWrites() async throws {
        let clock = ManualTime()
        try await ChatBed.run(time: clock, { $0.whatsappTemplateName = Self.template }) { bed in
            let chat = try await Self.replyWaitsPastTheWindow(bed, clock)
            #expect(await eventually { bed.interakt.delivered(to: Self.agentChat).count == 2 })
            // Once the window closed, the template was the only thing sent: no free-form text.
            let calls = bed.interakt.calls(to: Self.agentChat)
            #expect(calls.map(\.status) == [200, 503, 200])
            let template = try #require(calls.last)
            #expect(Self.withoutCallback(template.body) == Self.templateBody, "\(template.body.jsonText)")
            #expect(template.authorization == "Basic \(FakeInterakt.apiKey)")
            // Its status webhooks must not touch a reply: its callbackData is no reply's id.
            let rows = try await bed.server.app.storage.outboxRows(chat: Self.agentChat)
            #expect(template.callbackData != nil)
            #expect(!rows.map { String($0.id) }.contains(template.callbackData ?? ""))
            #expect(rows.last?.status == "pending")

            // The agent writes: the waiting reply goes first, then the answer to the new message.
            try await chat.send(.text("Hi"))
            #expect(
                await eventually { Self.textsAfterTemplate(bed).hasPrefix(ChatDeliveryTests.help + "\n\n") },
                "\(Self.textsAfterTemplate(bed))")
            #expect(try await bed.server.waitUntilChatsSettle())
            #expect(bed.interakt.calls(to: Self.agentChat).filter { $0.body["type"] == "Template" }.count == 1)
            #expect(try await bed.server.metric("chat_templates_total{channel=\"interakt\",outcome=\"sent\"}") == 1)
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
                    "chat_delivery_failures_total{channel=\"interakt\",code=\"131047\"}", reaches: 1))
            #expect(bed.server.logs.lines.contains { $0.contains("replies given up") })
            // Nothing was sent that had to fail: the 503, then no other attempt.
            #expect(bed.interakt.calls(to: Self.agentChat).map(\.status) == [200, 503])
        }
    }

    /// Interakt refuses the template (an unknown name: HTTP 400, or a 200 that queued
    /// nothing): no send can reach the chat, so its replies are given up, not parked.
    @Test(arguments: [
        (FakeInterakt.Refusal(400, "Template not found"), "HTTP 400 Template not found"),
        (
            FakeInterakt.Refusal(200, "Template not approved"),
            "Interakt did not queue the message: Template not approved"
        ),
    ])
    func aTemplateInteraktRefusesGivesTheRepliesUp(refusal: FakeInterakt.Refusal, reason: String) async throws {
        let clock = ManualTime()
        try await ChatBed.run(time: clock, { $0.whatsappTemplateName = Self.template }) { bed in
            let chat = try await Self.replyWaitsPastTheWindow(bed, clock, template: refusal)
            let storage = bed.server.app.storage
            #expect(
                try await eventually { try await storage.outboxRows(chat: Self.agentChat).last?.status == "failed" })
            let calls = bed.interakt.calls(to: Self.agentChat)
            #expect(calls.map(\.status) == [200, 503, refusal.status])
            #expect(calls.last.map { Self.withoutCallback($0.body) } == Self.templateBody)
            let row = try #require(try await storage.outboxRows(chat: Self.agentChat).last)
            #expect(row.errorCode == 131047)
            #expect(
                row.lastError?.contains("the template was refused: \(reason)") == true, "\(row.lastError ?? "none")")
            #expect(
                try await bed.server.metric(
                    "chat_delivery_failures_total{channel=\"interakt\",code=\"131047\"}", reaches: 1))
            #expect(try await bed.server.metric("chat_templates_total{channel=\"interakt\",outcome=\"failed\"}") == 1)
            #expect(bed.server.logs.lines.contains { $0.contains("chat template refused") })

            // The agent writes again (a day on, the conversation starts over): the window is
            // open, the answer goes as text, and no template.
            let idle = "Your last session was idle for too long, so we started over."
            try await chat.say(.text("help"), [.text(idle + "\n\n" + Copy.askAgentMobile)])
            #expect(try await bed.server.waitUntilChatsSettle())
            #expect(bed.interakt.calls(to: Self.agentChat).filter { $0.body["type"] == "Template" }.count == 1)
            // The given-up reply stays given up; the answer's replies all went.
            let statuses = try await storage.outboxRows(chat: Self.agentChat).map(\.status)
            #expect(statuses.count > 2 && statuses.prefix(2) == ["sent", "failed"], "\(statuses)")
            #expect(statuses.dropFirst(2).allSatisfy { $0 == "sent" }, "\(statuses)")
        }
    }

    /// A template that meets a server error or Interakt's rate limit is tried again later (the
    /// chat's replies stay pending meanwhile); once it goes, the replies wait for the agent as
    /// usual. The rate limit is the whole channel's: every send pauses, as after any reply's 429.
    @Test(arguments: [502, 429])
    func aTemplateThatMeetsAServerErrorOrTheRateLimitIsTriedAgain(status: Int) async throws {
        let clock = ManualTime()
        try await ChatBed.run(time: clock, { $0.whatsappTemplateName = Self.template }) { bed in
            let chat = try await Self.replyWaitsPastTheWindow(bed, clock, template: FakeInterakt.Refusal(status))
            #expect(await eventually { bed.interakt.calls(to: Self.agentChat).count == 3 })
            #expect(
                try await bed.server.metric(
                    "chat_templates_total{channel=\"interakt\",outcome=\"retried\"}", reaches: 1))
            let throughputWaits = try await bed.server.metric(
                "chat_delivery_waits_total{channel=\"interakt\",reason=\"throughput\"}")
            #expect(throughputWaits == (status == 429 ? 1 : nil))
            // The retry falls due at most a long retry delay later, on the clock the test moves.
            clock.advance(seconds: 3600)
            #expect(await eventually { bed.interakt.delivered(to: Self.agentChat).count == 2 })
            let calls = bed.interakt.calls(to: Self.agentChat)
            #expect(calls.map(\.status) == [200, 503, status, 200])
            #expect(calls.suffix(2).allSatisfy { Self.withoutCallback($0.body) == Self.templateBody })
            #expect(try await bed.server.app.storage.outboxRows(chat: Self.agentChat).last?.status == "pending")

            try await chat.send(.text("Hi"))
            #expect(
                await eventually { Self.textsAfterTemplate(bed).hasPrefix(ChatDeliveryTests.help + "\n\n") },
                "\(Self.textsAfterTemplate(bed))")
            #expect(try await bed.server.waitUntilChatsSettle())
            #expect(try await bed.server.metric("chat_templates_total{channel=\"interakt\",outcome=\"sent\"}") == 1)
        }
    }
}

import FastagBot
import FastagTestKit
import TestKit
import Testing

/// Delivery statuses of the replies the bot sent, reported by WhatsApp and Interakt
/// webhooks: they update the outbox, never move back, and unknown ones change nothing.
@Suite(.onBothBackends) struct ChatDeliveryStatusTests {
    static let chat = ChatWebhookTests.agentChat

    /// The chat says "Hi" and "help"; both replies are sent. Returns their rows.
    static func twoRepliesSent(_ chat: ChatDriver, _ bed: ChatBed) async throws -> [OutboxRow] {
        try await chat.say(.text("Hi"), [.text(Copy.askAgentMobile)])
        try await chat.say(.text("help"), [.text(ChatWebhookTests.help)])
        #expect(try await bed.server.waitUntilChatsSettle())
        let sent = try await bed.server.app.storage.outboxRows(chat: Self.chat)
        try #require(sent.count == 2 && sent.allSatisfy { $0.status == "sent" }, "\(sent)")
        return sent
    }

    @Test func whatsAppStatusesUpdateTheOutbox() async throws {
        try await ChatBed.run { bed in
            let chat = bed.whatsApp(Self.chat)
            let sent = try await Self.twoRepliesSent(chat, bed)
            let storage = bed.server.app.storage
            let first = try #require(sent[0].providerMessageID)
            let second = try #require(sent[1].providerMessageID)

            func report(_ statuses: JSONValue...) async throws {
                let answer = try await chat.poster.whatsApp(WhatsAppPayload.notification(statuses: statuses))
                #expect(answer.status == 200, "\(answer.text)")
            }
            try await report(WhatsAppPayload.status(first, "delivered", recipient: Self.chat))
            #expect(try await storage.outboxRow(sent[0].id)?.status == "delivered")
            // Several in one notification; order is not guaranteed, so a late one never moves back.
            try await report(
                WhatsAppPayload.status(first, "read", recipient: Self.chat),
                WhatsAppPayload.status(first, "sent", recipient: Self.chat))
            #expect(try await storage.outboxRow(sent[0].id)?.status == "read")
            try await report(WhatsAppPayload.status(first, "delivered", recipient: Self.chat))
            #expect(try await storage.outboxRow(sent[0].id)?.status == "read")

            try await report(
                WhatsAppPayload.status(
                    second, "failed", recipient: Self.chat, error: (131026, "Message undeliverable")))
            let failed = try await storage.outboxRow(sent[1].id)
            #expect(failed?.status == "failed")
            #expect(failed?.lastError?.contains("131026") == true, "\(String(describing: failed))")
            // Unknown message ids change nothing.
            try await report(WhatsAppPayload.status("wamid.UNKNOWN", "read", recipient: Self.chat))
            #expect(try await storage.outboxRows().map(\.status) == ["read", "failed"])
            // Nothing was taken for an agent's message.
            #expect(try await storage.inboxRows().count == 2)
        }
    }

    @Test func interaktStatusesUpdateTheOutboxByCallbackData() async throws {
        try await ChatBed.run { bed in
            let chat = bed.interakt(Self.chat)
            let sent = try await Self.twoRepliesSent(chat, bed)
            let storage = bed.server.app.storage

            func report(_ type: String, _ row: OutboxRow, failure: String? = nil) async throws {
                let payload = InteraktPayload.status(
                    type, callbackData: String(row.id), id: row.providerMessageID ?? "", chat: Self.chat,
                    failure: failure)
                let answer = try await chat.poster.interakt(payload)
                #expect(answer.status == 200, "\(answer.text)")
            }
            try await report("message_api_sent", sent[0])
            #expect(try await storage.outboxRow(sent[0].id)?.status == "sent")
            try await report("message_api_delivered", sent[0])
            #expect(try await storage.outboxRow(sent[0].id)?.status == "delivered")
            try await report("message_api_read", sent[0])
            try await report("message_api_sent", sent[0])
            #expect(try await storage.outboxRow(sent[0].id)?.status == "read")
            try await report("message_api_failed", sent[1], failure: "Message undeliverable")
            let failed = try await storage.outboxRow(sent[1].id)
            #expect(failed?.status == "failed")
            #expect(failed?.lastError?.contains("Message undeliverable") == true, "\(String(describing: failed))")
            // Other events are acknowledged (Interakt counts anything else as a failure).
            for type in ["message_campaign_sent", "workflow_response_update", "message_api_clicked"] {
                let answer = try await chat.poster.interakt(["version": "1.0", "type": .string(type), "data": [:]])
                #expect(answer.status == 200, "\(type)")
            }
            #expect(try await storage.outboxRows().map(\.status) == ["read", "failed"])
            #expect(try await storage.inboxRows().count == 2)
        }
    }
}

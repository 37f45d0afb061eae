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
            #expect(failed?.errorCode == 131026)
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
            // Interakt passes Meta's code on as `channel_error_code`.
            #expect(failed?.errorCode == 131026)
            #expect(
                try await bed.server.metric(
                    "chat_delivery_failures_total{channel=\"interakt\",code=\"131026\"}", reaches: 1))
            // Other events are acknowledged (Interakt counts anything else as a failure).
            for type in ["message_campaign_sent", "workflow_response_update", "message_api_clicked"] {
                let answer = try await chat.poster.interakt(["version": "1.0", "type": .string(type), "data": [:]])
                #expect(answer.status == 200, "\(type)")
            }
            #expect(try await storage.outboxRows().map(\.status) == ["read", "failed"])
            #expect(try await storage.inboxRows().count == 2)
        }
    }

    @Test func failuresKeepTheirCodeAndAreCountedByCode() async throws {
        try await ChatBed.run { bed in
            let chat = bed.whatsApp(Self.chat)
            let sent = try await Self.twoRepliesSent(chat, bed)
            let storage = bed.server.app.storage
            let first = try #require(sent[0].providerMessageID)
            let second = try #require(sent[1].providerMessageID)
            let closed = WhatsAppPayload.status(
                first, "failed", recipient: Self.chat, error: (131047, "Re-engagement message"))
            for _ in 1...2 {
                // Meta may repeat a notification: the failure is counted once.
                let answer = try await chat.poster.whatsApp(WhatsAppPayload.notification(statuses: [closed]))
                #expect(answer.status == 200, "\(answer.text)")
            }
            let unknown = WhatsAppPayload.status(second, "failed", recipient: Self.chat, error: (999_999, "New"))
            let answer = try await chat.poster.whatsApp(WhatsAppPayload.notification(statuses: [unknown]))
            #expect(answer.status == 200, "\(answer.text)")

            let rows = try await storage.outboxRows(chat: Self.chat)
            #expect(rows.map(\.status) == ["failed", "failed"])
            #expect(rows.map(\.errorCode) == [131047, 999_999])
            #expect(rows[0].lastError?.contains("131047") == true, "\(rows[0])")
            let metrics = try await bed.server.get("/metrics").text
            let count = { (code: String) in
                TestServer.metric("chat_delivery_failures_total{channel=\"whatsapp\",code=\"\(code)\"}", in: metrics)
            }
            // A code outside the known set is "other": no webhook can grow the label set.
            #expect(count("131047") == 1)
            #expect(count("other") == 1)
            #expect(count("999999") == nil)
        }
    }
}

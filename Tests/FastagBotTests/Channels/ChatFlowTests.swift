import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// The whole assign flow through signed webhooks in sandbox mode: WhatsApp-shaped payloads
/// against the fake Graph API, then Interakt-shaped ones against the fake Interakt API. Every
/// reply the channel receives is checked in order: the exact copy of CONVERSATION.md and the
/// exact interactive shape (buttons, list or numbered text).
@Suite(.onBothBackends) struct ChatFlowTests {
    static let agentChat = "919876543210"

    /// The sandbox's walk, with the fixed tag's photo sent; small photos (chats download each).
    static let script: AssignScript = {
        var script = AssignScript.sandbox()
        script.tagPhoto = true
        script.photos = (1...5).map { ImageFixtures.jpeg(bytes: 40_000, seed: UInt64(100 + $0)) }
        return script
    }()

    /// Drives the demo agent from the first message to an activated tag; returns how each
    /// option was picked.
    static func assign(_ chat: ChatDriver, _ bed: ChatBed, imagePrefix: String) async throws -> [Inbound] {
        try await chat.say(.text("Hi"), [.text(Copy.askAgentMobile)])
        try await chat.say(.text("98765 43210"), [.text(Copy.agentOTPSent)])
        let otp = try #require(bed.agentOTP, "no agent OTP in the log")
        try await chat.say(.text(otp), Outgoing.demoMenu())
        // 14 makers: more than a list holds, so a paged list whose first page has TOYOTA.
        #expect(script.makers.count == 14)
        return try await chat.walk(script) { "\(imagePrefix)-\($0 + 1)" }
    }

    /// How each option was picked: by the shape it was offered in.
    static func expectPicks(_ picks: [Inbound], sourceLocation: SourceLocation = #_sourceLocation) {
        let planPick: Inbound =
            script.plans.count <= 3
            ? .button(id: "plan_500", title: "500 Plan") : .list(id: "plan_500", title: "500 Plan", description: nil)
        #expect(
            picks == [
                .button(id: "menu_assign", title: "Assign a FASTag"),
                .list(id: "id_passport", title: "Passport", description: nil),
                planPick,
                .button(id: "barcode_1", title: script.barcode),
                .list(id: "vehicle_maker_2", title: "TOYOTA", description: nil),
                .list(id: "vehicle_model_10", title: "INNOVA", description: nil),
                .list(id: "vehicle_descriptor_2", title: "Diesel", description: nil),
                .button(id: "confirm_yes", title: "Yes"),
            ], sourceLocation: sourceLocation)
    }

    /// The REST API after the activation: the tag active on the vehicle, the books debited,
    /// the chat's session completed with the five photos.
    static func expectActivated(_ bed: ChatBed, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let session = try await bed.server.expectActivated(
            script, agentMobile: SandboxCatalog.demoMobile, walletPaise: 450_000, fastags: 9,
            sourceLocation: sourceLocation)
        #expect(session["chat_id"] == .string(agentChat), sourceLocation: sourceLocation)
    }

    /// The whole walk on one channel, checked: the replies, how options were picked, the
    /// books; then nothing more is sent, every reply went out with `authorization` and was
    /// accepted, and has its outbox row, sent on `channel`. Returns the rows.
    static func walk(
        _ chat: ChatDriver, _ bed: ChatBed, imagePrefix: String, authorization: String, channel: String
    ) async throws -> [OutboxRow] {
        let picks = try await Self.assign(chat, bed, imagePrefix: imagePrefix)
        Self.expectPicks(picks)
        try await Self.expectActivated(bed)
        #expect(try await bed.server.waitUntilChatsSettle())
        #expect(chat.delivered.count == chat.seen)
        let calls = chat.calls
        #expect(calls.allSatisfy { $0.authorization == authorization && $0.accepted })
        #expect(calls.allSatisfy { $0.contentType?.hasPrefix("application/json") == true })
        let rows = try await bed.server.app.storage.outboxRows(chat: Self.agentChat)
        // Text replies stored together went as one message: their rows share its id.
        let messages = Self.firstOfEachMessage(rows)
        #expect(messages.count == chat.seen)
        #expect(rows.allSatisfy { $0.status == "sent" && $0.channel == channel })
        #expect(messages.compactMap(\.providerMessageID) == calls.compactMap(\.messageID))
        return rows
    }

    /// The first row of each message sent (rows merged into one message share its id).
    static func firstOfEachMessage(_ rows: [OutboxRow]) -> [OutboxRow] {
        var firsts: [OutboxRow] = []
        for row in rows where firsts.last?.providerMessageID != row.providerMessageID || row.providerMessageID == nil {
            firsts.append(row)
        }
        return firsts
    }

    @Test func assignThroughWhatsApp() async throws {
        try await ChatBed.run { bed in
            let chat = bed.whatsApp(Self.agentChat)
            let rows = try await Self.walk(
                chat, bed, imagePrefix: "1456789012345678", authorization: "Bearer \(FakeGraphAPI.token)",
                channel: "whatsapp")
            // Each photo: the media lookup, then its URL, both with the token.
            let media = bed.graph.mediaRequests
            #expect(media.count == 10, "\(media.map(\.path))")
            #expect(media.allSatisfy { $0.authorization == "Bearer \(FakeGraphAPI.token)" })
            #expect(media.map(\.path).first == "/\(FakeGraphAPI.version)/1456789012345678-1")
            #expect(media.map(\.path).dropFirst().first == "/media/1456789012345678-1")
            #expect(rows.allSatisfy { $0.attempts == 1 })
            let inbox = try await bed.server.app.storage.inboxRows(chat: Self.agentChat)
            #expect(inbox.count == 26 && inbox.allSatisfy(\.processed))
            #expect(try await bed.server.metric("chat_inbox_backlog") == 0)
        }
    }

    @Test func assignThroughInterakt() async throws {
        try await ChatBed.run { bed in
            let chat = bed.interakt(Self.agentChat)
            let rows = try await Self.walk(
                chat, bed, imagePrefix: "photo", authorization: "Basic \(FakeInterakt.apiKey)", channel: "interakt")
            #expect(bed.interakt.mediaRequests == (1...5).map { "photo-\($0)" })
            // Our outbox id travels as callbackData; Interakt's id is kept for status webhooks.
            #expect(Self.firstOfEachMessage(rows).map { String($0.id) } == chat.calls.compactMap(\.callbackData))
            #expect(bed.graph.calls.isEmpty)
        }
    }
}

import FastagTestKit
import Foundation
import Testing

@testable import FastagBot
@testable import SQLite

/// A chat's first message: its session, the figures its first question shows, the greeting
/// and the message's answered mark are one write; and a menu session that lacks its figures
/// (as a crash between two writes once left) gets them instead of refusing every choice.
@Suite("Engine: a new chat", .onBothBackends)
struct EngineNewChatTests {
    static let menuText = Copy.menu("Ravi Kumar", wallet: "₹1,250.50", fastags: 7)

    /// An inbox row, as a webhook stores one; its id is what a reply marks answered.
    static func inboxMessage(_ bot: StoredEngine, chat: String) async throws -> Int64 {
        try await bot.storage.pool.write { db in
            try db.insert(
                """
                INSERT INTO inbox (channel, provider_message_id, chat_id, payload, received_at)
                VALUES ('whatsapp', ?, ?, '{}', 0)
                """, "wamid.\(chat)", chat)
        }
    }

    @Test func aTrustedSendersFirstMessageIsOneWrite() async throws {
        let bot = try await StoredEngine { $0.trustChatSender = true }
        let chat = "919876543210"
        let inboxID = try await Self.inboxMessage(bot, chat: chat)
        let delivery = ChatDelivery(inboxID: inboxID, channel: .whatsapp, chatID: chat)
        let greeting = try await bot.engine.answer(
            .text("Hi"), channel: .whatsapp, chatID: chat, senderMobile: chat, delivery: delivery)
        #expect(greeting.text == Self.menuText && greeting.step == "menu" && !greeting.isRefusal)
        let session = try #require(try await bot.storage.sessions.openSession(channel: .whatsapp, chatID: chat))
        #expect(session.data["menu.agent_name"] == .string("Ravi Kumar") && session.data["menu.fastags"] == .int(7))
        let (answered, replies) = try await bot.storage.pool.read { db in
            (
                try db.scalar("SELECT count(*) FROM inbox WHERE processed_at IS NOT NULL", as: Int.self),
                try db.scalar("SELECT count(*) FROM outbox WHERE inbox_id = ?", [inboxID], as: Int.self)
            )
        }
        #expect(answered == 1 && replies == 1)
        // The next message is an answer to the menu.
        let next = try await bot.engine.answer(
            .text("1"), channel: .whatsapp, chatID: chat, senderMobile: chat,
            delivery: ChatDelivery(
                inboxID: try await Self.inboxMessage(bot, chat: chat + "-2"), channel: .whatsapp, chatID: chat))
        #expect(next.step == "vehicle_number" && next.sessionID == session.id)
    }

    @Test func aFirstMessageWhoseReplyCannotBeStoredLeavesNoSession() async throws {
        let bot = try await StoredEngine { $0.trustChatSender = true }
        let chat = "919876543210"
        // No such inbox row: queuing the reply breaks a foreign key, so the write fails whole.
        let delivery = ChatDelivery(inboxID: 424_242, channel: .whatsapp, chatID: chat)
        await #expect {
            try await bot.engine.answer(
                .text("Hi"), channel: .whatsapp, chatID: chat, senderMobile: chat, delivery: delivery)
        } throws: { TestDatabase.isConstraintViolation($0) }
        #expect(try await bot.storage.sessions.openSession(channel: .whatsapp, chatID: chat) == nil)
    }

    @Test func aMenuSessionWithoutFiguresGetsThemInsteadOfRefusing() async throws {
        let bot = try await StoredEngine()
        let agent = try #require(try await bot.storage.agents.find(mobile: StoredEngine.mobile))
        // What a crash between the session's insert and its greeting used to leave.
        func bareMenu(_ chat: String) async throws -> String {
            var session = Session(
                id: RandomID.uuid(), channel: .whatsapp, chatID: chat, flow: "menu", state: "menu",
                now: bot.time.nowMilliseconds())
            session.agentID = agent.id
            session.authenticatedAt = session.createdAt
            return try await bot.storage.sessions.create(session).id
        }
        let first = try await bareMenu("chat-a")
        let refused = try await bot.say("Hi", in: first)
        #expect(refused.isRefusal && refused.step == "menu")
        #expect(refused.text == "Please reply with one of the options (its number or its name).\n\n" + Self.menuText)
        #expect(try await bot.storage.sessions.get(first)?.data["menu.fastags"] == .int(7))

        let second = try await bareMenu("chat-b")
        let chosen = try await bot.say("1", in: second)
        #expect(chosen.step == "vehicle_number" && !chosen.isRefusal, "\(chosen.text)")
    }
}

import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// The real binary killed with SIGKILL while a burst of photos it acknowledged waits for its
/// downloads: after a restart on the same database the burst is answered once, whole.
@Suite struct ChatAlbumCrashTests {
    @Test func aBurstCutByKill9IsAnsweredOnceAfterTheRestart() async throws {
        let graph = try FakeGraphAPI()
        let (directory, environment) = try ChatCrashTests.setting(graph)
        let (bot, poster) = try await ChatCrashTests.start(environment, in: directory)
        let chat = ChatDriver(.whatsapp(graph), chat: ChatAlbumTests.agentChat, poster: poster)
        try await chat.say(.text("Hi"), [.text(Copy.askAgentMobile)])
        try await chat.say(.text("98765 43210"), [.text(Copy.agentOTPSent)])
        let otp = try #require(await bot.agentOTP(), "no agent OTP in the log")
        try await chat.say(.text(otp), Outgoing.demoMenu())
        _ = try await chat.walk(ChatAlbumTests.script, until: "doc_rc_front") { "photo-\($0 + 1)" }

        // The five in one webhook, while no photo can be fetched: each download is tried, the
        // burst waits for them, and the bot is killed.
        graph.failAllMedia(.status(503))
        let tried = graph.mediaRequests.count
        let items = (1...5).map {
            WhatsAppPayload.item(.image("photo-\($0)"), from: chat.chat, id: chat.nextMessageID())
        }
        #expect(try await chat.post(WhatsAppPayload.notification(messages: items, contact: chat.chat)).status == 200)
        let fetching = await eventually { Set(graph.mediaRequests.dropFirst(tried).map(\.path)).count >= 5 }
        try #require(fetching, "\(graph.mediaRequests.map(\.path))")
        kill(bot.process.processIdentifier, SIGKILL)
        _ = await bot.waitForExit()
        let before = chat.delivered.count

        graph.failAllMedia(nil)
        let (restarted, newPoster) = try await ChatCrashTests.start(environment, in: directory)
        let answered = await eventually { chat.delivered.count > before }
        #expect(answered, "\(restarted.text)")
        let settled = try await eventually {
            let inbox = TestServer.metric("chat_inbox_backlog", in: try await newPoster.get("/metrics").text)
            let outbox = TestServer.metric("chat_outbox_backlog", in: try await newPoster.get("/metrics").text)
            return inbox == 0 && outbox == 0
        }
        #expect(settled)
        let expected = Outgoing.text("✅ 5 of 5 photos received\n\n" + Copy.askSerial).whatsApp(to: chat.chat)
        #expect(Array(chat.delivered.dropFirst(before)) == [expected], "\(chat.delivered.map(\.jsonText))")
        kill(restarted.process.processIdentifier, SIGTERM)
        #expect(await restarted.waitForExit() == 0)
        newPoster.client.invalidate()
        poster.client.invalidate()
        await graph.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

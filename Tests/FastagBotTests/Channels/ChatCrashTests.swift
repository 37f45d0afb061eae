import FastagBot
import FastagTestKit
import Foundation
import Synchronization
import TestKit
import Testing

/// The real binary killed with SIGKILL while chat messages it acknowledged are still
/// unanswered (their photos cannot be fetched yet) and replies unsent (the Graph API fails):
/// after a restart on the same database, every acknowledged message is answered exactly once,
/// in order, and nothing is sent twice.
@Suite struct ChatCrashTests {
    static let token = "chat-crash-admin-token-0123456789"
    static let help = Copy.askAgentMobile + "\n(Your 10-digit mobile number, as registered with us.)"
    static let notAMobile = "Please type your mobile number.\n\n" + Copy.askAgentMobile

    /// The bot serving with `environment`, and a poster of webhooks to it.
    static func start(_ environment: [String: String], in directory: String) async throws -> (
        BotProcess, WebhookPoster
    ) {
        let bot = try await BotProcess.serve(environment, in: directory)
        return (bot, WebhookPoster(client: LoopbackClient(port: bot.listeningPort ?? 0)))
    }

    /// A fresh directory and the environment of a bot whose WhatsApp channel is `graph`.
    static func setting(_ graph: FakeGraphAPI) throws -> (String, [String: String]) {
        let directory = NSTemporaryDirectory() + "chat-crash-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let environment = [
            "DATABASE_URL": "sqlite:///" + directory + "/bot.db", "DATA_DIR": directory + "/data",
            "ADMIN_TOKEN": Self.token, "WHATSAPP_API_URL": graph.apiURL, "WHATSAPP_ACCESS_TOKEN": FakeGraphAPI.token,
            "WHATSAPP_PHONE_NUMBER_ID": FakeGraphAPI.phoneNumberID,
            "WHATSAPP_APP_SECRET": ChatSecrets.whatsappAppSecret, "WHATSAPP_VERIFY_TOKEN": ChatSecrets.verifyToken,
            "CHAT_MAX_ATTEMPTS": "100",
        ]
        return (directory, environment)
    }

    /// A bot whose Graph API refuses every send and every photo download (503), for now.
    struct Outage {
        let graph: FakeGraphAPI
        let directory: String
        let environment: [String: String]

        static func start() async throws -> (Outage, BotProcess, WebhookPoster) {
            let graph = try FakeGraphAPI()
            graph.failAllSends(.status(503))
            graph.failAllMedia(.status(503))
            let (directory, environment) = try ChatCrashTests.setting(graph)
            let (bot, poster) = try await ChatCrashTests.start(environment, in: directory)
            return (Outage(graph: graph, directory: directory, environment: environment), bot, poster)
        }

        /// The Graph API recovers, each chat's photo can be fetched, and the bot starts again
        /// on the same database.
        func recover(_ chats: [String]) async throws -> (BotProcess, WebhookPoster) {
            for chat in chats {
                graph.addMedia("media-\(chat)", ImageFixtures.jpeg(bytes: 8_000, seed: UInt64(chat) ?? 0))
            }
            graph.failAllMedia(nil)
            graph.failAllSends(nil)
            return try await ChatCrashTests.start(environment, in: directory)
        }
    }

    /// A gauge of the running binary.
    static func metric(_ name: String, _ poster: WebhookPoster) async throws -> Double? {
        TestServer.metric(name, in: try await poster.get("/metrics").text)
    }

    @Test func theSenderRestsWhileRepliesWaitBehindARetry() async throws {
        let graph = try FakeGraphAPI()
        let (directory, environment) = try Self.setting(graph)
        let (bot, poster) = try await Self.start(environment, in: directory)
        let pid = bot.process.processIdentifier
        let chat = ChatDriver(.whatsapp(graph), chat: "917200000001", poster: poster)

        // The first reply fails and waits for its retry (0.5 s, 1 s, 2 s…); two more queue behind it.
        graph.failAllSends(.status(503))
        for text in ["Hi", "help", "help"] { try await chat.send(.text(text)) }
        let waiting = try await eventually {
            let backlog = try await Self.metric("chat_outbox_backlog", poster)
            return graph.calls.count >= 2 && backlog == 3
        }
        try #require(waiting, "calls: \(graph.calls.count)\n\(bot.text)")
        let start = try #require(bot.process.cpuSeconds)
        try await Task.sleep(for: .seconds(3))
        let used = try #require(bot.process.cpuSeconds) - start
        // Nothing to do but wait (about 0.02 s of CPU here); a sender polling the outbox every
        // millisecond because replies queue behind the one waiting used 0.5 s.
        #expect(used < 0.25, "\(used) s of CPU in 3 s while replies waited for a retry")
        // Each attempt carries the first reply (with those due after it, as one message).
        #expect(
            graph.calls.allSatisfy { ChatDeliveryTests.texts([$0.body]).hasPrefix(Copy.askAgentMobile) },
            "a later reply passed the first")

        graph.failAllSends(nil)
        try await chat.expect([.text(Copy.askAgentMobile), .text(Self.help), .text(Self.help)])
        kill(pid, SIGTERM)
        #expect(await bot.waitForExit() == 0)
        await graph.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func acknowledgedMessagesAreAnsweredExactlyOnceAfterKill9() async throws {
        let (outage, bot, poster) = try await Outage.start()
        let (graph, directory) = (outage.graph, outage.directory)
        let chats = (1...24).map { "9170000000" + String(format: "%02d", $0) }
        let drivers = chats.map { ChatDriver(.whatsapp(graph), chat: $0, poster: poster) }

        // Each chat sends a greeting, a photo and "help", one after the other; the chats at once.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for driver in drivers {
                group.addTask {
                    try await driver.send(.text("Hi"))
                    try await driver.send(.image("media-\(driver.chat)"))
                    try await driver.send(.text("help"))
                }
            }
            try await group.waitForAll()
        }
        // All 72 acknowledged. The bot is at work: every greeting answered but its reply
        // failing, every photo's download tried and failing.
        let working = await eventually {
            Set(graph.calls.map(\.to)).count == chats.count
                && Set(graph.mediaRequests.map(\.path)).count == chats.count
        }
        try #require(working, "calls: \(graph.calls.count), media: \(graph.mediaRequests.count)\n\(bot.text)")
        #expect(try await Self.metric("chat_inbox_backlog", poster) == Double(2 * chats.count))
        kill(bot.process.processIdentifier, SIGKILL)
        _ = await bot.waitForExit()
        #expect(bot.process.terminationStatus == SIGKILL)
        #expect(graph.calls.allSatisfy { !$0.accepted }, "nothing was delivered before the kill")

        // The Graph API recovers; the photos can be fetched; the bot starts again.
        let (restarted, newPoster) = try await outage.recover(chats)
        try await Self.expectEachChatAnsweredOnce(drivers, restarted, newPoster, graph, directory)
    }

    @Test func messagesInFlightAtTheKillAreAnsweredOnceWhenDeliveredAgain() async throws {
        let (outage, bot, poster) = try await Outage.start()
        let (graph, directory) = (outage.graph, outage.directory)
        let chats = (1...40).map { "9171000000" + String(format: "%02d", $0) }
        let drivers = chats.map { ChatDriver(.whatsapp(graph), chat: $0, poster: poster) }
        let script: [Inbound] = [.text("Hi"), .image("m"), .text("help")]

        /// Per chat: the message ids used, and how many were acknowledged.
        final class Progress: Sendable {
            let state = Mutex((ids: [String: [String]](), acknowledged: [String: Int](), total: 0))
        }
        let progress = Progress()
        for driver in drivers {
            let ids = script.indices.map { _ in driver.nextMessageID() }
            progress.state.withLock { $0.ids[driver.chat] = ids }
        }
        let killAfter = 50
        // The chats at once, each message after the previous one's 200; the process is killed
        // after the 50th acknowledgement, in the middle of the burst.
        await withTaskGroup(of: Void.self) { group in
            for driver in drivers {
                group.addTask {
                    let ids = progress.state.withLock { $0.ids[driver.chat] ?? [] }
                    for (index, inbound) in script.enumerated() {
                        let payload = driver.payload(
                            inbound == .image("m") ? .image("media-\(driver.chat)") : inbound, id: ids[index])
                        guard let answer = try? await driver.post(payload), answer.status == 200 else { return }
                        let killNow = progress.state.withLock { state -> Bool in
                            state.acknowledged[driver.chat, default: 0] += 1
                            state.total += 1
                            return state.total == killAfter
                        }
                        if killNow { kill(bot.process.processIdentifier, SIGKILL) }
                    }
                }
            }
        }
        _ = await bot.waitForExit()
        #expect(bot.process.terminationStatus == SIGKILL)
        let acknowledged = progress.state.withLock { $0.total }
        #expect(acknowledged >= killAfter)
        #expect(acknowledged < drivers.count * script.count, "the burst ended before the kill")
        #expect(graph.calls.allSatisfy { !$0.accepted })

        // Restarted, the bot is sent again what it did not acknowledge, as WhatsApp would
        // (the same message ids: one may have been stored before the kill).
        let (restarted, newPoster) = try await outage.recover(chats)
        let again = chats.map { ChatDriver(.whatsapp(graph), chat: $0, poster: newPoster) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for driver in again {
                group.addTask {
                    let (ids, done) = progress.state.withLock {
                        ($0.ids[driver.chat] ?? [], $0.acknowledged[driver.chat] ?? 0)
                    }
                    for index in done..<script.count {
                        let inbound =
                            script[index] == .image("m") ? Inbound.image("media-\(driver.chat)") : script[index]
                        try await driver.send(inbound, id: ids[index])
                    }
                }
            }
            try await group.waitForAll()
        }
        try await Self.expectEachChatAnsweredOnce(again, restarted, newPoster, graph, directory)
    }

    /// After the restart: every chat gets exactly the three answers (greeting, the refused
    /// photo, help), in order, nothing stays in the inbox or outbox, and the bot stops cleanly.
    static func expectEachChatAnsweredOnce(
        _ drivers: [ChatDriver], _ restarted: BotProcess, _ poster: WebhookPoster, _ graph: FakeGraphAPI,
        _ directory: String
    ) async throws {
        let expected = [Copy.askAgentMobile, Self.notAMobile, Self.help]
        // Replies due together may go as one message: the texts joined are what the agent reads.
        let joined = expected.joined(separator: "\n\n")
        let answered = await eventually {
            drivers.allSatisfy { ChatDeliveryTests.texts($0.delivered).count >= joined.count }
        }
        #expect(answered, "\(drivers.map(\.delivered.count))\n\(restarted.text)")
        let settled = try await eventually {
            let inbox = try await Self.metric("chat_inbox_backlog", poster)
            let outbox = try await Self.metric("chat_outbox_backlog", poster)
            return inbox == 0 && outbox == 0
        }
        #expect(settled)
        for driver in drivers {
            #expect(
                ChatDeliveryTests.texts(driver.delivered) == joined,
                "\(driver.chat): \(driver.delivered.map(\.jsonText))")
        }
        kill(restarted.process.processIdentifier, SIGTERM)
        #expect(await restarted.waitForExit() == 0)
        await graph.stop()
        #expect(graph.problems == [])
        try? FileManager.default.removeItem(atPath: directory)
    }
}

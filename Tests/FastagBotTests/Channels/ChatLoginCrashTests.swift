import FastagBot
import FastagTestKit
import Foundation
import Synchronization
import TestKit
import Testing

/// The real binary, with `AGENT_LOGIN=whatsapp`, killed with SIGKILL at a random moment
/// while 24 agents send their first messages. A first message creates the chat's session at
/// the menu with the agent's figures and queues the greeting: one write, so after the
/// restart every chat has its greeting with the agent's name and figures, and the menu
/// accepts a valid choice. (Two writes once left sessions at the menu without figures:
/// "Hi  👋", "You have no FASTags left", until the session expired.)
@Suite struct ChatLoginCrashTests {
    static let chats = (1...24).map { "9172000001" + String(format: "%02d", $0) }

    /// The agent chatting from `chat`: name and figures as its greeting shows them.
    static func agent(_ index: Int) -> (first: String, last: String, fastags: Int) {
        ("Agent", String(UnicodeScalar(UInt8(65 + index))), index)
    }

    static func greeting(_ index: Int) -> [Outgoing] {
        let agent = agent(index)
        return Outgoing.message(
            Copy.menu("\(agent.first) \(agent.last)", wallet: "₹5,000", fastags: agent.fastags),
            options: Copy.menuOptions)
    }

    @Test func firstMessagesOfManyChatsKilledAtARandomMoment() async throws {
        let graph = try FakeGraphAPI()
        var (directory, environment) = try ChatCrashTests.setting(graph)
        environment["AGENT_LOGIN"] = "whatsapp"
        let (bot, poster) = try await ChatCrashTests.start(environment, in: directory)
        let admin = StepDriver(client: poster.client, token: ChatCrashTests.token)
        for (index, chat) in Self.chats.enumerated() {
            let agent = Self.agent(index + 1)
            let created = try await admin.send(
                "/agents/",
                [
                    "first_name": .string(agent.first), "last_name": .string(agent.last),
                    "mobile": .string(String(chat.dropFirst(2))), "fastags_left": .int(Int64(agent.fastags)),
                    "wallet_balance_paise": 500_000,
                ], auth: .header("Authorization", "Bearer \(ChatCrashTests.token)"))
            try #require(created.status == 201, "\(created.text)")
        }
        let drivers = Self.chats.map { ChatDriver(.whatsapp(graph), chat: $0, poster: poster) }
        let ids = drivers.map { $0.nextMessageID() }

        // Every chat sends its first message at once; the bot dies after a random number of
        // them were acknowledged, a random few milliseconds later.
        let killAfter = Int.random(in: 1...Self.chats.count)
        let delay = Int.random(in: 0...20)
        /// The chats whose first message was acknowledged.
        final class Acknowledged: Sendable {
            let chats = Mutex(Set<Int>())
        }
        let acknowledged = Acknowledged()
        await withTaskGroup(of: Void.self) { group in
            for (index, driver) in drivers.enumerated() {
                group.addTask {
                    guard let answer = try? await driver.post(driver.payload(.text("Hi"), id: ids[index])),
                        answer.status == 200
                    else { return }
                    let count = acknowledged.chats.withLock {
                        $0.insert(index)
                        return $0.count
                    }
                    if count == killAfter {
                        try? await Task.sleep(for: .milliseconds(delay))
                        kill(bot.process.processIdentifier, SIGKILL)
                    }
                }
            }
        }
        _ = await bot.waitForExit()
        #expect(bot.process.terminationStatus == SIGKILL)
        let point = "killed after \(killAfter) acknowledgements + \(delay) ms"

        // Restarted, the bot is sent again what it did not acknowledge, as WhatsApp would.
        let (restarted, newPoster) = try await ChatCrashTests.start(environment, in: directory)
        let again = Self.chats.map { ChatDriver(.whatsapp(graph), chat: $0, poster: newPoster) }
        let done = acknowledged.chats.withLock { $0 }
        for (index, driver) in again.enumerated() where !done.contains(index) {
            try await driver.send(.text("Hi"), id: ids[index])
        }
        let greeted = await eventually { again.allSatisfy { !$0.delivered.isEmpty } }
        #expect(greeted, "\(point): \(again.map(\.delivered.count))\n\(restarted.text)")
        let settled = try await eventually {
            let inbox = try await ChatCrashTests.metric("chat_inbox_backlog", newPoster)
            let outbox = try await ChatCrashTests.metric("chat_outbox_backlog", newPoster)
            return inbox == 0 && outbox == 0
        }
        #expect(settled, "\(point)")

        // Each chat got its greeting (twice at most: sent just before the kill, not yet
        // marked sent) and nothing else; a valid choice is accepted.
        let before = again.map(\.delivered.count)
        for (index, driver) in again.enumerated() {
            let greeting = Self.greeting(index + 1).map { driver.body($0) }
            let delivered = driver.delivered
            #expect(
                !delivered.isEmpty && delivered.allSatisfy { [$0] == greeting },
                "\(point), \(driver.chat): \(delivered.map(\.jsonText))")
            try await driver.send(.button(id: "menu_assign", title: "Assign a FASTag"))
        }
        let answered = await eventually {
            zip(again, before).allSatisfy { $0.delivered.count > $1 }
        }
        #expect(answered, "\(point)")
        for driver in again {
            #expect(
                driver.delivered.last == driver.body(.text(Copy.askVehicleNumber)),
                "\(point), \(driver.chat): \(driver.delivered.last?.jsonText ?? "nothing")")
        }
        kill(restarted.process.processIdentifier, SIGTERM)
        #expect(await restarted.waitForExit() == 0)
        await graph.stop()
        #expect(graph.problems == [])
        try? FileManager.default.removeItem(atPath: directory)
    }
}

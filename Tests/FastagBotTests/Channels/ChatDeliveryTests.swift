import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// Replies when the channel's API fails: retried with backoff (the first retry after about
/// half a second), in order per chat, given up after CHAT_MAX_ATTEMPTS with the error
/// recorded; photos whose download fails wait, and their chat waits with them.
@Suite(.onBothBackends) struct ChatDeliveryTests {
    static let agentChat = "919876543210"
    static let help = Copy.askAgentMobile + "\n(Your 10-digit mobile number, as registered with us.)"
    static let notAMobile = "Please type your mobile number.\n\n" + Copy.askAgentMobile

    /// The texts the chat received, joined as the agent reads them (replies due together go
    /// as one message, so how many messages carried them depends on when each was stored).
    static func texts(_ bodies: [JSONValue]) -> String {
        bodies.compactMap { $0["text"]?["body"]?.stringValue ?? $0["data"]?["message"]?.stringValue }
            .joined(separator: "\n\n")
    }

    @Test func graphFailuresDelayRepliesWhichThenGoOutInOrder() async throws {
        try await ChatBed.run { bed in
            // 500, 429 (throughput), then the pair-rate limit as a Graph error: all pass with time.
            bed.graph.failSends(.status(500), .status(429), .graphError(131056))
            let chat = bed.whatsApp(Self.agentChat)
            // Three messages at once: their replies queue behind the first.
            try await chat.send(.text("Hi"))
            try await chat.send(.text("help"))
            try await chat.send(.text("98765 43210"))
            try await chat.expect(
                [.text(Copy.askAgentMobile), .text(Self.help), .text(Copy.agentOTPSent)])
            #expect(try await bed.server.waitUntilChatsSettle())

            let calls = bed.graph.calls(to: Self.agentChat)
            #expect(Array(calls.map(\.status).prefix(4)) == [500, 429, 400, 200])
            #expect(calls.dropFirst(3).allSatisfy { $0.accepted })
            // The first reply is tried until it goes; nothing passes it.
            #expect(calls.prefix(3).allSatisfy { Self.texts([$0.body]).hasPrefix(Copy.askAgentMobile) })
            #expect(
                Self.texts(calls.filter(\.accepted).map(\.body))
                    == [Copy.askAgentMobile, Self.help, Copy.agentOTPSent].joined(separator: "\n\n"))
            let rows = try await bed.server.app.storage.outboxRows(chat: Self.agentChat)
            #expect(rows.map(\.status) == ["sent", "sent", "sent"])
            #expect(rows.map(\.attempts) == [4, 1, 1])
            #expect(rows.map(\.lastError) == [nil, nil, nil])
            #expect(
                try await bed.server.metric(
                    "chat_deliveries_total{channel=\"whatsapp\",outcome=\"retried\"}", reaches: 3))
            #expect(
                try await bed.server.metric("chat_deliveries_total{channel=\"whatsapp\",outcome=\"sent\"}", reaches: 3))
        }
    }

    @Test func interaktFailuresDelayRepliesToo() async throws {
        try await ChatBed.run { bed in
            bed.interakt.failSends(429, 502)
            let chat = bed.interakt(Self.agentChat)
            try await chat.send(.text("Hi"))
            try await chat.send(.text("help"))
            try await chat.expect([.text(Copy.askAgentMobile), .text(Self.help)])
            #expect(try await bed.server.waitUntilChatsSettle())
            let calls = bed.interakt.calls(to: Self.agentChat)
            #expect(Array(calls.map(\.status).prefix(3)) == [429, 502, 200])
            #expect(Self.texts(calls.filter(\.accepted).map(\.body)) == Copy.askAgentMobile + "\n\n" + Self.help)
            // Every attempt of a reply carries the same callbackData (its outbox id).
            let rows = try await bed.server.app.storage.outboxRows(chat: Self.agentChat)
            #expect(calls.prefix(3).map(\.callbackData) == Array(repeating: String(rows[0].id), count: 3))
            #expect(rows.map(\.status) == ["sent", "sent"])
            #expect(rows.map(\.attempts) == [3, 1])
        }
    }

    @Test func aReplyIsGivenUpAfterMaxAttemptsWithItsError() async throws {
        try await ChatBed.run({ $0.chatMaxAttempts = 3 }) { bed in
            bed.graph.failAllSends(.status(503))
            let chat = bed.whatsApp(Self.agentChat)
            try await chat.send(.text("Hi"))
            let storage = bed.server.app.storage
            let givenUp = try await eventually {
                try await storage.outboxRows(chat: Self.agentChat).first?.status == "failed"
            }
            try #require(givenUp, "the reply was not given up")
            let row = try #require(try await storage.outboxRows(chat: Self.agentChat).first)
            #expect(row.attempts == 3)
            #expect(row.lastError?.contains("HTTP 503") == true, "\(row.lastError ?? "none")")
            #expect(bed.graph.calls(to: Self.agentChat).map(\.status) == [503, 503, 503])

            // The channel recovers: the next reply goes out; the one given up is not sent again.
            bed.graph.failAllSends(nil)
            try await chat.say(.text("help"), [.text(Self.help)])
            #expect(try await bed.server.waitUntilChatsSettle())
            #expect(bed.graph.calls(to: Self.agentChat).map(\.status) == [503, 503, 503, 200])
            #expect(try await storage.outboxRows(chat: Self.agentChat).map(\.status) == ["failed", "sent"])

            // An error that will never pass (a 400 other than a rate limit) is given up at once.
            bed.graph.failSends(.graphError(100))
            try await chat.send(.text("also"))
            let refused = try await eventually {
                try await storage.outboxRows(chat: Self.agentChat).last?.status == "failed"
            }
            #expect(refused)
            let last = try #require(try await storage.outboxRows(chat: Self.agentChat).last)
            #expect(last.attempts == 1)
            #expect(last.lastError?.contains("HTTP 400") == true, "\(last.lastError ?? "none")")
            #expect(
                try await bed.server.metric(
                    "chat_deliveries_total{channel=\"whatsapp\",outcome=\"failed\"}", reaches: 2))
        }
    }

    @Test func aPhotoThatCannotBeFetchedYetHoldsItsChat() async throws {
        try await ChatBed.run { bed in
            let chat = bed.whatsApp(Self.agentChat)
            try await chat.say(.text("Hi"), [.text(Copy.askAgentMobile)])
            chat.addMedia("5550001", ImageFixtures.jpeg(bytes: 20_000, seed: 7))
            bed.graph.failMedia("5550001", .status(500), .status(503))
            // The photo (read at the mobile step, so refused) waits for its download; the text
            // sent after it is answered after it.
            try await chat.send(.image("5550001"))
            try await chat.send(.text("help"))
            try await chat.expect([.text(Self.notAMobile), .text(Self.help)])
            #expect(try await bed.server.waitUntilChatsSettle())
            let lookups = bed.graph.mediaRequests.filter { $0.path.hasSuffix("/5550001") }
            #expect(lookups.count == 4, "two failed lookups, then the lookup and the download")
            let inbox = try await bed.server.app.storage.inboxRows(chat: Self.agentChat)
            #expect(inbox.map(\.attempts) == [0, 2, 0])
            #expect(inbox.allSatisfy { $0.processed })
        }
    }

    static let apology = "Sorry, something went wrong on our side. Please send that again."

    @Test func aPhotoThatCanNeverBeFetchedIsAskedForAgain() async throws {
        try await ChatBed.run({ $0.chatMaxAttempts = 2 }) { bed in
            let chat = bed.whatsApp(Self.agentChat)
            try await chat.say(.text("Hi"), [.text(Copy.askAgentMobile)])
            // An unknown (or expired) media id: the lookup answers 404 — never worth a retry.
            try await chat.say(.image("9990001"), [.text(Self.apology)])
            // A download failing until CHAT_MAX_ATTEMPTS is used up.
            chat.addMedia("9990002", ImageFixtures.jpeg(bytes: 8_000, seed: 9))
            bed.graph.failMedia("9990002", .status(503), .status(503))
            try await chat.say(.image("9990002"), [.text(Self.apology)])
            // The conversation goes on where it was.
            try await chat.say(.text("help"), [.text(Self.help)])
            let inbox = try await bed.server.app.storage.inboxRows(chat: Self.agentChat)
            #expect(inbox.allSatisfy { $0.processed })
            #expect(inbox[1].lastError?.contains("HTTP 404") == true, "\(inbox[1])")
            #expect(inbox[2].lastError?.contains("HTTP 503") == true, "\(inbox[2])")
        }
    }

    /// One chat answered at a time (CHAT_WORKERS=1), and that chat's photo download hangs:
    /// another agent is still answered, because a chat waiting outside does not count.
    @Test func aChatWaitingForItsPhotoDoesNotHoldOthersUp() async throws {
        try await ChatBed.run({ $0.chatWorkers = 1 }) { bed in
            let waiting = bed.whatsApp(Self.agentChat)
            let other = bed.whatsApp("919812345678")
            try await waiting.say(.text("Hi"), [.text(Copy.askAgentMobile)])
            waiting.addMedia("5550009", ImageFixtures.jpeg(bytes: 20_000, seed: 9))
            bed.graph.holdMedia(true)
            try await waiting.send(.image("5550009"))
            #expect(await eventually { bed.graph.mediaHeld == 1 })

            // The other chat is answered while the photo is still unanswered (its download held;
            // on a slow machine it may even have timed out once and be waiting for its retry,
            // which does not count against the width either).
            try await other.send(.text("Hi"))
            try await other.expect([.text(Copy.askAgentMobile)])
            let photo = try await bed.server.app.storage.inboxRows(chat: Self.agentChat).last
            #expect(photo?.processed == false, "\(String(describing: photo))")
            bed.graph.holdMedia(false)
            try await waiting.expect([.text(Self.notAMobile)])
        }
    }
}

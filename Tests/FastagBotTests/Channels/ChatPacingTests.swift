import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// Sends within the providers' limits (protocols/whatsapp-cloud-api.md sections 8 and 11,
/// interakt.md section 6), on a clock the tests move: the pair-rate limit holds back one
/// chat alone, a throughput error every chat, text replies due together go as one message,
/// Interakt is paced per minute, and WhatsApp's sends at the limit are spread out.
@Suite(.onBothBackends) struct ChatPacingTests {
    static let agentChat = ChatDeliveryTests.agentChat
    static let otherChat = "919812345678"

    @Test func aPairRateLimitBacksOffOnlyThatChat() async throws {
        let clock = ManualTime()
        try await ChatBed.run(time: clock) { bed in
            let storage = bed.server.app.storage
            bed.graph.failSends(.graphError(131056))
            let slowed = bed.whatsApp(Self.agentChat)
            try await slowed.send(.text("Hi"))
            #expect(await eventually { bed.graph.calls(to: Self.agentChat).count == 1 })
            // Its next reply waits behind the first, in order; another agent is not held up.
            try await slowed.send(.text("help"))
            try await bed.whatsApp(Self.otherChat).say(.text("Hi"), [.text(Copy.askAgentMobile)])
            #expect(try await eventually { try await storage.inboxRows(chat: Self.agentChat).allSatisfy(\.processed) })
            let rows = try await storage.outboxRows(chat: Self.agentChat)
            #expect(rows.map(\.status) == ["pending", "pending"])
            #expect(rows.first?.lastError?.contains("131056") == true, "\(rows)")
            #expect(bed.graph.calls(to: Self.agentChat).count == 1)

            // 4 s later (4^1) the chat's replies go, in order, as one message.
            clock.advance(seconds: 5)
            try await slowed.expect([.text(Copy.askAgentMobile), .text(ChatDeliveryTests.help)])
            #expect(bed.graph.calls(to: Self.agentChat).map(\.status) == [400, 200])
            #expect(
                try await bed.server.metric(
                    "chat_delivery_waits_total{channel=\"whatsapp\",reason=\"pair_rate\"}", reaches: 1))
            #expect(try await bed.server.metric("chat_replies_merged_total{channel=\"whatsapp\"}", reaches: 1))
        }
    }

    @Test func aThroughputErrorSlowsEveryChat() async throws {
        let clock = ManualTime()
        try await ChatBed.run(time: clock) { bed in
            bed.graph.failSends(.status(429))
            let first = bed.whatsApp(Self.agentChat)
            let other = bed.whatsApp(Self.otherChat)
            try await first.send(.text("Hi"))
            #expect(await eventually { bed.graph.calls(to: Self.agentChat).count == 1 })
            // The business number is over its throughput: the other chat's reply waits too.
            try await other.send(.text("Hi"))
            #expect(
                try await bed.server.metric(
                    "chat_delivery_waits_total{channel=\"whatsapp\",reason=\"rate\"}", reaches: 1))
            #expect(bed.graph.calls.count == 1)
            let waiting = try await bed.server.app.storage.outboxRows(chat: Self.otherChat)
            #expect(waiting.map(\.status) == ["pending"])

            clock.advance(seconds: 2)
            try await first.expect([.text(Copy.askAgentMobile)])
            try await other.expect([.text(Copy.askAgentMobile)])
            #expect(bed.graph.calls.map(\.status) == [429, 200, 200])
        }
    }

    @Test func textRepliesWaitingTogetherGoAsOneMessage() async throws {
        // On a clock the test moves: the first reply's failed send (503) is retried only when
        // the clock says so, whatever the machine's speed, and by then all three wait together.
        let clock = ManualTime()
        try await ChatBed.run(time: clock) { bed in
            let storage = bed.server.app.storage
            let chat = bed.whatsApp(Self.agentChat)
            bed.graph.failSends(.status(503))
            try await chat.send(.text("Hi"))
            #expect(await eventually { bed.graph.calls(to: Self.agentChat).count == 1 })
            try await chat.send(.text("help"))
            try await chat.send(.text("98765 43210"))
            #expect(try await eventually { try await storage.outboxRows(chat: Self.agentChat).count == 3 })
            #expect(try await eventually { try await storage.inboxRows(chat: Self.agentChat).allSatisfy(\.processed) })
            clock.advance(seconds: 2)
            try await chat.expect([.text(Copy.askAgentMobile), .text(ChatDeliveryTests.help), .text(Copy.agentOTPSent)])
            #expect(try await bed.server.waitUntilChatsSettle())

            let calls = bed.graph.calls(to: Self.agentChat)
            #expect(calls.map(\.status) == [503, 200])
            #expect(
                calls.last?.body["text"]?["body"]?.stringValue
                    == [Copy.askAgentMobile, ChatDeliveryTests.help, Copy.agentOTPSent].joined(separator: "\n\n"))
            let rows = try await storage.outboxRows(chat: Self.agentChat)
            #expect(rows.map(\.status) == ["sent", "sent", "sent"])
            #expect(Set(rows.map(\.providerMessageID)).count == 1)
            // Two replies went inside the first one's message.
            #expect(try await bed.server.metric("chat_replies_merged_total{channel=\"whatsapp\"}", reaches: 2))
        }
    }

    @Test func interaktIsPacedPerMinute() async throws {
        let clock = ManualTime()
        try await ChatBed.run(time: clock, { $0.interaktSendRatePerMinute = 2 }) { bed in
            let chats = ["919800000001", "919800000002", "919800000003"].map { bed.interakt($0) }
            for chat in chats { try await chat.send(.text("Hi")) }
            #expect(
                try await bed.server.metric(
                    "chat_delivery_waits_total{channel=\"interakt\",reason=\"rate\"}", reaches: 1))
            #expect(bed.interakt.calls.count == 2, "two sends within the minute")

            clock.advance(seconds: 61)
            for chat in chats { try await chat.expect([.text(Copy.askAgentMobile)]) }
            #expect(bed.interakt.calls.count == 3)
        }
    }

    @Test func sendsAtTheLimitAreSpreadOutNotSentAtOnce() async throws {
        // 4 a second, one at once: on a clock that does not move, one reply goes and the
        // others wait for their places (a sliding window alone would let four go at once).
        let clock = ManualTime()
        try await ChatBed.run(time: clock, { $0.whatsappSendRate = 4 }) { bed in
            let chats = (1...6).map { bed.whatsApp("91980000000\($0)") }
            for chat in chats { try await chat.send(.text("Hi")) }
            #expect(
                try await bed.server.metric(
                    "chat_delivery_waits_total{channel=\"whatsapp\",reason=\"rate\"}", reaches: 5))
            #expect(bed.graph.calls.count == 1)

            // Time moves on (quickly): each reply goes in its place. On a clock that stops
            // again, only the next one would.
            #expect(
                await eventually {
                    clock.advance(seconds: 0.3)
                    return bed.graph.calls.count == 6
                })
            for chat in chats { try await chat.expect([.text(Copy.askAgentMobile)]) }
            #expect(bed.graph.calls.count == 6 && bed.graph.calls.allSatisfy(\.accepted))
        }
    }
}

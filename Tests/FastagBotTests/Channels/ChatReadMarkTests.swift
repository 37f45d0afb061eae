import FastagBot
import FastagTestKit
import Foundation
import TestKit
import Testing

/// Read receipts with the typing indicator: every new WhatsApp message is marked read once,
/// apart from the replies (which the fake records separately), and a read mark that fails or
/// hangs never holds a reply back. Interakt documents no read receipts: nothing is sent.
@Suite(.onBothBackends) struct ChatReadMarkTests {
    static let agentChat = "919876543210"
    static let help = Copy.askAgentMobile + "\n(Your 10-digit mobile number, as registered with us.)"

    @Test func everyMessageIsMarkedReadOnceWithTheTypingIndicator() async throws {
        try await ChatBed.run { bed in
            let chat = bed.whatsApp(Self.agentChat)
            let first = try await chat.send(.text("Hi"))
            let second = try await chat.send(.text("help"))
            try await chat.expect([.text(Copy.askAgentMobile), .text(Self.help)])
            // A repeated delivery is not a new message: no second mark.
            try await chat.send(.text("help"), id: second)
            #expect(try await bed.server.waitUntilChatsSettle())
            #expect(
                try await bed.server.metric(
                    "chat_read_marks_total{channel=\"whatsapp\",outcome=\"marked\"}", reaches: 2))
            let marks = bed.graph.readMarks
            #expect(marks.map(\.messageID).sorted() == [first, second].sorted())
            #expect(marks.map(\.status) == [200, 200])
            for mark in marks {
                #expect(mark.body["typing_indicator"] == ["type": "text"])
            }
            // The sends are the replies alone (two texts due together go as one message).
            let calls = bed.graph.calls(to: Self.agentChat)
            #expect((1...2).contains(calls.count) && calls.allSatisfy { $0.accepted })
            #expect(calls.allSatisfy { $0.body["type"] == "text" })
        }
    }

    @Test func aHangingReadMarkDoesNotDelayTheReply() async throws {
        try await ChatBed.run { bed in
            bed.graph.holdReadMarks(true)
            let chat = bed.whatsApp(Self.agentChat)
            try await chat.say(.text("Hi"), [.text(Copy.askAgentMobile)])
            // The reply went while its message's read mark was still waiting for an answer.
            #expect(await eventually { bed.graph.readMarksHeld == 1 })
            #expect(bed.graph.readMarks.isEmpty)
            bed.graph.holdReadMarks(false)
            #expect(await eventually { bed.graph.readMarks.count == 1 })
        }
    }

    @Test func failingReadMarksDoNotStopRepliesWhichGoInOrder() async throws {
        try await ChatBed.run { bed in
            bed.graph.failAllReadMarks(.status(500))
            let chat = bed.whatsApp(Self.agentChat)
            try await chat.send(.text("Hi"))
            try await chat.send(.text("help"))
            try await chat.send(.text("98765 43210"))
            try await chat.expect([.text(Copy.askAgentMobile), .text(Self.help), .text(Copy.agentOTPSent)])
            #expect(
                try await bed.server.metric(
                    "chat_read_marks_total{channel=\"whatsapp\",outcome=\"failed\"}", reaches: 3))
            // One attempt each: a failed mark is not tried again.
            #expect(bed.graph.readMarks.map(\.status) == [500, 500, 500])
            #expect(bed.graph.calls(to: Self.agentChat).allSatisfy { $0.accepted })
        }
    }

    @Test func interaktMessagesAreNotMarked() async throws {
        try await ChatBed.run { bed in
            let chat = bed.interakt(Self.agentChat)
            try await chat.say(.text("Hi"), [.text(Copy.askAgentMobile)])
            #expect(try await bed.server.waitUntilChatsSettle())
            #expect(bed.graph.readMarks.isEmpty)
            #expect(bed.interakt.calls(to: Self.agentChat).count == 1)
        }
    }
}

import FastagBot
import Foundation
import Synchronization
import TestKit
import Testing

/// One agent chatting with the bot through signed webhooks, and what the channel's fake
/// recorded of the bot's replies to that chat.
package final class ChatDriver: Sendable {
    package enum Channel: Sendable {
        case whatsapp(FakeGraphAPI)
        case interakt(FakeInterakt)
    }

    package let channel: Channel
    package let chat: String
    package let poster: WebhookPoster
    private let state = Mutex((seen: 0, counter: 0, last: Outgoing?.none))

    package init(_ channel: Channel, chat: String, poster: WebhookPoster) {
        self.channel = channel
        self.chat = chat
        self.poster = poster
    }

    /// The bodies the channel accepted for this chat, in order.
    package var delivered: [JSONValue] {
        switch channel {
        case .whatsapp(let graph): graph.delivered(to: chat)
        case .interakt(let interakt): interakt.delivered(to: chat)
        }
    }

    /// What the channel received for this chat (accepted or not), in order.
    package var calls: [ChannelCall] {
        switch channel {
        case .whatsapp(let graph): graph.calls(to: chat)
        case .interakt(let interakt): interakt.calls(to: chat)
        }
    }

    package var problems: [String] {
        switch channel {
        case .whatsapp(let graph): graph.problems
        case .interakt(let interakt): interakt.problems
        }
    }

    /// Serves a photo under `id` (a media id, or the last part of an Interakt media URL), of
    /// `mimeType` (by default the bytes' own) as the lookup or the download's header says it.
    package func addMedia(_ id: String, _ bytes: [UInt8], mimeType: String? = nil) {
        switch channel {
        case .whatsapp(let graph): graph.addMedia(id, bytes, mimeType: mimeType)
        case .interakt(let interakt): interakt.addMedia(id, bytes, contentType: mimeType)
        }
    }

    /// A fresh provider message id.
    package func nextMessageID() -> String {
        let n = state.withLock {
            $0.counter += 1
            return $0.counter
        }
        switch channel {
        case .whatsapp: return "wamid.IN.\(chat).\(n).\(UUID().uuidString.prefix(8))"
        case .interakt: return UUID().uuidString.lowercased()
        }
    }

    /// The signed webhook body for `inbound`.
    package func payload(_ inbound: Inbound, id: String) -> JSONValue {
        switch channel {
        case .whatsapp: WhatsAppPayload.message(inbound, from: chat, id: id)
        case .interakt(let interakt): InteraktPayload.message(inbound, from: chat, id: id, mediaURL: interakt.mediaURL)
        }
    }

    /// Posts one message; it must be acknowledged with 200.
    @discardableResult
    package func send(_ inbound: Inbound, id: String? = nil, sourceLocation: SourceLocation = #_sourceLocation)
        async throws
        -> String
    {
        let id = id ?? nextMessageID()
        let answer = try await post(payload(inbound, id: id))
        try #require(
            answer.status == 200, "\(inbound): \(answer.status) \(answer.text)", sourceLocation: sourceLocation)
        return id
    }

    package func post(_ payload: JSONValue) async throws -> HTTPReply {
        switch channel {
        case .whatsapp: try await poster.whatsApp(payload)
        case .interakt: try await poster.interakt(payload)
        }
    }

    /// The channel body that carries `outgoing` to this chat (Interakt's without `callbackData`).
    package func body(_ outgoing: Outgoing) -> JSONValue {
        switch channel {
        case .whatsapp: outgoing.whatsApp(to: chat)
        case .interakt: outgoing.interakt(to: chat)
        }
    }

    /// Waits for the next `expected` replies and checks them, exactly and in order. Text
    /// replies due together may have gone as one message (joined with a blank line, as the
    /// sender merges them): such a message stands for the texts it joins.
    package func expect(_ expected: [Outgoing], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let seen = state.withLock { $0.seen }
        var used: Int?
        let arrived = await eventually {
            used = self.match(Array(self.delivered.dropFirst(seen)), expected)
            return used != nil
        }
        let all = delivered
        guard arrived, let used else {
            let new = Array(all.dropFirst(seen))
            #expect(
                Bool(false),
                "waited for \(expected.map(self.body).map(\.jsonText)) after \(seen), got \(new.map(\.jsonText))",
                sourceLocation: sourceLocation)
            throw ExpectFailure()
        }
        let new = Array(all[seen..<(seen + used)])
        if case .interakt = channel {
            for body in new {
                let callback = body["callbackData"]?.stringValue
                #expect(callback.flatMap(Int64.init) != nil, "callbackData \(body)", sourceLocation: sourceLocation)
            }
        }
        state.withLock {
            $0.seen = seen + used
            $0.last = new.last.flatMap(Outgoing.init(sent:))
        }
    }

    struct ExpectFailure: Error {}

    /// How many of `bodies` carry `expected` in order (texts possibly joined), if they do.
    private func match(_ bodies: [JSONValue], _ expected: [Outgoing]) -> Int? {
        var (index, used) = (0, 0)
        while index < expected.count {
            guard used < bodies.count else { return nil }
            var sent = bodies[used]
            if case .object(var fields) = sent {
                fields["callbackData"] = nil
                sent = .object(fields)
            }
            var end = index + 1
            var found = sent == body(expected[index])
            if !found, case .text(var joined) = expected[index] {
                while !found, end < expected.count, case .text(let next) = expected[end] {
                    joined += "\n\n" + next
                    end += 1
                    found = sent == body(.text(joined))
                }
            }
            guard found else { return nil }
            (index, used) = (end, used + 1)
        }
        return used
    }

    /// Sends `inbound` and checks the replies.
    package func say(_ inbound: Inbound, _ expected: [Outgoing], sourceLocation: SourceLocation = #_sourceLocation)
        async throws
    {
        try await send(inbound, sourceLocation: sourceLocation)
        try await expect(expected, sourceLocation: sourceLocation)
    }

    /// Picks `title` from the last reply the way it was offered (button, list row or
    /// typed number), checks the replies, and returns how it was picked.
    @discardableResult
    package func choose(_ title: String, _ expected: [Outgoing], sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> Inbound
    {
        let last = state.withLock { $0.last }
        let inbound = try #require(
            last?.answer(choosing: title), "'\(title)' is not offered by \(String(describing: last))",
            sourceLocation: sourceLocation)
        try await say(inbound, expected, sourceLocation: sourceLocation)
        return inbound
    }

    /// Replies seen so far.
    package var seen: Int { state.withLock { $0.seen } }
}

import Foundation

/// A session's timeline for the console: its state changes, the provider calls its steps
/// made, and for a chat the messages received and the replies sent in the session's time
/// with what became of each. Personal data is masked here, before anything leaves storage:
/// an input answering a personal question (the customer's mobile, name, birth date, ID,
/// an OTP) is not shown at all, and any word with four digits or more is masked elsewhere.
package struct TimelineStore: Sendable {
    let storage: Storage

    package struct Entry: Sendable, Equatable {
        package var at: Int64
        package var kind: String
        package var text: String?
        package var step: String?
        package var outcome: String?
        package var latencyMilliseconds: Int64?
        package var errorCode: String?
        package var replyID: Int64?
    }

    /// The steps whose answers are personal (`Retention.personalKeys`) or secret (OTPs).
    static let privateSteps = Set(Retention.personalKeys + ["agent_otp", "user_otp", "replace_otp"])

    func timeline(_ id: String) async throws -> (Session, [Entry]) {
        let now = storage.time.nowMilliseconds()
        return try await storage.pool.read { db in
            try db.snapshot {
                let session = try Session.existing(id, in: db)
                var entries: [Entry] = []
                var states: [(at: Int64, state: String)] = []
                for row in try db.query(
                    "SELECT from_state, to_state, at FROM session_events WHERE session_id = ? ORDER BY id", id)
                {
                    let (from, to, at): (String?, String, Int64) =
                        (try row.get("from_state"), try row.get("to_state"), try row.get("at"))
                    states.append((at, to))
                    entries.append(Entry(at: at, kind: "state", text: from.map { "\($0) → \(to)" } ?? to, step: to))
                }
                for row in try db.query(
                    "SELECT call, outcome, error, latency_ms, at FROM provider_calls WHERE session_id = ? ORDER BY at, id",
                    id)
                {
                    entries.append(
                        Entry(
                            at: try row.get("at"), kind: "provider_call", step: try row.get("call"),
                            outcome: try row.get("outcome"), latencyMilliseconds: try row.get("latency_ms"),
                            errorCode: try row.get("error")))
                }
                if let chat = session.chatID {
                    let end = session.status == .open ? now : session.updatedAt
                    entries += try Self.chat(
                        session.channel.rawValue, chat, from: session.createdAt, to: end, states: states, in: db)
                }
                // The customer's details the session holds are masked wherever they appear
                // (a reply thanks the customer by name), and in the session shown.
                var shown = session
                let personal = Retention.personalKeys.compactMap { key -> String? in
                    guard let value = session.data[key] else { return nil }
                    shown.data[key] = "***"
                    return value.stringValue.flatMap { $0.count >= 2 ? $0 : nil }
                }
                for index in entries.indices {
                    for value in personal {
                        entries[index].text = entries[index].text?.replacingOccurrences(of: value, with: "***")
                    }
                }
                // Stable: at equal times the order above (state, call, input, reply) holds.
                return (
                    shown,
                    entries.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
                        .map(\.element)
                )
            }
        }
    }

    private static func chat(
        _ channel: String, _ chat: String, from: Int64, to: Int64, states: [(at: Int64, state: String)],
        in db: SQLConnection
    ) throws -> [Entry] {
        var entries: [Entry] = []
        for row in try db.query(
            """
            SELECT payload, received_at FROM inbox WHERE channel = ? AND chat_id = ? AND received_at >= ?
                AND received_at <= ? ORDER BY id
            """, channel, chat, from, to)
        {
            let at: Int64 = try row.get("received_at")
            let payload = (try? JSONValue.parse(Array((try row.get("payload", as: String.self)).utf8))) ?? .null
            // The step the session was at when the message came is the question it answered.
            let step = states.last { $0.at <= at }?.state
            let text: String
            if let step, privateSteps.contains(step) {
                text = "[hidden: \(step)]"
            } else if payload["kind"]?.stringValue == "text" {
                text = mask(payload["text"]?.stringValue ?? "")
            } else {
                text = "[\(payload["kind"]?.stringValue ?? "message")]"
            }
            entries.append(Entry(at: at, kind: "input", text: text, step: step))
        }
        for row in try db.query(
            """
            SELECT id, payload, status, last_error, error_code, created_at, updated_at FROM outbox
            WHERE channel = ? AND chat_id = ? AND created_at >= ? AND created_at <= ? ORDER BY id
            """, channel, chat, from, to)
        {
            let id: Int64 = try row.get("id")
            let payload = (try? JSONValue.parse(Array((try row.get("payload", as: String.self)).utf8))) ?? .null
            entries.append(
                Entry(
                    at: try row.get("created_at"), kind: "reply", text: mask(replyText(payload) ?? "[reply]"),
                    replyID: id))
            let status: String = try row.get("status")
            if status != "pending" {
                let code = try row.get("error_code", as: Int64?.self)
                entries.append(
                    Entry(
                        at: try row.get("updated_at"), kind: "delivery", outcome: status,
                        errorCode: code.map(String.init), replyID: id))
            }
        }
        return entries
    }

    /// The words of a reply, whatever the channel's shape: its body or text.
    static func replyText(_ payload: JSONValue) -> String? {
        guard case .object(let fields) = payload else { return nil }
        for key in ["body", "text", "message"] {
            if let text = fields[key]?.stringValue { return text }
        }
        for key in fields.keys.sorted() {
            if let text = replyText(fields[key] ?? .null) { return text }
        }
        return nil
    }

    /// Every word with four digits or more (mobiles, ID numbers, OTPs, vehicle numbers)
    /// keeps its first and last two characters only.
    package static func mask(_ text: String) -> String {
        var out = ""
        var word = ""
        func flush() {
            if word.unicodeScalars.filter({ $0.properties.numericType != nil }).count >= 4 {
                let characters = Array(word)
                out +=
                    characters.count <= 4
                    ? String(repeating: "*", count: characters.count)
                    : String(characters.prefix(2)) + String(repeating: "*", count: characters.count - 4)
                        + String(characters.suffix(2))
            } else {
                out += word
            }
            word = ""
        }
        for character in text {
            if character.isLetter || character.isNumber || character == "-" || character == "/" {
                word.append(character)
            } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return out
    }
}

extension Storage {
    package var timeline: TimelineStore { TimelineStore(storage: self) }
}

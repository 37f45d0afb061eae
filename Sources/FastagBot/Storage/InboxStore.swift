import SQLite

/// Chat messages as received, each once (keyed by the provider's message id), until the
/// conversation engine has answered them.
public struct InboxStore: Sendable {
    let pool: DatabasePool
    let time: any TimeSource

    public struct Item: Sendable {
        public var id: Int64
        public var message: ChatMessage
        public var attempts: Int
    }

    /// Stores the messages not seen before, durably; returns how many were new.
    public func accept(_ messages: [ChatMessage]) async throws -> Int {
        guard !messages.isEmpty else { return 0 }
        let now = time.nowMilliseconds()
        return try await pool.write { db in
            var added = 0
            for message in messages {
                added += try db.run(
                    """
                    INSERT INTO inbox (channel, provider_message_id, chat_id, payload, received_at)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel, provider_message_id) DO NOTHING
                    """,
                    message.channel.rawValue, message.messageID, message.chatID, message.payload.jsonText, now)
            }
            return added
        }
    }

    /// Unanswered messages, oldest first, whose retry time has come and which no older
    /// message of their chat waits before (a chat's messages are answered in order).
    public func pending(limit: Int) async throws -> [Item] {
        let now = time.nowMilliseconds()
        return try await pool.read { db in
            try db.query(
                """
                SELECT i.id, i.channel, i.provider_message_id, i.chat_id, i.payload, i.attempts FROM inbox i
                WHERE i.processed_at IS NULL AND i.next_attempt_at <= ?1
                  AND NOT EXISTS (SELECT 1 FROM inbox w
                                  WHERE w.processed_at IS NULL AND w.chat_id = i.chat_id AND w.channel = i.channel
                                    AND w.id < i.id AND w.next_attempt_at > ?1)
                ORDER BY i.id LIMIT ?2
                """, [now, limit]
            ).compactMap { row in
                guard let channel = Session.Channel(rawValue: try row.get("channel")),
                    let payload = try? JSONValue.parse(Array((try row.get("payload", as: String.self)).utf8)),
                    let message = ChatMessage(
                        channel: channel, messageID: try row.get("provider_message_id"), chatID: try row.get("chat_id"),
                        payload: payload)
                else { return nil }
                return Item(id: try row.get("id"), message: message, attempts: try row.get("attempts"))
            }
        }
    }

    /// One chat's unanswered messages, oldest first, up to the first whose retry time has not
    /// come (a chat's messages are answered strictly in order, so none may pass a waiting one).
    public func pending(channel: Session.Channel, chatID: String, limit: Int) async throws -> [Item] {
        let now = time.nowMilliseconds()
        return try await pool.read { db in
            var items: [Item] = []
            for row in try db.query(
                """
                SELECT id, provider_message_id, payload, attempts, next_attempt_at FROM inbox
                WHERE processed_at IS NULL AND channel = ? AND chat_id = ? ORDER BY id LIMIT ?
                """, channel.rawValue, chatID, limit)
            {
                guard try row.get("next_attempt_at", as: Int64.self) <= now else { break }
                guard let payload = try? JSONValue.parse(Array((try row.get("payload", as: String.self)).utf8)),
                    let message = ChatMessage(
                        channel: channel, messageID: try row.get("provider_message_id"), chatID: chatID,
                        payload: payload)
                else { continue }
                items.append(Item(id: try row.get("id"), message: message, attempts: try row.get("attempts")))
            }
            return items
        }
    }

    /// Marks a message answered; runs inside the transaction that stores the answer.
    static func markProcessed(_ id: Int64, now: Int64, error: String? = nil, in db: Database) throws {
        try db.run("UPDATE inbox SET processed_at = ?, last_error = ? WHERE id = ?", now, error, id)
    }

    public func markProcessed(_ id: Int64, error: String?) async throws {
        let now = time.nowMilliseconds()
        try await pool.write { db in try Self.markProcessed(id, now: now, error: error, in: db) }
    }

    /// Tries the message again later (its photo could not be fetched yet).
    public func postpone(_ id: Int64, attempts: Int, until: Int64, error: String) async throws {
        try await pool.write { db in
            try db.run(
                "UPDATE inbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?", attempts, until,
                error, id)
        }
    }

    public func backlog() throws -> Int {
        try pool.readNow { try $0.scalar("SELECT count(*) FROM inbox WHERE processed_at IS NULL", as: Int.self) }
    }
}

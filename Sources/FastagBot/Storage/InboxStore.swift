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

    /// Unanswered messages, oldest first, whose retry time has come.
    public func pending(limit: Int) async throws -> [Item] {
        let now = time.nowMilliseconds()
        return try await pool.read { db in
            try db.query(
                """
                SELECT id, channel, provider_message_id, chat_id, payload, attempts FROM inbox
                WHERE processed_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?
                """, now, limit
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

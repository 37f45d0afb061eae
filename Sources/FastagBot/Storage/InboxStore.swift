/// Chat messages as received, each once (keyed by the provider's message id), until the
/// conversation engine has answered them.
package struct InboxStore: Sendable {
    let pool: StoragePool
    let time: any TimeSource

    struct Item: Sendable {
        var id: Int64
        var message: ChatMessage
        var attempts: Int
        /// When it was stored (Unix milliseconds): bursts of photos are told apart by it.
        var receivedAt: Int64 = 0
    }

    /// Stores the messages not seen before, durably; returns those (a repeated delivery is not).
    /// Each opens its chat's 24-hour window again, and the replies waiting for that are due.
    func accept(_ messages: [ChatMessage]) async throws -> [ChatMessage] {
        guard !messages.isEmpty else { return [] }
        let now = time.nowMilliseconds()
        return try await pool.write { db in
            var added: [ChatMessage] = []
            for message in messages {
                let inserted = try db.run(
                    """
                    INSERT INTO inbox (channel, provider_message_id, chat_id, payload, received_at)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel, provider_message_id) DO NOTHING
                    """,
                    message.channel.rawValue, message.messageID, message.chatID, message.payload.jsonText, now)
                if inserted > 0 {
                    added.append(message)
                    try ChatWindows.opened(ChatKey(channel: message.channel, chatID: message.chatID), at: now, in: db)
                }
            }
            return added
        }
    }

    /// The chats with unanswered messages: those whose oldest can be answered now, and when
    /// the earliest of the others (waiting to retry a photo) can.
    func scan(now: Int64) async throws -> ChatWorkScan {
        try await pool.read { db in
            try ChatWorkScan(
                db.query(
                    """
                    SELECT i.channel, i.chat_id, i.next_attempt_at FROM inbox i
                    JOIN (SELECT min(id) AS id FROM inbox WHERE processed_at IS NULL GROUP BY channel, chat_id) oldest
                      ON i.id = oldest.id
                    """), now: now)
        }
    }

    /// One chat's unanswered messages, oldest first, up to the first whose retry time has
    /// not come (a chat's messages are answered strictly in order, so none may pass a
    /// waiting one); and that message's retry time.
    func pending(_ chat: ChatKey, limit: Int) async throws -> (items: [Item], waitingUntil: Int64?) {
        let now = time.nowMilliseconds()
        return try await pool.read { db in
            var items: [Item] = []
            for row in try db.query(
                """
                SELECT id, provider_message_id, payload, attempts, next_attempt_at, received_at FROM inbox
                WHERE processed_at IS NULL AND channel = ? AND chat_id = ? ORDER BY id LIMIT ?
                """, chat.channel.rawValue, chat.chatID, limit)
            {
                let retryAt = try row.get("next_attempt_at", as: Int64.self)
                guard retryAt <= now else { return (items, retryAt) }
                guard let payload = try? JSONValue.parse(Array((try row.get("payload", as: String.self)).utf8)),
                    let message = ChatMessage(
                        channel: chat.channel, messageID: try row.get("provider_message_id"), chatID: chat.chatID,
                        payload: payload)
                else { continue }
                items.append(
                    Item(
                        id: try row.get("id"), message: message, attempts: try row.get("attempts"),
                        receivedAt: try row.get("received_at")))
            }
            return (items, nil)
        }
    }

    /// Marks a message answered; runs inside the transaction that stores the answer, which
    /// fails (`AlreadyAnswered`) if the message was answered meanwhile: a message is answered
    /// once, even by replicas that both thought they held its chat.
    static func markProcessed(_ id: Int64, now: Int64, error: String? = nil, in db: SQLConnection) throws {
        let marked = try db.run(
            "UPDATE inbox SET processed_at = ?, last_error = ? WHERE id = ? AND processed_at IS NULL", now, error, id)
        guard marked == 1 else { throw AlreadyAnswered(id: id) }
    }

    /// The message was answered already (or is gone).
    struct AlreadyAnswered: Error, CustomStringConvertible {
        let id: Int64
        var description: String { "inbox message \(id) was answered already" }
    }

    func markProcessed(_ id: Int64, error: String?) async throws {
        let now = time.nowMilliseconds()
        try await pool.write { db in try Self.markProcessed(id, now: now, error: error, in: db) }
    }

    /// Tries the message again later (its photo could not be fetched yet).
    func postpone(_ id: Int64, attempts: Int, until: Int64, error: String) async throws {
        try await pool.write { db in
            try db.run(
                "UPDATE inbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?", attempts, until,
                error, id)
        }
    }

    package func backlog() throws -> Int {
        try pool.readNow { try $0.scalar("SELECT count(*) FROM inbox WHERE processed_at IS NULL", as: Int.self) }
    }
}

import SQLite

/// Replies waiting to be sent, and what became of them. A chat's replies go out strictly
/// in order: only the oldest pending reply of a chat is ever due.
public struct OutboxStore: Sendable {
    let pool: DatabasePool
    let time: any TimeSource

    public struct Item: Sendable {
        public var id: Int64
        public var channel: Session.Channel
        public var chatID: String
        public var body: JSONValue
        public var attempts: Int
        public var createdAt: Int64
    }

    /// Queues bodies to send to a chat; runs inside the transaction that produced them.
    static func enqueue(
        _ bodies: [JSONValue], channel: Session.Channel, chatID: String, inboxID: Int64?, now: Int64, in db: Database
    ) throws {
        for body in bodies {
            try db.run(
                """
                INSERT INTO outbox (channel, chat_id, inbox_id, payload, next_attempt_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, channel.rawValue, chatID, inboxID, body.jsonText, now, now, now)
        }
    }

    /// The oldest pending reply of each chat whose time has come.
    public func due(limit: Int) async throws -> [Item] {
        let now = time.nowMilliseconds()
        return try await pool.read { db in
            try db.query(
                """
                SELECT o.id, o.channel, o.chat_id, o.payload, o.attempts, o.created_at FROM outbox o
                WHERE o.status = 'pending' AND o.next_attempt_at <= ?1
                  AND o.id = (SELECT min(p.id) FROM outbox p
                              WHERE p.status = 'pending' AND p.channel = o.channel AND p.chat_id = o.chat_id)
                ORDER BY o.id LIMIT ?2
                """, [now, limit]
            ).compactMap { row in
                guard let channel = Session.Channel(rawValue: try row.get("channel")),
                    let body = try? JSONValue.parse(Array((try row.get("payload", as: String.self)).utf8))
                else { return nil }
                return Item(
                    id: try row.get("id"), channel: channel, chatID: try row.get("chat_id"), body: body,
                    attempts: try row.get("attempts"), createdAt: try row.get("created_at"))
            }
        }
    }

    /// The oldest pending reply of one chat, if its time has come.
    public func due(channel: Session.Channel, chatID: String) async throws -> Item? {
        let now = time.nowMilliseconds()
        return try await pool.read { db in
            guard
                let row = try db.queryOne(
                    """
                    SELECT id, payload, attempts, created_at, next_attempt_at FROM outbox
                    WHERE status = 'pending' AND channel = ? AND chat_id = ? ORDER BY id LIMIT 1
                    """, channel.rawValue, chatID),
                try row.get("next_attempt_at", as: Int64.self) <= now,
                let body = try? JSONValue.parse(Array((try row.get("payload", as: String.self)).utf8))
            else { return nil }
            return Item(
                id: try row.get("id"), channel: channel, chatID: chatID, body: body, attempts: try row.get("attempts"),
                createdAt: try row.get("created_at"))
        }
    }

    /// The earliest time the oldest pending reply of a chat becomes due (to sleep until
    /// then), or nil. Later replies of a chat wait for its oldest, so they do not count.
    public func nextDue() async throws -> Int64? {
        try await pool.read { db in
            try db.scalar(
                """
                SELECT min(o.next_attempt_at) FROM outbox o
                WHERE o.status = 'pending'
                  AND o.id = (SELECT min(p.id) FROM outbox p
                              WHERE p.status = 'pending' AND p.channel = o.channel AND p.chat_id = o.chat_id)
                """, as: Int64?.self)
        }
    }

    public func markSent(_ id: Int64, providerMessageID: String?, attempts: Int) async throws {
        let now = time.nowMilliseconds()
        try await pool.write { db in
            try db.run(
                """
                UPDATE outbox SET status = 'sent', provider_message_id = ?, attempts = ?, last_error = NULL, updated_at = ?
                WHERE id = ? AND status = 'pending'
                """, providerMessageID, attempts, now, id)
        }
    }

    public func markRetry(_ id: Int64, attempts: Int, at next: Int64, error: String) async throws {
        let now = time.nowMilliseconds()
        try await pool.write { db in
            try db.run(
                "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?",
                attempts, next, error, now, id)
        }
    }

    public func markFailed(_ id: Int64, attempts: Int, error: String) async throws {
        let now = time.nowMilliseconds()
        try await pool.write { db in
            try db.run(
                "UPDATE outbox SET status = 'failed', attempts = ?, last_error = ?, updated_at = ? WHERE id = ?",
                attempts, error, now, id)
        }
    }

    /// Records a channel's status report; statuses only move forward (sent → delivered →
    /// read), and failed wins.
    public func apply(_ statuses: [DeliveryStatus]) async throws {
        guard !statuses.isEmpty else { return }
        let now = time.nowMilliseconds()
        try await pool.write { db in
            for status in statuses {
                let rank = ["pending": 0, "sent": 1, "delivered": 2, "read": 3]
                let newRank = rank[status.state.rawValue] ?? 9
                let condition = status.outboxID != nil ? "id = ?" : "provider_message_id = ? AND channel = ?"
                var arguments: [any SQLiteConvertible] = [status.state.rawValue, status.error, now]
                if let id = status.outboxID {
                    arguments.append(id)
                } else {
                    arguments += [status.providerMessageID ?? "", status.channel.rawValue]
                }
                arguments.append(newRank)
                try db.run(
                    """
                    UPDATE outbox SET status = ?, last_error = coalesce(?, last_error), updated_at = ?
                    WHERE \(condition) AND status != 'failed'
                      AND (CASE status WHEN 'pending' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 9 END) < ?
                    """, arguments)
            }
        }
    }

    public func backlog() throws -> Int {
        try pool.readNow { try $0.scalar("SELECT count(*) FROM outbox WHERE status = 'pending'", as: Int.self) }
    }
}

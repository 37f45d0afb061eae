/// Replies waiting to be sent, and what became of them. A chat's replies go out strictly
/// in order: only the oldest pending reply of a chat is ever due.
package struct OutboxStore: Sendable {
    let pool: StoragePool
    let time: any TimeSource

    package struct Item: Sendable {
        var id: Int64
        var channel: Session.Channel
        var chatID: String
        var body: JSONValue
        var attempts: Int
        var createdAt: Int64
    }

    /// Queues bodies to send to a chat; runs inside the transaction that produced them.
    static func enqueue(
        _ bodies: [JSONValue], channel: Session.Channel, chatID: String, inboxID: Int64?, now: Int64,
        in db: SQLConnection
    ) throws {
        for body in bodies {
            try db.run(
                """
                INSERT INTO outbox (channel, chat_id, inbox_id, payload, next_attempt_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, channel.rawValue, chatID, inboxID, body.jsonText, now, now, now)
        }
    }

    /// The chats with replies to send: those whose oldest is due now, and when the earliest
    /// of the others (waiting to retry) is. Later replies of a chat wait for its oldest.
    func scan(now: Int64) async throws -> ChatWorkScan {
        try await pool.read { db in
            try ChatWorkScan(
                db.query(
                    """
                    SELECT o.channel, o.chat_id, o.next_attempt_at FROM outbox o
                    JOIN (SELECT min(id) AS id FROM outbox WHERE status = 'pending' GROUP BY channel, chat_id) oldest
                      ON o.id = oldest.id
                    """), now: now)
        }
    }

    /// The oldest pending reply of a chat: due now (with the replies due after it, which may
    /// go with it as one message, and the chat's window), waiting to retry until a time, or none.
    enum Head: Sendable {
        case due([Item], ChatWindow)
        case waiting(until: Int64)
        /// Due, but its stored body cannot be read back: it cannot be sent, and must be given
        /// up (not sent as something else) so that the chat's later replies can go.
        case unreadable(id: Int64, attempts: Int, UnreadableRow)
        case none
    }

    /// The chat's head, and up to `limit` replies due in all.
    func head(of chat: ChatKey, limit: Int = 16) async throws -> Head {
        let now = time.nowMilliseconds()
        return try await pool.read { db in
            var items: [Item] = []
            for row in try db.query(
                """
                SELECT id, payload, attempts, created_at, next_attempt_at FROM outbox
                WHERE status = 'pending' AND channel = ? AND chat_id = ? ORDER BY id LIMIT ?
                """, chat.channel.rawValue, chat.chatID, limit)
            {
                let stored = StoredRow(row, table: "outbox")
                let retryAt: Int64 = try stored.get("next_attempt_at")
                guard retryAt <= now else {
                    if items.isEmpty { return .waiting(until: retryAt) }
                    break
                }
                let (id, attempts): (Int64, Int) = (try stored.get("id"), try stored.get("attempts"))
                let body: JSONValue
                do throws(UnreadableRow) {
                    body = try stored.json("payload")
                } catch {
                    if items.isEmpty { return .unreadable(id: id, attempts: attempts, error) }
                    break
                }
                items.append(
                    Item(
                        id: id, channel: chat.channel, chatID: chat.chatID, body: body, attempts: attempts,
                        createdAt: try stored.get("created_at")))
            }
            guard !items.isEmpty else { return .none }
            return .due(items, try Self.window(of: chat, in: db))
        }
    }

    /// Records replies sent, together as one message when there are several.
    func markSent(_ items: [Item], providerMessageID: String?) async throws {
        let now = time.nowMilliseconds()
        try await pool.write { db in
            for item in items {
                try db.run(
                    """
                    UPDATE outbox SET status = 'sent', provider_message_id = ?, attempts = ?, last_error = NULL,
                      updated_at = ?
                    WHERE id = ? AND status = 'pending'
                    """, providerMessageID, item.attempts + 1, now, item.id)
            }
        }
    }

    func markSent(_ id: Int64, providerMessageID: String?, attempts: Int) async throws {
        let now = time.nowMilliseconds()
        try await pool.write { db in
            try db.run(
                """
                UPDATE outbox SET status = 'sent', provider_message_id = ?, attempts = ?, last_error = NULL, updated_at = ?
                WHERE id = ? AND status = 'pending'
                """, providerMessageID, attempts, now, id)
        }
    }

    func markRetry(_ id: Int64, attempts: Int, at next: Int64, error: String) async throws {
        let now = time.nowMilliseconds()
        try await pool.write { db in
            try db.run(
                "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?",
                attempts, next, error, now, id)
        }
    }

    func markFailed(_ id: Int64, attempts: Int, error: String) async throws {
        let now = time.nowMilliseconds()
        try await pool.write { db in
            try db.run(
                "UPDATE outbox SET status = 'failed', attempts = ?, last_error = ?, updated_at = ? WHERE id = ?",
                attempts, error, now, id)
        }
    }

    /// Records a channel's status report; statuses only move forward (sent → delivered →
    /// read), and failed wins. Returns the failures that marked a reply failed (a repeated
    /// report, or one for a message not ours, is not among them).
    @discardableResult
    func apply(_ statuses: [DeliveryStatus]) async throws -> [DeliveryStatus] {
        guard !statuses.isEmpty else { return [] }
        let now = time.nowMilliseconds()
        return try await pool.write { db in
            var failures: [DeliveryStatus] = []
            for status in statuses {
                let rank = ["pending": 0, "sent": 1, "delivered": 2, "read": 3]
                let newRank = rank[status.state.rawValue] ?? 9
                let condition = status.outboxID != nil ? "id = ?" : "provider_message_id = ? AND channel = ?"
                var arguments: [any SQLBindable] = [status.state.rawValue, status.error, status.errorCode, now]
                if let id = status.outboxID {
                    arguments.append(id)
                } else {
                    arguments += [status.providerMessageID ?? "", status.channel.rawValue]
                }
                arguments.append(newRank)
                let changed = try db.run(
                    """
                    UPDATE outbox SET status = ?, last_error = coalesce(?, last_error),
                      error_code = coalesce(?, error_code), updated_at = ?
                    WHERE \(condition) AND status != 'failed'
                      AND (CASE status WHEN 'pending' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 9 END) < ?
                    """, arguments)
                if changed > 0, status.state == .failed { failures.append(status) }
            }
            return failures
        }
    }

    /// Replies to send, parked ones aside: those wait for the agent, maybe for days, and
    /// would make a sender that has nothing to do look stuck.
    package func backlog() throws -> Int {
        try pool.readNow {
            try $0.scalar(
                "SELECT count(*) FROM outbox WHERE status = 'pending' AND next_attempt_at < ?", [ChatWindows.parked],
                as: Int.self)
        }
    }

    /// Replies parked until their chat's agent writes again (its 24-hour window closed).
    package func parked() throws -> Int {
        try pool.readNow {
            try $0.scalar(
                "SELECT count(*) FROM outbox WHERE status = 'pending' AND next_attempt_at >= ?", [ChatWindows.parked],
                as: Int.self)
        }
    }
}

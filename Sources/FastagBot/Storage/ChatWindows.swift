/// Each chat's 24-hour service window (protocols/whatsapp-cloud-api.md section 11): when the
/// agent last wrote, and when the template asking them to write again was last sent. Free-form
/// replies to a chat whose window is closed wait, parked, until the agent writes again.
enum ChatWindows {
    /// How long a window stays open after the agent's last message.
    static let length: Int64 = 24 * 3600 * 1000
    /// Replies are not tried this close to the end of the window (clock skew, the time the
    /// webhook took): a send Meta would refuse is not worth the attempt.
    static let margin: Int64 = 60 * 1000
    /// `next_attempt_at` of a reply parked until its chat's window opens: far beyond any retry.
    static let parked: Int64 = 1 << 60

    /// The agent wrote: the window is open from now, and the chat's parked replies are due.
    static func opened(_ chat: ChatKey, at now: Int64, in db: SQLConnection) throws {
        try db.run(
            """
            INSERT INTO chat_windows (channel, chat_id, last_inbound_at) VALUES (?, ?, ?)
            ON CONFLICT (channel, chat_id) DO UPDATE SET last_inbound_at = excluded.last_inbound_at
            WHERE chat_windows.last_inbound_at < excluded.last_inbound_at
            """, chat.channel.rawValue, chat.chatID, now)
        try db.run(
            """
            UPDATE outbox SET next_attempt_at = ?
            WHERE channel = ? AND chat_id = ? AND status = 'pending' AND next_attempt_at >= ?
            """, now, chat.channel.rawValue, chat.chatID, parked)
    }
}

/// A chat's window as the sender sees it.
struct ChatWindow: Sendable, Equatable {
    /// When the agent last wrote; nil for a chat the bot has no record of (tried as open).
    var lastInboundAt: Int64?
    var templateSentAt: Int64?

    func isClosed(at now: Int64) -> Bool {
        guard let lastInboundAt else { return false }
        return now >= lastInboundAt + ChatWindows.length - ChatWindows.margin
    }

    /// Whether the template went out since the agent last wrote (so not again).
    var templateSent: Bool {
        guard let templateSentAt else { return false }
        return templateSentAt >= (lastInboundAt ?? 0)
    }
}

extension OutboxStore {
    /// Parks a chat's pending replies until the agent writes again (its window is closed),
    /// unless the agent wrote since `window` was read: then they are due as they are.
    func park(_ chat: ChatKey, _ window: ChatWindow, reason: String) async throws {
        let now = time.nowMilliseconds()
        try await pool.write { db in
            // Takes the window's row first, as a message that opens the window does: on
            // PostgreSQL (read committed) a message stored meanwhile otherwise un-parks
            // nothing (these replies are not parked yet) while this check misses it (not
            // committed yet), and the replies stay parked though the agent wrote. In turn,
            // the check sees such a message, or the message finds these replies parked.
            try db.run(
                """
                INSERT INTO chat_windows (channel, chat_id, last_inbound_at) VALUES (?, ?, 0)
                ON CONFLICT (channel, chat_id) DO UPDATE SET last_inbound_at = chat_windows.last_inbound_at
                """, chat.channel.rawValue, chat.chatID)
            try db.run(
                """
                UPDATE outbox SET next_attempt_at = ?, last_error = ?, updated_at = ?
                WHERE channel = ? AND chat_id = ? AND status = 'pending' AND NOT EXISTS (
                  SELECT 1 FROM chat_windows w WHERE w.channel = ? AND w.chat_id = ? AND w.last_inbound_at > ?)
                """, ChatWindows.parked, reason, now, chat.channel.rawValue, chat.chatID, chat.channel.rawValue,
                chat.chatID, window.lastInboundAt ?? 0)
        }
    }

    /// Gives up every pending reply of a chat with this error and channel error code;
    /// returns how many.
    func failPending(_ chat: ChatKey, error: String, code: Int64) async throws -> Int {
        let now = time.nowMilliseconds()
        return try await pool.write { db in
            try db.run(
                """
                UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, error_code = ?,
                  updated_at = ?
                WHERE channel = ? AND chat_id = ? AND status = 'pending'
                """, error, code, now, chat.channel.rawValue, chat.chatID)
        }
    }

    /// Records that the template went out to a chat (a chat unknown so far gets a window
    /// that is closed).
    func templateSent(to chat: ChatKey) async throws {
        let now = time.nowMilliseconds()
        try await pool.write { db in
            try db.run(
                """
                INSERT INTO chat_windows (channel, chat_id, last_inbound_at, template_sent_at) VALUES (?, ?, 0, ?)
                ON CONFLICT (channel, chat_id) DO UPDATE SET template_sent_at = excluded.template_sent_at
                """, chat.channel.rawValue, chat.chatID, now)
        }
    }

    /// A chat's window as stored.
    static func window(of chat: ChatKey, in db: SQLConnection) throws -> ChatWindow {
        guard
            let row = try db.queryOne(
                "SELECT last_inbound_at, template_sent_at FROM chat_windows WHERE channel = ? AND chat_id = ?",
                chat.channel.rawValue, chat.chatID)
        else { return ChatWindow() }
        return ChatWindow(
            lastInboundAt: try row.get("last_inbound_at", as: Int64.self),
            templateSentAt: try row.get("template_sent_at", as: Int64?.self))
    }
}

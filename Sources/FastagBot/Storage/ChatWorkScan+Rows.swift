extension ChatWorkScan {
    /// From rows of `channel`, `chat_id` and `next_attempt_at`, one per chat (its oldest work).
    init(_ rows: [SQLRow], now: Int64) throws {
        due = []
        next = nil
        for row in rows {
            guard let channel = Session.Channel(rawValue: try row.get("channel")) else { continue }
            let at = try row.get("next_attempt_at", as: Int64.self)
            if at <= now {
                due.append(ChatKey(channel: channel, chatID: try row.get("chat_id")))
            } else {
                next = min(next ?? at, at)
            }
        }
    }
}

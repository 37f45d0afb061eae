/// What the operators' console changes and reads beyond the REST collections: a session
/// sent back to the menu or cancelled, a failed reply queued again, a session's timeline.
package struct ConsoleStore: Sendable {
    let storage: Storage

    /// Back at the menu, the login kept: the flow's answers are dropped (the menu's figures
    /// are fetched again when it is asked). The change is recorded in the session's events.
    func sendToMenu(_ id: String) async throws -> Session {
        try await storage.sessions.modify(id) { session in
            guard session.status == .open else {
                throw StoreError.conflict("Session \(id) is \(session.status.rawValue); it cannot go back to the menu")
            }
            guard session.authenticatedAt != nil, session.agentID != nil else {
                throw StoreError.conflict("Session \(id) has no login; it has no menu to go back to")
            }
            session.flow = "menu"
            session.state = "menu"
            session.data = [:]
        }
    }

    /// Closed as cancelled: the chat's next message starts a new session.
    func cancel(_ id: String) async throws -> Session {
        try await storage.sessions.modify(id) { session in
            guard session.status == .open else {
                throw StoreError.conflict("Session \(id) is already \(session.status.rawValue)")
            }
            session.status = .cancelled
        }
    }

    /// A failed reply queued again, its attempts started afresh; returns its chat.
    func resend(_ id: Int64) async throws -> ChatKey {
        let now = storage.time.nowMilliseconds()
        return try await storage.pool.write { db in
            guard let row = try db.queryOne("SELECT channel, chat_id, status FROM outbox WHERE id = ?", id) else {
                throw StoreError.notFound("Reply \(id) not found")
            }
            let status: String = try row.get("status")
            guard status == "failed" else {
                throw StoreError.conflict("Reply \(id) is \(status); only a failed reply is sent again")
            }
            try db.run(
                """
                UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL,
                    error_code = NULL, updated_at = ?
                WHERE id = ?
                """, now, now, id)
            return ChatKey(
                channel: Session.Channel(rawValue: try row.get("channel")) ?? .whatsapp, chatID: try row.get("chat_id"))
        }
    }
}

extension Storage {
    package var console: ConsoleStore { ConsoleStore(storage: self) }
}

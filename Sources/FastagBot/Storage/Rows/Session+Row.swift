extension Session: KeyedRow {
    static let noun = "Session"
    static let table = "sessions"
    static let columns = [
        "id", "agent_id", "channel", "chat_id", "flow", "state", "data", "provider_request_id", "provider_session_id",
        "status", "authenticated_at", "created_at", "updated_at", "last_activity_at", "completed_at", "expired_at",
    ]

    init(row: StoredRow) throws {
        try self.init(
            id: row.get("id"), agentID: row.get("agent_id"), channel: row.choice("channel"), chatID: row.get("chat_id"),
            flow: row.get("flow"), state: row.get("state"), data: row.jsonObject("data"),
            providerRequestID: row.get("provider_request_id"), providerSessionID: row.get("provider_session_id"),
            status: row.choice("status"), authenticatedAt: row.get("authenticated_at"),
            createdAt: row.get("created_at"), updatedAt: row.get("updated_at"),
            lastActivityAt: row.get("last_activity_at"), completedAt: row.get("completed_at"),
            expiredAt: row.get("expired_at"))
    }

    /// `data` as the column stores it.
    var dataText: String { JSONValue.object(data).jsonText }
}

extension SessionEvent: RowDecodable {
    static let table = "session_events"
    static let columns = ["id", "from_state", "to_state", "at"]

    init(row: StoredRow) throws {
        try self.init(fromState: row.get("from_state"), toState: row.get("to_state"), at: row.get("at"))
    }
}

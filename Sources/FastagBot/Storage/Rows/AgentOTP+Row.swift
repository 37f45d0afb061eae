extension AgentOTP: RowDecodable {
    static let table = "agent_otps"
    static let columns = ["agent_id", "otp_hash", "expires_at", "attempts", "last_sent_at"]
    static let keyColumn = "agent_id"

    init(row: StoredRow) throws {
        try self.init(
            agentID: row.get("agent_id"), hash: row.get("otp_hash"), expiresAt: row.get("expires_at"),
            attempts: row.get("attempts"), lastSentAt: row.get("last_sent_at"))
    }
}

extension Agent: KeyedRow {
    static let noun = "Agent"
    static let presentCondition: String? = "deleted_at IS NULL"
    static let table = "agents"
    static let columns = [
        "id", "first_name", "last_name", "mobile", "shauryapay_agent_id", "status", "wallet_balance_paise",
        "fastags_left", "created_at", "updated_at", "language",
    ]

    init(row: StoredRow) throws {
        try self.init(
            id: row.get("id"), firstName: row.get("first_name"), lastName: row.get("last_name"),
            mobile: row.get("mobile"), shauryapayAgentID: row.get("shauryapay_agent_id"), status: row.choice("status"),
            walletBalancePaise: row.get("wallet_balance_paise"), fastagsLeft: row.get("fastags_left"),
            createdAt: row.get("created_at"), updatedAt: row.get("updated_at"), language: row.choice("language"))
    }
}

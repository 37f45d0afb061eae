extension Fastag: KeyedRow {
    static let noun = "FASTag"
    static let table = "fastags"
    static let columns = [
        "id", "tag_number", "serial_number", "agent_id", "vehicle_id", "customer_name", "customer_mobile", "plan",
        "vehicle_class", "status", "balance_paise", "activated_at", "created_at", "updated_at",
    ]

    init(row: StoredRow) throws {
        try self.init(
            id: row.get("id"), tagNumber: row.get("tag_number"), serialNumber: row.get("serial_number"),
            agentID: row.get("agent_id"), vehicleID: row.get("vehicle_id"), customerName: row.get("customer_name"),
            customerMobile: row.get("customer_mobile"), plan: row.get("plan"), vehicleClass: row.get("vehicle_class"),
            status: row.choice("status"),
            balancePaise: row.get("balance_paise"), activatedAt: row.get("activated_at"),
            createdAt: row.get("created_at"), updatedAt: row.get("updated_at"))
    }
}

extension FastagTransaction: RowDecodable {
    static let table = "fastag_transactions"
    static let columns = [
        "id", "fastag_id", "kind", "amount_paise", "balance_after_paise", "session_id", "note", "created_at",
    ]

    init(row: StoredRow) throws {
        try self.init(
            id: row.get("id"), fastagID: row.get("fastag_id"), kind: row.choice("kind"),
            amountPaise: row.get("amount_paise"), balanceAfterPaise: row.get("balance_after_paise"),
            sessionID: row.get("session_id"), note: row.get("note"), createdAt: row.get("created_at"))
    }
}

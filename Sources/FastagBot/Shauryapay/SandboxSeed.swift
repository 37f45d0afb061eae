/// The sandbox's demo data: one agent with a wallet and ten tags in stock (six for cars, two
/// for goods carriers, two for buses), created on the first sandbox start (and never again,
/// so operators' changes stay).
enum SandboxSeed {
    static let demoBarcodes: [(barcode: String, vehicleClass: String)] = [
        ("608268-001-0012345", "4"), ("608268-001-0023456", "4"), ("608268-001-0034567", "4"),
        ("608268-001-0045678", "4"), ("608268-001-0056789", "4"), ("608268-001-0067890", "4"),
        ("608268-001-0078901", "5"), ("608268-001-0089012", "5"), ("608268-001-0090123", "6"),
        ("608268-001-0001234", "6"),
    ]

    /// Returns true when it created the demo agent.
    @discardableResult
    static func ensureDemoAgent(_ storage: Storage) throws -> Bool {
        let now = storage.time.nowMilliseconds()
        return try storage.pool.writeNow { db in
            let existing = try db.queryOne("SELECT 1 FROM agents WHERE mobile = ?", SandboxProvider.demoAgentMobile)
            guard existing == nil else { return false }
            // Replicas starting together may both get here: the insert that loses does nothing.
            let created = try db.queryOne(
                """
                INSERT INTO agents (first_name, last_name, mobile, shauryapay_agent_id, status, wallet_balance_paise,
                    fastags_left, created_at, updated_at)
                VALUES ('Demo', 'Agent', ?, 'SBX-DEMO', 'active', 500000, ?, ?, ?)
                ON CONFLICT DO NOTHING RETURNING id
                """, SandboxProvider.demoAgentMobile, demoBarcodes.count, now, now)
            guard let agentID = try created?.get("id", as: Int64.self) else { return false }
            for (barcode, vehicleClass) in demoBarcodes {
                try db.run(
                    """
                    INSERT INTO fastags (tag_number, agent_id, status, vehicle_class, created_at, updated_at)
                    VALUES (?, ?, 'available', ?, ?, ?) ON CONFLICT DO NOTHING
                    """, barcode, agentID, vehicleClass, now, now)
            }
            return true
        }
    }
}

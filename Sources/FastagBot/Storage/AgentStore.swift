/// Agents and their login OTPs.
package struct AgentStore: Sendable {
    let pool: StoragePool
    let time: any TimeSource

    package func list(status: Agent.Status? = nil, page: PageRequest = PageRequest()) async throws -> Page<Agent> {
        let listing = Listing<Agent>(
            condition: "deleted_at IS NULL AND (CAST(?1 AS TEXT) IS NULL OR status = ?1)", arguments: [status?.rawValue]
        )
        return try await pool.read { db in
            // The page in its snapshot, then its agents' figures (they only ever grow).
            var agents = try listing.page(page, in: db)
            try Self.addActivity(to: &agents.items, in: db)
            return agents
        }
    }

    /// `agent` with its activations and when it was last seen, as the API shows an agent
    /// (the engine's reads of agents need neither).
    func detailed(_ agent: Agent) async throws -> Agent {
        try await pool.read { db in
            var agents = [agent]
            try Self.addActivity(to: &agents, in: db)
            return agents[0]
        }
    }

    /// Each listed agent's activations and when it was last seen, in two grouped reads.
    static func addActivity(to agents: inout [Agent], in db: SQLConnection) throws {
        guard !agents.isEmpty else { return }
        let ids = agents.indices.map { "?\($0 + 1)" }.joined(separator: ", ")
        let arguments: [any SQLBindable] = agents.map(\.id)
        var activations: [Int64: Int] = [:]
        for row in try db.query(
            """
            SELECT f.agent_id, COUNT(*) AS n FROM fastag_transactions t JOIN fastags f ON f.id = t.fastag_id
            WHERE t.kind = 'activation' AND f.agent_id IN (\(ids)) GROUP BY f.agent_id
            """, arguments)
        {
            activations[try row.get("agent_id")] = try row.get("n")
        }
        var seen: [Int64: Int64] = [:]
        for row in try db.query(
            "SELECT agent_id, MAX(last_activity_at) AS seen FROM sessions WHERE agent_id IN (\(ids)) GROUP BY agent_id",
            arguments)
        {
            seen[try row.get("agent_id")] = try row.get("seen")
        }
        for index in agents.indices {
            let id = agents[index].id
            agents[index].activity = Agent.Activity(activations: activations[id] ?? 0, lastSeenAt: seen[id])
        }
    }

    package func get(_ id: Int64) async throws -> Agent? {
        try await pool.read { db in try Agent.get(id, in: db) }
    }

    package func find(mobile: String) async throws -> Agent? {
        try await pool.read { db in try Agent.fetchOne("mobile = ? AND deleted_at IS NULL", mobile, in: db) }
    }

    package func create(_ agent: NewAgent) async throws -> Agent {
        let now = time.nowMilliseconds()
        return try await pool.write { db in
            let id = try StoreError.mapConstraint("An agent with mobile \(agent.mobile) already exists") {
                try db.insert(
                    """
                    INSERT INTO agents (first_name, last_name, mobile, shauryapay_agent_id, status,
                        wallet_balance_paise, fastags_left, language, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    agent.firstName, agent.lastName, agent.mobile, agent.shauryapayAgentID, agent.status.rawValue,
                    agent.walletBalancePaise, agent.fastagsLeft, agent.language.rawValue, now, now)
            }
            return try Agent.get(id, in: db)!
        }
    }

    package func update(_ id: Int64, _ changes: AgentChanges) async throws -> Agent {
        let now = time.nowMilliseconds()
        return try await pool.write { db in
            var agent = try Agent.existing(id, locking: true, in: db)
            if let value = changes.firstName { agent.firstName = value }
            if let value = changes.lastName { agent.lastName = value }
            if let value = changes.mobile { agent.mobile = value }
            if let value = changes.shauryapayAgentID { agent.shauryapayAgentID = value }
            if let value = changes.status { agent.status = value }
            if let value = changes.walletBalancePaise { agent.walletBalancePaise = value }
            if let value = changes.fastagsLeft { agent.fastagsLeft = value }
            if let value = changes.language { agent.language = value }
            try StoreError.mapConstraint("An agent with mobile \(agent.mobile) already exists") {
                try db.run(
                    """
                    UPDATE agents SET first_name = ?, last_name = ?, mobile = ?, shauryapay_agent_id = ?, status = ?,
                        wallet_balance_paise = ?, fastags_left = ?, language = ?, updated_at = ?
                    WHERE id = ?
                    """,
                    agent.firstName, agent.lastName, agent.mobile, agent.shauryapayAgentID, agent.status.rawValue,
                    agent.walletBalancePaise, agent.fastagsLeft, agent.language.rawValue, now, id)
            }
            return try Agent.get(id, in: db)!
        }
    }

    /// Deletes an agent that has no open session. The row is kept (marked deleted) so that
    /// sessions and tags keep their history; its mobile number is free again.
    func delete(_ id: Int64) async throws {
        let now = time.nowMilliseconds()
        try await pool.write { db in
            _ = try Agent.existing(id, in: db)
            let open = try db.scalar(
                "SELECT count(*) FROM sessions WHERE agent_id = ? AND status = 'open'", [id], as: Int.self)
            guard open == 0 else {
                throw StoreError.conflict("Agent \(id) has \(open) open session(s); complete or delete them first")
            }
            try db.run("UPDATE agents SET deleted_at = ?, updated_at = ? WHERE id = ?", now, now, id)
            try db.run("DELETE FROM agent_otps WHERE agent_id = ?", id)
        }
    }

    /// Takes one FASTag off the agent's count; refused at zero.
    func decrementFastags(_ id: Int64) async throws -> Agent {
        try await adjust(id, fastags: -1, wallet: 0)
    }

    /// Adds to (or, negative, takes from) the wallet and the FASTag count. The row is read
    /// locked (`FOR UPDATE` where other replicas could change it meanwhile), the sums are
    /// checked in Swift (an overflow is refused, never stored), and both are written at once.
    package func adjust(_ id: Int64, fastags: Int64, wallet: Int64) async throws -> Agent {
        let now = time.nowMilliseconds()
        return try await pool.write { db in
            let agent = try Agent.existing(id, locking: true, in: db)
            guard let count = Money.sum(agent.fastagsLeft, fastags) else {
                throw StoreError.conflict("Agent \(id)'s FASTag count cannot grow by \(fastags)")
            }
            if count < 0 { throw StoreError.conflict("Agent \(id) has \(agent.fastagsLeft) FASTags left") }
            guard let balance = Money.sum(agent.walletBalancePaise, wallet) else {
                throw StoreError.conflict(
                    "Agent \(id)'s wallet holds \(Money.rupees(agent.walletBalancePaise)); adding \(Money.rupees(wallet)) would exceed the largest balance that can be stored"
                )
            }
            if balance < 0 { throw StoreError.conflict("Agent \(id)'s wallet balance would go below zero") }
            try db.run(
                "UPDATE agents SET fastags_left = ?, wallet_balance_paise = ?, updated_at = ? WHERE id = ?",
                count, balance, now, id)
            return try Agent.get(id, in: db)!
        }
    }
}

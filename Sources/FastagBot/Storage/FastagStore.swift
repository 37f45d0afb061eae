/// FASTags and their transactions. Every change of balance or status that is money or
/// custody writes its transaction row in the same transaction as the change.
struct FastagStore: Sendable {
    let pool: StoragePool
    let time: any TimeSource

    struct Filter: Sendable {
        var agentID: Int64?
        var status: Fastag.Status?
        init(agentID: Int64? = nil, status: Fastag.Status? = nil) {
            self.agentID = agentID
            self.status = status
        }
    }

    func list(_ filter: Filter = Filter(), page: PageRequest = PageRequest()) async throws -> Page<Fastag> {
        let listing = Listing<Fastag>(
            condition: "(CAST(?1 AS BIGINT) IS NULL OR agent_id = ?1) AND (CAST(?2 AS TEXT) IS NULL OR status = ?2)",
            arguments: [filter.agentID, filter.status?.rawValue])
        return try await pool.read { db in try listing.page(page, in: db) }
    }

    func get(_ id: Int64) async throws -> Fastag? {
        try await pool.read { db in try Fastag.get(id, in: db) }
    }

    func find(tagNumber: String) async throws -> Fastag? {
        try await pool.read { db in try Self.find(tagNumber, in: db) }
    }

    static func find(_ tagNumber: String, in db: SQLConnection) throws -> Fastag? {
        try Fastag.fetchOne("tag_number = ?", tagNumber, in: db)
    }

    func create(_ fields: FastagFields) async throws -> Fastag {
        let now = time.nowMilliseconds()
        return try await pool.write { db in try Self.create(fields, now: now, in: db) }
    }

    static func create(_ fields: FastagFields, now: Int64, in db: SQLConnection) throws -> Fastag {
        let number = fields.tagNumber ?? ""
        if let agentID = fields.agentID ?? nil { _ = try Agent.existing(agentID, in: db) }
        let id = try StoreError.mapConstraint("FASTag \(number) already exists") {
            try db.insert(
                """
                INSERT INTO fastags (tag_number, serial_number, agent_id, customer_name, customer_mobile, plan,
                    balance_paise, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                number, fields.serialNumber ?? nil, fields.agentID ?? nil, fields.customerName ?? nil,
                fields.customerMobile ?? nil, fields.plan ?? nil, fields.balancePaise ?? 0, now, now)
        }
        return try Fastag.get(id, in: db)!
    }

    func update(_ id: Int64, _ fields: FastagFields) async throws -> Fastag {
        let now = time.nowMilliseconds()
        return try await pool.write { db in
            var tag = try Fastag.existing(id, locking: true, in: db)
            if let value = fields.tagNumber { tag.tagNumber = value }
            if let value = fields.serialNumber { tag.serialNumber = value }
            if let value = fields.agentID { tag.agentID = value }
            if let value = fields.customerName { tag.customerName = value }
            if let value = fields.customerMobile { tag.customerMobile = value }
            if let value = fields.plan { tag.plan = value }
            // Only a newly named agent must exist: a tag of a since-deleted agent can still change.
            if let agentID = fields.agentID ?? nil { _ = try Agent.existing(agentID, in: db) }
            try StoreError.mapConstraint("FASTag \(tag.tagNumber) already exists") {
                try db.run(
                    """
                    UPDATE fastags SET tag_number = ?, serial_number = ?, agent_id = ?, customer_name = ?,
                        customer_mobile = ?, plan = ?, updated_at = ?
                    WHERE id = ?
                    """,
                    tag.tagNumber, tag.serialNumber, tag.agentID, tag.customerName, tag.customerMobile, tag.plan, now,
                    id)
            }
            return try Fastag.get(id, in: db)!
        }
    }

    /// Activates an available or inactive tag on a vehicle, crediting `amountPaise`.
    func activate(_ id: Int64, _ activation: Activation) async throws -> Fastag {
        let now = time.nowMilliseconds()
        return try await pool.write { db in try Self.activate(id, activation, now: now, in: db) }
    }

    static func activate(_ id: Int64, _ activation: Activation, now: Int64, in db: SQLConnection) throws -> Fastag {
        let tag = try Fastag.existing(id, locking: true, in: db)
        try checkActivatable(tag)
        _ = try Vehicle.existing(activation.vehicleID, in: db)
        try activate(tag, activation, now: now, in: db)
        return try Fastag.get(id, in: db)!
    }

    /// Activates `tag`, read (locked) by this transaction, on a vehicle this transaction
    /// wrote or checked: a completed flow's books, which need read neither again.
    static func activate(_ tag: Fastag, _ activation: Activation, now: Int64, in db: SQLConnection) throws {
        try checkActivatable(tag)
        let balance = try creditedBalance(tag, activation.amountPaise)
        try StoreError.mapConstraint("Vehicle \(activation.vehicleID) already has an active FASTag") {
            try db.run(
                """
                UPDATE fastags SET status = 'active', vehicle_id = ?, customer_name = coalesce(?, customer_name),
                    customer_mobile = coalesce(?, customer_mobile), plan = coalesce(?, plan),
                    vehicle_class = coalesce(?, vehicle_class), balance_paise = ?, activated_at = ?, updated_at = ?
                WHERE id = ?
                """,
                activation.vehicleID, activation.customerName, activation.customerMobile, activation.plan,
                activation.vehicleClass, balance, now, now, tag.id)
        }
        try recordTransaction(
            tag.id, .activation, amount: activation.amountPaise, balanceAfter: balance, session: activation.sessionID,
            now: now, in: db)
    }

    private static func checkActivatable(_ tag: Fastag) throws {
        guard tag.status == .available || tag.status == .inactive else {
            throw StoreError.conflict("FASTag \(tag.tagNumber) is \(tag.status.rawValue) and cannot be activated")
        }
    }

    func deactivate(_ id: Int64, note: String? = nil) async throws -> Fastag {
        let now = time.nowMilliseconds()
        return try await pool.write { db in
            let tag = try Fastag.existing(id, locking: true, in: db)
            guard tag.status == .active else {
                throw StoreError.conflict("FASTag \(tag.tagNumber) is \(tag.status.rawValue), not active")
            }
            try db.run("UPDATE fastags SET status = 'inactive', updated_at = ? WHERE id = ?", now, id)
            try Self.recordTransaction(
                id, .deactivation, amount: 0, balanceAfter: tag.balancePaise, session: nil, note: note, now: now, in: db
            )
            return try Fastag.get(id, in: db)!
        }
    }

    /// Adds `amountPaise` to an active tag's balance.
    func recharge(_ id: Int64, amountPaise: Int64, note: String? = nil) async throws -> Fastag {
        let now = time.nowMilliseconds()
        return try await pool.write { db in
            let tag = try Fastag.existing(id, locking: true, in: db)
            guard tag.status == .active else {
                throw StoreError.conflict(
                    "FASTag \(tag.tagNumber) is \(tag.status.rawValue); only active tags can be recharged")
            }
            let balance = try Self.creditedBalance(tag, amountPaise)
            try db.run("UPDATE fastags SET balance_paise = ?, updated_at = ? WHERE id = ?", balance, now, id)
            try Self.recordTransaction(
                id, .recharge, amount: amountPaise, balanceAfter: balance, session: nil, note: note, now: now, in: db)
            return try Fastag.get(id, in: db)!
        }
    }

    func transactions(_ id: Int64, page: PageRequest = PageRequest()) async throws -> Page<FastagTransaction> {
        let listing = Listing<FastagTransaction>(condition: "fastag_id = ?1", arguments: [id])
        return try await pool.read { db in
            // The tag and its transactions from one snapshot too.
            try db.snapshot {
                _ = try Fastag.existing(id, in: db)
                return try listing.page(page, in: db)
            }
        }
    }

    /// Deletes a tag that never moved money or custody; tags with history are deactivated instead.
    func delete(_ id: Int64) async throws {
        try await pool.write { db in
            let tag = try Fastag.existing(id, locking: true, in: db)
            let history = try db.scalar(
                "SELECT count(*) FROM fastag_transactions WHERE fastag_id = ?", [id], as: Int.self)
            guard tag.status != .active, history == 0 else {
                throw StoreError.conflict(
                    "FASTag \(tag.tagNumber) has been used (\(history) transaction(s)); deactivate it instead")
            }
            try db.run("DELETE FROM fastags WHERE id = ?", id)
        }
    }

    /// The tag's balance after a credit, refused (409) when it would not fit in 64 bits: a
    /// balance entered near `Int64.max` must not trap the process when money is added to it.
    private static func creditedBalance(_ tag: Fastag, _ amountPaise: Int64) throws -> Int64 {
        guard let balance = Money.sum(tag.balancePaise, amountPaise) else {
            throw StoreError.conflict(
                "FASTag \(tag.tagNumber) holds \(Money.rupees(tag.balancePaise)); adding \(Money.rupees(amountPaise)) would exceed the largest balance that can be stored"
            )
        }
        return balance
    }

    static func recordTransaction(
        _ id: Int64, _ kind: FastagTransaction.Kind, amount: Int64, balanceAfter: Int64, session: String?,
        note: String? = nil, now: Int64, in db: SQLConnection
    ) throws {
        try db.run(
            """
            INSERT INTO fastag_transactions (fastag_id, kind, amount_paise, balance_after_paise, session_id, note,
                created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            id, kind.rawValue, amount, balanceAfter, session, note, now)
    }
}

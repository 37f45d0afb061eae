/// What a completed activation or replacement writes, inside the caller's transaction.
enum Bookkeeping {
    /// Saves the vehicle, marks the barcode active and linked (adding it to the stock
    /// first when it came from the provider's list), links the session's documents, and
    /// records the activation transaction.
    static func recordActivation(_ record: ActivationRecord, sessionID: String, now: Int64, in db: SQLConnection) throws
    {
        var fields = VehicleFields(registrationNumber: record.vehicleNumber)
        fields.engineLast5 = .some(record.engineLast5)
        if let chassis = record.chassisNumber { fields.chassisNumber = .some(chassis) }
        fields.maker = .some(record.maker)
        fields.model = .some(record.model)
        fields.descriptor = .some(record.descriptor)
        if let colour = record.colour { fields.colour = .some(colour) }
        if let type = record.vehicleType { fields.vehicleType = .some(type) }
        if let state = record.stateOfRegistration { fields.stateOfRegistration = .some(state) }
        if let vehicleClass = record.vehicleClass { fields.vehicleClass = .some(vehicleClass) }
        let vehicle = try VehicleStore.upsert(fields, now: now, in: db)
        let tag = try stockTag(record.barcode, agentID: record.agentID, now: now, in: db)
        try FastagStore.activate(
            tag,
            Activation(
                vehicleID: vehicle.id, customerName: record.customerName, customerMobile: record.customerMobile,
                plan: record.plan, amountPaise: record.amountPaise, sessionID: sessionID,
                vehicleClass: record.vehicleClass),
            now: now, in: db)
        try db.run("UPDATE documents SET vehicle_id = ? WHERE session_id = ?", vehicle.id, sessionID)
    }

    /// Marks the vehicle's active tag (if known here) replaced and activates the new one.
    static func recordReplacement(_ record: ReplacementRecord, sessionID: String, now: Int64, in db: SQLConnection)
        throws
    {
        let vehicle = try VehicleStore.upsert(VehicleFields(registrationNumber: record.vehicleNumber), now: now, in: db)
        var customerName: String?
        if let old = try Fastag.fetchOne("vehicle_id = ? AND status = 'active'", vehicle.id, in: db) {
            customerName = old.customerName
            try db.run("UPDATE fastags SET status = 'replaced', updated_at = ? WHERE id = ?", now, old.id)
            try FastagStore.recordTransaction(
                old.id, .replacement, amount: 0, balanceAfter: old.balancePaise, session: sessionID,
                note: "replaced by \(record.barcode): \(record.reason)", now: now, in: db)
        }
        let tag = try stockTag(record.barcode, agentID: record.agentID, now: now, in: db)
        try FastagStore.activate(
            tag,
            Activation(
                vehicleID: vehicle.id, customerName: customerName, customerMobile: record.customerMobile, plan: nil,
                amountPaise: 0, sessionID: sessionID),
            now: now, in: db)
    }

    /// The barcode's row, locked (it is activated next), created as the agent's available tag
    /// when unknown here.
    private static func stockTag(_ barcode: String, agentID: Int64, now: Int64, in db: SQLConnection) throws -> Fastag {
        if let tag = try Fastag.fetchOne("tag_number = ?", barcode, locking: true, in: db) { return tag }
        var fields = FastagFields(tagNumber: barcode)
        fields.agentID = .some(agentID)
        return try FastagStore.create(fields, now: now, in: db)
    }
}

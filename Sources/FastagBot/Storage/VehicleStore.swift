/// Vehicles, and the documents attached to them.
package struct VehicleStore: Sendable {
    let pool: StoragePool
    let time: any TimeSource

    func list(page: PageRequest = PageRequest()) async throws -> Page<Vehicle> {
        try await pool.read { db in try Listing<Vehicle>().page(page, in: db) }
    }

    func get(_ id: Int64) async throws -> Vehicle? {
        try await pool.read { db in try Vehicle.get(id, in: db) }
    }

    func find(registrationNumber: String) async throws -> Vehicle? {
        try await pool.read { db in try Self.find(registrationNumber, in: db) }
    }

    static func find(_ registrationNumber: String, in db: SQLConnection) throws -> Vehicle? {
        try Vehicle.fetchOne("registration_number = ?", registrationNumber, in: db)
    }

    func create(_ fields: VehicleFields) async throws -> Vehicle {
        let now = time.nowMilliseconds()
        return try await pool.write { db in try Self.create(fields, now: now, in: db) }
    }

    static func create(_ fields: VehicleFields, now: Int64, in db: SQLConnection) throws -> Vehicle {
        let number = fields.registrationNumber ?? ""
        let id = try StoreError.mapConstraint("Vehicle \(number) already exists") {
            try db.insert(
                """
                INSERT INTO vehicles (registration_number, engine_last5, chassis_number, maker, model, descriptor,
                    colour, vehicle_type, state_of_registration, vehicle_class, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                number, fields.engineLast5 ?? nil, fields.chassisNumber ?? nil, fields.maker ?? nil,
                fields.model ?? nil, fields.descriptor ?? nil, fields.colour ?? nil, fields.vehicleType ?? nil,
                fields.stateOfRegistration ?? nil, fields.vehicleClass ?? nil, now, now)
        }
        return try Vehicle.get(id, in: db)!
    }

    func update(_ id: Int64, _ fields: VehicleFields) async throws -> Vehicle {
        let now = time.nowMilliseconds()
        return try await pool.write { db in try Self.update(id, fields, now: now, in: db) }
    }

    static func update(_ id: Int64, _ fields: VehicleFields, now: Int64, in db: SQLConnection) throws -> Vehicle {
        var vehicle = try Vehicle.existing(id, locking: true, in: db)
        if let value = fields.registrationNumber { vehicle.registrationNumber = value }
        if let value = fields.engineLast5 { vehicle.engineLast5 = value }
        if let value = fields.chassisNumber { vehicle.chassisNumber = value }
        if let value = fields.maker { vehicle.maker = value }
        if let value = fields.model { vehicle.model = value }
        if let value = fields.descriptor { vehicle.descriptor = value }
        if let value = fields.colour { vehicle.colour = value }
        if let value = fields.vehicleType { vehicle.vehicleType = value }
        if let value = fields.stateOfRegistration { vehicle.stateOfRegistration = value }
        if let value = fields.vehicleClass { vehicle.vehicleClass = value }
        try StoreError.mapConstraint("Vehicle \(vehicle.registrationNumber) already exists") {
            try db.run(
                """
                UPDATE vehicles SET registration_number = ?, engine_last5 = ?, chassis_number = ?, maker = ?, model = ?,
                    descriptor = ?, colour = ?, vehicle_type = ?, state_of_registration = ?, vehicle_class = ?,
                    updated_at = ?
                WHERE id = ?
                """,
                vehicle.registrationNumber, vehicle.engineLast5, vehicle.chassisNumber, vehicle.maker, vehicle.model,
                vehicle.descriptor, vehicle.colour, vehicle.vehicleType, vehicle.stateOfRegistration,
                vehicle.vehicleClass, now, id)
        }
        return try Vehicle.get(id, in: db)!
    }

    /// Creates the vehicle or updates the one with the same registration number.
    static func upsert(_ fields: VehicleFields, now: Int64, in db: SQLConnection) throws -> Vehicle {
        if let number = fields.registrationNumber, let existing = try find(number, in: db) {
            return try update(existing.id, fields, now: now, in: db)
        }
        return try create(fields, now: now, in: db)
    }

    /// Deletes a vehicle that no FASTag refers to.
    func delete(_ id: Int64) async throws {
        try await pool.write { db in
            _ = try Vehicle.existing(id, in: db)
            let tags = try db.scalar("SELECT count(*) FROM fastags WHERE vehicle_id = ?", [id], as: Int.self)
            guard tags == 0 else {
                throw StoreError.conflict("Vehicle \(id) has \(tags) FASTag(s); it cannot be deleted")
            }
            try db.run("UPDATE documents SET vehicle_id = NULL WHERE vehicle_id = ?", id)
            try db.run("DELETE FROM vehicles WHERE id = ?", id)
        }
    }
}

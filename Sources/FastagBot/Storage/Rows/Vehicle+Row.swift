extension Vehicle: KeyedRow {
    static let noun = "Vehicle"
    static let table = "vehicles"
    static let columns = [
        "id", "registration_number", "engine_last5", "chassis_number", "maker", "model", "descriptor", "colour",
        "vehicle_type", "state_of_registration", "vehicle_class", "created_at", "updated_at",
    ]

    init(row: StoredRow) throws {
        try self.init(
            id: row.get("id"), registrationNumber: row.get("registration_number"),
            engineLast5: row.get("engine_last5"), chassisNumber: row.get("chassis_number"), maker: row.get("maker"),
            model: row.get("model"), descriptor: row.get("descriptor"), colour: row.get("colour"),
            vehicleType: row.get("vehicle_type"), stateOfRegistration: row.get("state_of_registration"),
            vehicleClass: row.get("vehicle_class"),
            createdAt: row.get("created_at"), updatedAt: row.get("updated_at"))
    }
}

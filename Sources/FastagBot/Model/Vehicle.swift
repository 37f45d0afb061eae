import SQLite

/// A registered vehicle, keyed by its registration number.
public struct Vehicle: Sendable, Equatable {
    public var id: Int64
    public var registrationNumber: String
    public var engineLast5: String?
    public var chassisNumber: String?
    public var maker: String?
    public var model: String?
    public var descriptor: String?
    public var colour: String?
    public var vehicleType: String?
    public var stateOfRegistration: String?
    public var createdAt: Int64
    public var updatedAt: Int64

    init(row: Row) throws {
        id = try row.get("id")
        registrationNumber = try row.get("registration_number")
        engineLast5 = try row.get("engine_last5")
        chassisNumber = try row.get("chassis_number")
        maker = try row.get("maker")
        model = try row.get("model")
        descriptor = try row.get("descriptor")
        colour = try row.get("colour")
        vehicleType = try row.get("vehicle_type")
        stateOfRegistration = try row.get("state_of_registration")
        createdAt = try row.get("created_at")
        updatedAt = try row.get("updated_at")
    }

    static let columns = """
        id, registration_number, engine_last5, chassis_number, maker, model, descriptor, colour, vehicle_type,
        state_of_registration, created_at, updated_at
        """
}

/// Vehicle fields to create or change; nil leaves a field as it is (or empty on create).
public struct VehicleFields: Sendable {
    public var registrationNumber: String?
    public var engineLast5: String??
    public var chassisNumber: String??
    public var maker: String??
    public var model: String??
    public var descriptor: String??
    public var colour: String??
    public var vehicleType: String??
    public var stateOfRegistration: String??

    public init(registrationNumber: String? = nil) {
        self.registrationNumber = registrationNumber
    }
}

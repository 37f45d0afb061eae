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

/// A registered vehicle, keyed by its registration number.
struct Vehicle: Sendable, Equatable {
    var id: Int64
    var registrationNumber: String
    var engineLast5: String?
    var chassisNumber: String?
    var maker: String?
    var model: String?
    var descriptor: String?
    var colour: String?
    var vehicleType: String?
    var stateOfRegistration: String?
    /// The tag class it needs (`4`…); nil when unknown.
    var vehicleClass: String?
    var createdAt: Int64
    var updatedAt: Int64
}

/// Vehicle fields to create or change; nil leaves a field as it is (or empty on create).
struct VehicleFields: Sendable {
    var registrationNumber: String?
    var engineLast5: String??
    var chassisNumber: String??
    var maker: String??
    var model: String??
    var descriptor: String??
    var colour: String??
    var vehicleType: String??
    var stateOfRegistration: String??
    var vehicleClass: String??

    init(registrationNumber: String? = nil) {
        self.registrationNumber = registrationNumber
    }
}

/// A registered vehicle, keyed by its registration number.
package struct Vehicle: Sendable, Equatable {
    package var id: Int64
    package var registrationNumber: String
    package var engineLast5: String?
    package var chassisNumber: String?
    package var maker: String?
    package var model: String?
    package var descriptor: String?
    package var colour: String?
    package var vehicleType: String?
    package var stateOfRegistration: String?
    package var createdAt: Int64
    package var updatedAt: Int64
}

/// Vehicle fields to create or change; nil leaves a field as it is (or empty on create).
package struct VehicleFields: Sendable {
    package var registrationNumber: String?
    package var engineLast5: String??
    package var chassisNumber: String??
    package var maker: String??
    package var model: String??
    package var descriptor: String??
    package var colour: String??
    package var vehicleType: String??
    package var stateOfRegistration: String??

    package init(registrationNumber: String? = nil) {
        self.registrationNumber = registrationNumber
    }
}

/// A vehicle class as the issuer numbers it: the tag's class (`tagVehicleClassID` of the
/// registry, `mapper_vehicle_class` of a barcode, an `id` of `get_vehicle_class_api`) and its
/// name. Tolls are charged by the class in the tag, so a tag fits only vehicles of its class.
package struct VehicleClass: Sendable, Equatable {
    /// One or two digits: "4" is a car.
    package var id: String
    package var name: String

    package init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    /// "4 (Car / Jeep / Van)", as the dialogue shows it.
    package var label: String { name.isEmpty ? id : "\(id) (\(name))" }

    /// A class id the issuer could have given: one or two digits, not 0. Anything else
    /// (empty, "NA", "0") is no class, and the agent is asked.
    package static func usableID(_ text: String?) -> String? {
        guard let text, let number = Int(text.trimming(" ")), (1...99).contains(number) else { return nil }
        return String(number)
    }

    /// The classes the sandbox offers (and the names shown for a class the registry gives
    /// without one), with the registry's `type` and `vehicleType` for each. The live list
    /// comes from `get_vehicle_class_api`.
    package static let known: [(vehicleClass: VehicleClass, type: String, vehicleType: String)] = [
        (VehicleClass(id: "4", name: "Car / Jeep / Van"), "LMV", "Motor Car"),
        (VehicleClass(id: "5", name: "Light Commercial Vehicle"), "LGV", "Goods Carrier"),
        (VehicleClass(id: "6", name: "Bus (2 axles)"), "HPV", "Bus"),
        (VehicleClass(id: "7", name: "Truck (2 axles)"), "HGV", "Goods Carrier"),
    ]

    /// The known class with this id, or one named only by its id.
    package static func named(_ id: String) -> VehicleClass {
        known.first { $0.vehicleClass.id == id }?.vehicleClass ?? VehicleClass(id: id, name: "")
    }
}

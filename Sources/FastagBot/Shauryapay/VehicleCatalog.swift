/// Makers, models and descriptors: the sandbox's data (from the seed's configuration) and
/// the reference lists of the REST API.
package enum VehicleCatalog {
    package static let makers: [String] = [
        "MARUTI", "TOYOTA", "TATA", "HYUNDAI", "KIA MOTORS", "MAHINDRA & MAHINDRA", "MAHINDRA RENAULT", "MAHINDRA REVA",
        "MAHINDRA SSANGYONG", "HONDA", "FOTON", "JAYEM AUTOMOTIVE", "NISSAN MOTORS", "ASTON MARTIN",
    ]

    static let models: [String: [String]] = [
        "TOYOTA": [
            "ALPHARD", "CAMRY", "COROLLA", "COROLLA ALTIS", "ETIOS", "ETIOS CROSS", "ETIOS LIVA", "FORTUNER", "GLANZA",
            "INNOVA",
        ],
        "MARUTI": ["SWIFT", "DZIRE", "BALENO", "BREZZA", "ERTIGA", "S-CROSS"],
        "HYUNDAI": ["I10", "I20", "VENUE", "CRETA", "VERNA", "ELANTRA"],
        "TATA": ["TIAGO", "TIGOR", "NEXON", "HARRIER", "SAFARI", "PUNCH"],
        "KIA MOTORS": ["SELTOS", "SONET", "CARENS", "CARNIVAL"],
        "MAHINDRA & MAHINDRA": ["SCORPIO", "XUV700", "THAR", "BOLERO", "XUV300"],
        "MAHINDRA RENAULT": ["LOGAN"],
        "MAHINDRA REVA": ["E2O", "REVAI"],
        "MAHINDRA SSANGYONG": ["REXTON"],
        "HONDA": ["CITY", "AMAZE", "JAZZ", "WR-V", "ELEVATE"],
        "FOTON": ["TUNLAND", "VIEW"],
        "JAYEM AUTOMOTIVE": ["NEO"],
        "NISSAN MOTORS": ["MAGNITE", "KICKS", "SUNNY", "MICRA"],
        "ASTON MARTIN": ["DB11", "VANTAGE", "DBX"],
    ]

    static let descriptors: [String] = ["Petrol", "Diesel", "CNG", "Electric", "Hybrid"]

    /// Vehicles the sandbox's registry knows in full, one per kind of class (any other number
    /// is a car, class 4), and one the registry gives no class for, so the class is asked.
    /// Maker, model and descriptor are complete, so only the class path differs.
    package static let demoVehicles: [String: RegistryVehicle] = [
        "MH04CA1004": RegistryVehicle(
            maker: "MARUTI", model: "SWIFT", descriptor: "Petrol", colour: "RED", vehicleType: "Motor Car",
            stateOfRegistration: "MH", tagClassID: "4", npciClassID: "4", classType: "LMV"),
        "MH04GC1005": RegistryVehicle(
            maker: "TATA", model: "ULTRA T.7", descriptor: "Diesel", colour: "WHITE", vehicleType: "Goods Carrier",
            stateOfRegistration: "MH", tagClassID: "5", npciClassID: "5", classType: "LGV"),
        "MH04BS1006": RegistryVehicle(
            maker: "TATA", model: "STARBUS", descriptor: "Diesel", colour: "YELLOW", vehicleType: "Bus",
            stateOfRegistration: "MH", tagClassID: "6", npciClassID: "6", classType: "HPV"),
        "MH04NC1008": RegistryVehicle(
            maker: "MARUTI", model: "DZIRE", descriptor: "CNG", colour: "WHITE", vehicleType: "Motor Cab",
            stateOfRegistration: "MH", tagClassID: "", npciClassID: "", classType: ""),
    ]

    /// The maker as listed, matched without regard to case or surrounding spaces.
    static func maker(named name: String) -> String? {
        let wanted = name.trimming(" \t").uppercased()
        return makers.first { $0 == wanted }
    }
}

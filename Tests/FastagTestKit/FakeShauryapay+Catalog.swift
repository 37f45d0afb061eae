import FastagBot
import Foundation

/// What the fake Shauryapay offers and the shapes of the requests it takes.
extension FakeShauryapay {
    /// The demo agent's id at Shauryapay (`agent_id` in every call).
    package static let agentID = "SP-AG-4711"
    /// The customer OTP the fake accepts.
    package static let customerOTP = "482913"
    package static let basePath = "/testing/"

    package static let plans: [(id: String, name: String, paise: Int64)] = [
        ("31", "400 Plan", 40_000), ("32", "500 Plan", 50_000),
    ]
    package static let makers = ["MARUTI", "TOYOTA", "HYUNDAI", "TATA"]
    package static let models: [String: [String]] = [
        "MARUTI": ["SWIFT", "DZIRE", "BALENO"], "TOYOTA": ["COROLLA", "ETIOS", "INNOVA"],
        "HYUNDAI": ["I20", "VENUE", "CRETA"], "TATA": ["NEXON", "PUNCH"],
    ]
    package static let descriptors = ["Petrol", "Diesel", "CNG", "Electric"]
    package static let imageTypes = ["RCFRONT", "RCBACK", "VEHICLEFRONT", "VEHICLESIDE", "TAGAFFIX"]
    package static let initialBarcodes = [
        "34161-220-0004321", "34161-220-0005432", "34161-220-0016543", "34161-220-0027654",
    ]

    /// Body keys of every POST endpoint, exactly as the production app sends them.
    package static let postKeys: [String: Set<String>] = [
        "generate_otp_by_vehicle": ["vehicle_number", "agent_id", "mobile_number", "isChassis", "chassisNo"],
        "validate_otp_bajaj": ["otp", "requestId", "sessionId", "agent_id", "vehicle_number"],
        "get_agent_plan": ["agent_id"],
        "update_customer_details": [
            "name", "lastName", "dob", "docType", "docNo", "expiryDate", "plan_id", "vehicle_number", "sessionId",
            "agent_id",
        ],
        "uploadDocument": ["agent_id", "sessionId", "imageType", "image"],
        "get_my_available_barcode": ["agent_id"],
        "vehicleMakerList": ["sessionId", "agent_id", "vehicle_number"],
        "vehicleModelList": ["sessionId", "vehicleMake", "agent_id", "vehicle_number"],
        "set_manually_vehicle_details": [
            "vehicleManuf", "model", "vehicleColour", "NPCIstatus", "type", "vehicleType", "npciVehicleClassID",
            "tagVehicleClassID", "agent_id", "vehicle_number", "vehicleDescriptor", "isNationalPermit",
            "permitExpiryDate", "stateOfRegistration",
        ],
        // The production app's five keys, and the class the tag is issued for.
        "update_vehicle_details": [
            "sessionId", "vehicle_number", "chassisNo", "serialNo", "agent_id", "tagVehicleClassID",
            "npciVehicleClassID",
        ],
        "rep_generate_otp_by_vehicle": [
            "vehicle_number", "agent_id", "mobile_number", "serialNo", "reason", "reasonDesc", "isChassis", "chassisNo",
        ],
        "rep_validate_otp_bajaj": ["otp", "requestId", "sessionId", "agent_id", "vehicle_number"],
        "wallet_total_amount_api": ["agent_id"],
    ]
    /// GET endpoints (no parameters, no body).
    package static let getEndpoints: Set<String> = ["get_vehicleDescriptor", "get_state_code", "get_vehicle_class_api"]

    /// `get_vehicle_class_api`: tag class ids and names.
    package static let vehicleClasses: [(id: String, name: String)] = [
        ("4", "Car / Jeep / Van"), ("5", "Light Commercial Vehicle"), ("6", "Bus (2 axles)"), ("7", "Truck (2 axles)"),
    ]

    /// What the registry says of a vehicle's class (`tagVehicleClassID`, `npciVehicleClassID`,
    /// `type`, `vehicleType`, `isCommercial`): a goods carrier and a bus by their numbers, a
    /// vehicle whose class the registry lacks (all empty), and cars otherwise.
    package static func registryClass(_ vehicle: String) -> (
        tag: String, npci: String, type: String, vehicleType: String, commercial: String
    ) {
        switch vehicle {
        case goodsCarrier: ("5", "5", "LGV", "Goods Carrier", "true")
        case bus: ("6", "6", "HPV", "Bus", "true")
        case classless: ("", "", "", "", "")
        default: ("4", "4", "LMV", "Motor Car", "false")
        }
    }
    package static let goodsCarrier = "KA01GC2468"
    package static let bus = "KA01BS2462"
    package static let classless = "KA01NC2464"

    /// A barcode's `mapper_vehicle_class`: `34161-220-05…` are for goods carriers, `…-06…`
    /// for buses, the others for cars.
    package static func barcodeClass(_ barcode: String) -> String {
        if barcode.hasPrefix("34161-220-05") { return "5" }
        if barcode.hasPrefix("34161-220-06") { return "6" }
        return "4"
    }
    package static let goodsBarcode = "34161-220-0500011"
    package static let busBarcode = "34161-220-0600022"

    /// A vehicle whose number ends in an even digit is known to the registry (maker, model
    /// and descriptor filled); an odd one comes back empty.
    package static func registryKnows(_ vehicle: String) -> Bool {
        (vehicle.last?.wholeNumberValue ?? 1) % 2 == 0
    }

    package static func rupees(_ paise: Int64) -> String {
        "\(paise / 100).\(String(format: "%02d", Int(paise % 100)))"
    }
}

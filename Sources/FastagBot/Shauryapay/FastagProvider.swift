/// What the bot needs from the FASTag issuer (Shauryapay, or the in-process sandbox).
/// Every call says which agent it is for; calls after the customer OTP carry the
/// provider's session. Failures are `ProviderError`s worded for the agent.
package protocol FastagProvider: Sendable {
    /// `generate_otp_by_vehicle`: sends the customer an OTP for this vehicle.
    func sendCustomerOTP(_ agent: ProviderAgent, vehicleNumber: String, mobile: String) async throws(ProviderError)
        -> ProviderSession
    /// `validate_otp_bajaj`: checks the customer's OTP; returns what the registry knows of the vehicle.
    func validateCustomerOTP(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, otp: String)
        async throws(ProviderError) -> RegistryVehicle
    /// `get_agent_plan`: the plans this agent may sell today.
    func plans(_ agent: ProviderAgent) async throws(ProviderError) -> [Plan]
    /// `update_customer_details`: creates the customer's wallet (KYC and plan).
    func createWallet(_ agent: ProviderAgent, session: ProviderSession, customer: CustomerDetails)
        async throws(ProviderError)
    /// `uploadDocument`: one document photo.
    func uploadDocument(_ agent: ProviderAgent, session: ProviderSession, kind: Document.Kind, image: ImageData)
        async throws(ProviderError)
    /// `get_my_available_barcode`: the agent's unused tags, each with its vehicle class.
    func availableBarcodes(_ agent: ProviderAgent) async throws(ProviderError) -> [AvailableTag]
    /// `get_vehicle_class_api`: the vehicle classes tags are made for, asked when the
    /// registry did not give the vehicle's.
    func vehicleClasses() async throws(ProviderError) -> [VehicleClass]
    /// `vehicleMakerList`
    func makers(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String) async throws(ProviderError)
        -> [String]
    /// `vehicleModelList`
    func models(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, maker: String)
        async throws(ProviderError) -> [String]
    /// `get_vehicleDescriptor`
    func descriptors() async throws(ProviderError) -> [String]
    /// `set_manually_vehicle_details`: what the agent chose when the registry had no data.
    func setVehicleDetails(_ agent: ProviderAgent, session: ProviderSession, vehicle: VehicleDetails)
        async throws(ProviderError)
    /// `update_vehicle_details`: assigns the barcode to the vehicle; the tag is then active.
    func activate(_ agent: ProviderAgent, session: ProviderSession, activation: ProviderActivation)
        async throws(ProviderError)
    /// `rep_generate_otp_by_vehicle`: starts a replacement; the customer gets an OTP.
    func sendReplacementOTP(_ agent: ProviderAgent, replacement: Replacement) async throws(ProviderError)
        -> ProviderSession
    /// `rep_validate_otp_bajaj`: success means the tag was replaced.
    func validateReplacementOTP(
        _ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, otp: String
    ) async throws(ProviderError)
    /// `wallet_total_amount_api` and the number of available barcodes.
    func figures(_ agent: ProviderAgent) async throws(ProviderError) -> AgentFigures
}

/// Why a provider call failed, in words the agent can act on.
package enum ProviderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The provider answered and said no (`status: "false"` or a failed upstream result);
    /// the message is the provider's, or ours when it gave none.
    case rejected(String)
    /// The provider did not answer in time, answered with an HTTP error, or sent
    /// something that is not its JSON. Safe to try again.
    case unavailable(String)

    package var description: String {
        switch self {
        case .rejected(let message): message
        case .unavailable(let detail): "Shauryapay did not answer, try again. (\(detail))"
        }
    }

    /// What the agent is told.
    var agentMessage: String {
        switch self {
        case .rejected(let message): message
        case .unavailable: "Shauryapay did not answer, try again."
        }
    }
}

/// The agent as the provider knows it.
package struct ProviderAgent: Sendable, Equatable {
    /// Our `agents.id`.
    var localID: Int64
    /// Shauryapay's agent id (`agent_id` in every call).
    var providerID: String
    var mobile: String
}

/// The provider's handle on one issuance or replacement (`requestId`, `sessionId`).
package struct ProviderSession: Sendable, Equatable {
    var requestID: String
    var sessionID: String
}

/// Vehicle data the registry (VAHAN, via `validate_otp_bajaj`) returned; fields may be empty.
package struct RegistryVehicle: Sendable, Equatable {
    var maker: String?
    var model: String?
    var descriptor: String?
    var colour: String?
    var vehicleType: String?
    var chassisNumber: String?
    var stateOfRegistration: String?
    /// `tagVehicleClassID`: the class of tag the vehicle needs, as sent; nil or unusable
    /// (see `VehicleClass.usableID`) means the agent is asked.
    var tagClassID: String?
    /// `npciVehicleClassID`, sent back on activation.
    var npciClassID: String?
    /// `type`: LMV, LGV, HPV…
    var classType: String?

    init(
        maker: String? = nil, model: String? = nil, descriptor: String? = nil, colour: String? = nil,
        vehicleType: String? = nil, chassisNumber: String? = nil, stateOfRegistration: String? = nil,
        tagClassID: String? = nil, npciClassID: String? = nil, classType: String? = nil
    ) {
        self.maker = maker
        self.model = model
        self.descriptor = descriptor
        self.colour = colour
        self.vehicleType = vehicleType
        self.chassisNumber = chassisNumber
        self.stateOfRegistration = stateOfRegistration
        self.tagClassID = tagClassID
        self.npciClassID = npciClassID
        self.classType = classType
    }

    /// True when maker, model and descriptor are all known (the flow then skips asking).
    var isComplete: Bool {
        ![maker, model, descriptor].contains { ($0 ?? "").isEmpty }
    }
}

package struct Plan: Sendable, Equatable {
    var id: String
    var name: String
    /// Known in the sandbox; the live API does not say.
    var amountPaise: Int64?
}

/// KYC sent with the wallet creation.
package struct CustomerDetails: Sendable, Equatable {
    var firstName: String
    var lastName: String
    var dateOfBirth: CalendarDate
    var idType: IDProofType
    var idNumber: String
    var idExpiry: CalendarDate?
    var planID: String
    var vehicleNumber: String
    var mobile: String
}

package struct VehicleDetails: Sendable, Equatable {
    var vehicleNumber: String
    var maker: String
    var model: String
    var descriptor: String
    var colour: String?
    var stateOfRegistration: String?
    var vehicleClass: ClassSent
}

/// The vehicle's class as the bot sends it to the provider (`set_manually_vehicle_details`,
/// `update_vehicle_details`): the registry's values, or the class the agent chose.
package struct ClassSent: Sendable, Equatable {
    /// `tagVehicleClassID`: the class of the tag.
    var tagClassID: String
    /// `npciVehicleClassID`: the registry's, else the tag's class.
    var npciClassID: String
    /// `type` (LMV, LGV, HPV…) and `vehicleType` (Motor Car, Goods Carrier, Bus…).
    var type: String
    var vehicleType: String
}

package struct ProviderActivation: Sendable, Equatable {
    var vehicleNumber: String
    var barcode: String
    var chassisNumber: String?
    var planID: String
    var planAmountPaise: Int64?
    var vehicleClass: ClassSent
}

/// One of the agent's unused tags: its barcode and the vehicle class it is made for
/// (`mapper_vehicle_class`; nil when the provider did not say).
package struct AvailableTag: Sendable, Equatable {
    package var barcode: String
    package var vehicleClass: String?

    package init(barcode: String, vehicleClass: String?) {
        self.barcode = barcode
        self.vehicleClass = vehicleClass
    }
}

package struct Replacement: Sendable, Equatable {
    package enum Reason: String, Sendable, CaseIterable {
        case damaged = "1"
        case lost = "2"
        case notWorking = "3"
        case other = "99"

        package var title: String {
            switch self {
            case .damaged: "Tag Damaged"
            case .lost: "Lost Tag"
            case .notWorking: "Tag Not Working"
            case .other: "Others"
            }
        }
    }

    var vehicleNumber: String
    var mobile: String
    var barcode: String
    package var reason: Reason
    var description: String
}

/// Wallet balance and FASTags left, as the provider counts them.
package struct AgentFigures: Sendable, Equatable {
    var walletPaise: Int64
    var fastagsLeft: Int64
}

// Every step name a session can store (`sessions.state`), in one place, so that the stored
// vocabulary can be read at a glance (each flow's file names its flow). A new step gets its
// name here and its row in its flow's table; its step API route, its OpenAPI entry, back,
// edit and help all follow from the table.

extension StepName {
    // MARK: Login and menu
    static let agentMobile = StepName(rawValue: "agent_mobile")
    /// Beside it, `agent_id`: the agent the OTP was sent to.
    static let agentOTP = StepName(rawValue: "agent_otp")
    /// Beside it, the figures the menu shows: `agent_name`, `wallet`, `fastags`.
    static let menu = StepName(rawValue: "menu")

    // MARK: Both flows
    static let vehicleNumber = StepName(rawValue: "vehicle_number")
    /// The customer's mobile, which receives the customer's OTP.
    static let userMobile = StepName(rawValue: "user_mobile")
    /// The last 4 digits of the new tag's barcode; beside it, the matching barcodes (`choices`).
    static let serial = StepName(rawValue: "serial")
    static let barcode = StepName(rawValue: "barcode")
    /// The detail to change, after No at the confirmation.
    static let edit = StepName(rawValue: "edit")
    /// Yes at the summary; beside it, whether the edit list is open (`editing`) and, in the
    /// replace flow, when the customer's OTP was sent (`sent_at`).
    static let confirm = StepName(rawValue: "confirm")

    // MARK: Assign
    static let engineNumber = StepName(rawValue: "engine_number")
    /// Automatic: the customer's OTP sent; beside it, when (`sent_at`).
    static let customerOTP = StepName(rawValue: "customer_otp")
    /// The customer's OTP; beside it, what the registry knows (`colour`, `type`, `chassis`, `state`).
    static let userOTP = StepName(rawValue: "user_otp")
    /// The tag class the vehicle needs (`4`…): from the registry (`source`), or asked from the
    /// list offered (`options`) when the registry gave none. Beside it, its `name`, and the
    /// registry's `npci` class and `type` when it gave them.
    static let vehicleClass = StepName(rawValue: "vehicle_class")
    static let firstName = StepName(rawValue: "first_name")
    static let lastName = StepName(rawValue: "last_name")
    static let dateOfBirth = StepName(rawValue: "dob")
    static let idType = StepName(rawValue: "id_type")
    static let idNumber = StepName(rawValue: "id_number")
    static let idExpiry = StepName(rawValue: "id_expiry")
    /// Beside it, the plans offered (`options`) and the chosen one's `name` and `amount`.
    static let plan = StepName(rawValue: "plan")
    /// Automatic: the customer's wallet created.
    static let wallet = StepName(rawValue: "wallet")
    /// The photo of one document, stored when it arrives (`doc_rc_front`…).
    static func document(_ kind: Document.Kind) -> StepName { StepName(rawValue: "doc_\(kind.rawValue)") }
    /// Automatic: that photo uploaded to the provider's session (`upload_rc_front`…).
    static func upload(_ kind: Document.Kind) -> StepName { StepName(rawValue: "upload_\(kind.rawValue)") }
    /// The maker, model and descriptor keep the list offered beside them (`options`), and
    /// `source` when the registry gave them.
    static let vehicleMaker = StepName(rawValue: "vehicle_maker")
    static let vehicleModel = StepName(rawValue: "vehicle_model")
    static let vehicleDescriptor = StepName(rawValue: "vehicle_descriptor")
    /// Automatic: the maker, model and descriptor the agent chose reported to the provider.
    static let vehicleDetails = StepName(rawValue: "vehicle_details")

    // MARK: Replace
    package static let reason = StepName(rawValue: "reason")
    static let reasonDescription = StepName(rawValue: "reason_description")
    static let replaceOTP = StepName(rawValue: "replace_otp")

    // MARK: After a flow
    /// Where a completed session stays.
    static let completed = StepName(rawValue: "completed")
    /// Not a step: the answer to `logout` names it as where the agent is.
    static let loggedOut = StepName(rawValue: "logged_out")
}

/// Named schemas of `/openapi.json` (`#/components/schemas/…`).
enum Schemas {
    static var all: [String: JSONValue] {
        [
            "Error": JSONSchema.object(
                [
                    "status": JSONSchema.string(values: ["error"]),
                    "message": JSONSchema.string("What went wrong, in words to act on."),
                ], required: ["status", "message"]),
            "Agent": agent,
            "Session": session,
            "SessionEvent": JSONSchema.object(
                [
                    "from_state": JSONSchema.string(nullable: true), "to_state": JSONSchema.string(),
                    "at": JSONSchema.time(),
                ], required: ["from_state", "to_state", "at"]),
            "Vehicle": vehicle,
            "Fastag": fastag,
            "FastagTransaction": transaction,
            "Document": document,
            "Acknowledgement": JSONSchema.object(["status": JSONSchema.string(values: ["ok"])], required: ["status"]),
            "StepAnswer": JSONSchema.object(
                [
                    "status": JSONSchema.string(
                        "success, or error when the answer was refused (the message says what to fix).",
                        values: ["success", "error"]),
                    "message": JSONSchema.string("What the bot says."),
                    "session_id": JSONSchema.string(
                        "Use this id for the next call: it changes when a flow completes.", format: "uuid"),
                    "options": JSONSchema.array(JSONSchema.string(), description: "Answers the agent can pick."),
                    "data": .object([
                        "type": "object", "additionalProperties": true, "required": ["step"],
                        "properties": .object([
                            "step": JSONSchema.string("The question the session is now at."),
                            "flow": JSONSchema.string(), "agent_name": JSONSchema.string(),
                            "wallet_balance": JSONSchema.string("e.g. ₹1,250.50"),
                            "wallet_balance_paise": JSONSchema.integer(),
                            "fastags_left": JSONSchema.integer(),
                        ]),
                    ]),
                ], required: ["status", "message", "session_id", "options", "data"]),
            "StepConflict": JSONSchema.object(
                [
                    "status": JSONSchema.string(values: ["error"]),
                    "message": JSONSchema.string("Why the session cannot take this answer now."),
                    "session_id": JSONSchema.string("The session the request named.", format: "uuid"),
                    "data": JSONSchema.object(
                        [
                            "step": JSONSchema.string(
                                "The step the session is at (answer that one), or its status when it is closed."),
                            "flow": JSONSchema.string(),
                            "next_session_id": JSONSchema.string(
                                "The session that continues a completed one.", format: "uuid"),
                        ], required: ["step"]),
                ], required: ["status", "message", "data"]),
        ]
    }

    /// A mobile number as stored and answered: exactly 10 digits.
    static let mobile = JSONSchema.string(
        "Indian mobile number: 10 digits starting 6-9.", pattern: "^[6-9][0-9]{9}$", example: "9876543210")

    /// A mobile number as accepted in a request: prefixes, spaces and dashes are still there.
    static func mobileInput(nullable: Bool = false) -> JSONValue {
        JSONSchema.string(
            "Indian mobile number: 10 digits starting 6-9; a +91, 91 or 0 prefix, spaces, dots and dashes are dropped.",
            pattern: InputPatterns.mobile, example: "+91 98765 43210", nullable: nullable)
    }

    /// A registration number as accepted in a request (and in a path).
    static func vehicleNumberInput(nullable: Bool = false) -> JSONValue {
        JSONSchema.string(
            "Indian registration number (MH12AB1234, DL1CAB1234, 22BH1234AB) in either case; spaces, dots and dashes are dropped.",
            pattern: InputPatterns.vehicleNumber, example: "MH12AB1234", nullable: nullable)
    }

    /// A person's name as accepted in a request.
    static func name(_ description: String? = nil, nullable: Bool = false) -> JSONValue {
        JSONSchema.string(
            description ?? "Letters, spaces, . ' and -; at most 50 characters as sent; runs of spaces become one.",
            pattern: InputPatterns.name, maxLength: InputLimits.nameLength, example: "Ravi", nullable: nullable)
    }

    /// Free text held to `maxLength` characters.
    static func text(_ description: String? = nil, maxLength: Int = InputLimits.textLength, nullable: Bool = false)
        -> JSONValue
    {
        JSONSchema.string(description, maxLength: maxLength, nullable: nullable)
    }

    /// A row id in a request body.
    static func id(_ description: String? = nil, nullable: Bool = false) -> JSONValue {
        JSONSchema.integer(description, in: InputLimits.id, nullable: nullable)
    }

    static let shauryapayAgentID = JSONSchema.string(
        "The agent's id at Shauryapay (the agent_id of its login): 1-32 letters, digits, - or _.",
        pattern: InputPatterns.shauryapayAgentID, example: "1042", nullable: true)

    static let agent = JSONSchema.object(
        [
            "id": JSONSchema.integer(), "first_name": JSONSchema.string(), "last_name": JSONSchema.string(),
            "mobile": mobile, "shauryapay_agent_id": JSONSchema.string(nullable: true),
            "status": JSONSchema.string(values: Agent.Status.allCases.map(\.rawValue)),
            "wallet_balance_paise": JSONSchema.integer("Wallet balance in paise (₹1 = 100).", minimum: 0),
            "fastags_left": JSONSchema.integer(minimum: 0), "language": language, "created_at": JSONSchema.time(),
            "updated_at": JSONSchema.time(),
            "activations": JSONSchema.integer("FASTags the agent activated (in the listing).", minimum: 0),
            "last_seen_at": JSONSchema.time("The agent's last input (in the listing).", nullable: true),
        ],
        required: [
            "id", "first_name", "last_name", "mobile", "shauryapay_agent_id", "status", "wallet_balance_paise",
            "fastags_left", "language", "created_at", "updated_at",
        ])

    static let language = JSONSchema.string(
        "The language the bot speaks to the agent: en (English) or hi (Hindi). The agent switches by sending Hindi or English in a chat.",
        values: Language.allCases.map(\.rawValue))

    static let session = JSONSchema.object(
        [
            "id": JSONSchema.string(format: "uuid"), "agent_id": JSONSchema.integer(nullable: true),
            "channel": JSONSchema.string(values: Session.Channel.allCases.map(\.rawValue)),
            "chat_id": JSONSchema.string("The chat's phone number for WhatsApp and Interakt sessions.", nullable: true),
            "flow": JSONSchema.string("login, menu, assign or replace."),
            "state": JSONSchema.string("The current step."),
            "status": JSONSchema.string(values: Session.Status.allCases.map(\.rawValue)),
            "data": JSONSchema.freeObject("Values collected so far."),
            "provider_request_id": JSONSchema.string(nullable: true),
            "provider_session_id": JSONSchema.string(nullable: true),
            "authenticated_at": JSONSchema.time(nullable: true), "created_at": JSONSchema.time(),
            "updated_at": JSONSchema.time(), "last_activity_at": JSONSchema.time(),
            "completed_at": JSONSchema.time(nullable: true), "expired_at": JSONSchema.time(nullable: true),
        ],
        required: [
            "id", "agent_id", "channel", "chat_id", "flow", "state", "status", "data", "provider_request_id",
            "provider_session_id", "authenticated_at", "created_at", "updated_at", "last_activity_at", "completed_at",
            "expired_at",
        ])

    /// A registration number as stored: upper case, without spaces.
    static let vehicleNumber = JSONSchema.string(
        "Indian registration number (MH12AB1234, DL1CAB1234, 22BH1234AB).", example: "MH12AB1234")

    /// The issuer's tag class: tolls are charged by it, and a tag fits vehicles of its class.
    static let vehicleClass = JSONSchema.string(
        "Vehicle class of the tag (the issuer's tag class id; 4 is a car), null when unknown.",
        pattern: "^[0-9]{1,2}$", example: "4", nullable: true)

    static let vehicle = JSONSchema.object(
        [
            "id": JSONSchema.integer(), "registration_number": vehicleNumber,
            "engine_last5": JSONSchema.string(nullable: true), "chassis_number": JSONSchema.string(nullable: true),
            "maker": JSONSchema.string(nullable: true), "model": JSONSchema.string(nullable: true),
            "descriptor": JSONSchema.string(nullable: true), "colour": JSONSchema.string(nullable: true),
            "vehicle_type": JSONSchema.string(nullable: true),
            "state_of_registration": JSONSchema.string(nullable: true), "vehicle_class": vehicleClass,
            "created_at": JSONSchema.time(), "updated_at": JSONSchema.time(),
        ],
        required: [
            "id", "registration_number", "engine_last5", "chassis_number", "maker", "model", "descriptor", "colour",
            "vehicle_type", "state_of_registration", "vehicle_class", "created_at", "updated_at",
        ])

    static let fastag = JSONSchema.object(
        [
            "id": JSONSchema.integer(), "tag_number": JSONSchema.string("The barcode.", example: "608268-001-0012345"),
            "serial_number": JSONSchema.string(nullable: true), "agent_id": JSONSchema.integer(nullable: true),
            "vehicle_id": JSONSchema.integer(nullable: true), "customer_name": JSONSchema.string(nullable: true),
            "customer_mobile": JSONSchema.string(nullable: true), "plan": JSONSchema.string(nullable: true),
            "vehicle_class": vehicleClass, "status": JSONSchema.string(values: Fastag.Status.allCases.map(\.rawValue)),
            "balance_paise": JSONSchema.integer(minimum: 0), "activated_at": JSONSchema.time(nullable: true),
            "created_at": JSONSchema.time(), "updated_at": JSONSchema.time(),
        ],
        required: [
            "id", "tag_number", "serial_number", "agent_id", "vehicle_id", "customer_name", "customer_mobile", "plan",
            "vehicle_class", "status", "balance_paise", "activated_at", "created_at", "updated_at",
        ])

    static let transaction = JSONSchema.object(
        [
            "id": JSONSchema.integer(), "fastag_id": JSONSchema.integer(),
            "kind": JSONSchema.string(values: FastagTransaction.Kind.allCases.map(\.rawValue)),
            "amount_paise": JSONSchema.integer(minimum: 0), "balance_after_paise": JSONSchema.integer(minimum: 0),
            "session_id": JSONSchema.string(nullable: true), "note": JSONSchema.string(nullable: true),
            "created_at": JSONSchema.time(),
        ],
        required: [
            "id", "fastag_id", "kind", "amount_paise", "balance_after_paise", "session_id", "note", "created_at",
        ])

    static let document = JSONSchema.object(
        [
            "id": JSONSchema.integer(), "session_id": JSONSchema.string(format: "uuid"),
            "vehicle_id": JSONSchema.integer(nullable: true),
            "kind": JSONSchema.string(values: Document.Kind.allCases.map(\.rawValue)),
            "sha256": JSONSchema.string(pattern: "^[0-9a-f]{64}$"),
            "mime_type": JSONSchema.string(values: ["image/jpeg", "image/png"]),
            "size_bytes": JSONSchema.integer(minimum: 1), "uploaded_to_provider_at": JSONSchema.time(nullable: true),
            "created_at": JSONSchema.time(),
        ],
        required: [
            "id", "session_id", "vehicle_id", "kind", "sha256", "mime_type", "size_bytes", "uploaded_to_provider_at",
            "created_at",
        ])
}

import HTTPServerKit

/// The step API's endpoints per flow: which question each answers and how its body
/// becomes the agent's answers (a body may answer several questions in a row).
enum StepEndpoints {
    typealias Endpoint = StepAPIRoutes.Endpoint

    static let assign: [Endpoint] = [
        text("assign", "vehicle_number", "Vehicle number (step 1)", example: "MH12AB1234"),
        text("assign", "engine_number", "Last 5 of the engine number (step 2)", example: "K4321"),
        text("assign", "user_mobile", "Customer's mobile; sends the customer an OTP (step 3)", example: "9123456780"),
        otp("assign", step: "user_otp", summary: "Customer's OTP, or a resend (step 4)"),
        Endpoint(
            flow: "assign", name: "user_info",
            summary: "Customer's first name, last name and date of birth (steps 5-7)",
            schema: atLeastOne(
                JSONSchema.object([
                    "first_name": JSONSchema.string(), "last_name": JSONSchema.string(),
                    "dob": JSONSchema.string("DD-MM-YYYY, DD/MM/YYYY or DD.MM.YYYY."),
                ])),
            example: ["first_name": "Asha", "last_name": "Patil", "dob": "05-03-1990"]
        ) { body in
            try [("first_name", "first_name"), ("last_name", "last_name"), ("dob", "dob")].compactMap { field, step in
                try body.string(field).map { (ConversationInput.text($0), [StepName(rawValue: step)]) }
            }
        },
        Endpoint(
            flow: "assign", name: "id_proof",
            summary: "ID proof type, number and (Passport, Driving License) expiry (steps 8-9)",
            schema: atLeastOne(
                JSONSchema.object(
                    [
                        "id_type": JSONSchema.string(
                            "PAN, Passport, Driving License or Voter Id (or 1-4); another answer is refused in the reply."
                        ),
                        "id_number": JSONSchema.string(),
                        "expiry": JSONSchema.string("DD-MM-YYYY; Passport and Driving License only."),
                    ])),
            example: ["id_type": "PAN", "id_number": "ABCPE1234F"]
        ) { body in
            try [("id_type", "id_type"), ("id_number", "id_number"), ("expiry", "id_expiry")].compactMap {
                field, step in
                try body.string(field).map { (ConversationInput.text($0), [StepName(rawValue: step)]) }
            }
        },
        text(
            "assign", "plan", "Plan, by name or number in the list (step 10); creates the customer's wallet",
            example: "500 Plan"),
        Endpoint(
            flow: "assign", name: "upload_image", summary: "One of the five document photos (step 12)",
            schema: JSONSchema.adding(
                [
                    "anyOf": [
                        ["required": ["image_base64"]],
                        ["required": ["skip"], "properties": ["skip": ["const": true]]],
                    ]
                ],
                to: JSONSchema.object(
                    [
                        "image_type": JSONSchema.string(
                            "rc_front, rc_back, vehicle_front, vehicle_side or tag_fixed, in any case, with or without _ (TAGAFFIX too).",
                            pattern: InputPatterns.imageKind, example: "rc_front"),
                        "image_base64": JSONSchema.string("JPEG or PNG, at most 5 MB."),
                        "skip": JSONSchema.boolean(
                            "Only for tag_fixed: no photo of a fixed tag yet. With true, image_base64 is not used."),
                    ], required: ["image_type"])),
            example: ["image_type": "rc_front", "image_base64": "/9j/4AAQSkZJRgABAQAAAQABAAD..."]
        ) { body in
            let kind = try body.required("image_type", imageKind)
            let step = StepName.document(kind)
            let photo = try body.string("image_base64")
            if try body.bool("skip") == true {
                return [(.text("Skip"), [step])]
            }
            guard let photo else { throw missing("image_base64") }
            let image = try ImageInput.decode(photo, field: "image_base64")
            return [(.image(image.bytes), [step])]
        },
        text(
            "assign", "serial_number", "Last 4 digits of the barcode (step 13)", field: "serial_number", step: "serial",
            example: "2345"),
        text(
            "assign", "barcode", "The barcode, by number in the list or in full (step 14)",
            example: "608268-001-0012345"),
        text("assign", "vehicle_maker", "Vehicle maker (step 15)", example: "TOYOTA"),
        text("assign", "vehicle_model", "Vehicle model (step 16)", example: "INNOVA"),
        text("assign", "vehicle_descriptor", "Vehicle descriptor (step 17)", example: "Diesel"),
        confirm("assign", summary: "Yes activates the FASTag; No lists the details to change (step 18)"),
        edit("assign"),
    ]

    static let replace: [Endpoint] = [
        text("replace", "vehicle_number", "Vehicle number", example: "MH12AB1234"),
        text("replace", "user_mobile", "Customer's mobile", example: "9123456780"),
        text(
            "replace", "serial_number", "Last 4 digits of the new barcode", field: "serial_number", step: "serial",
            example: "3456"),
        text("replace", "barcode", "The new barcode, by number in the list or in full", example: "608268-001-0023456"),
        Endpoint(
            flow: "replace", name: "reason", summary: "Why the tag is replaced",
            schema: JSONSchema.object(
                [
                    "reason": JSONSchema.string(
                        "Tag Damaged, Lost Tag, Tag Not Working or Others (or 1-4); another answer is refused in the reply."
                    ),
                    "description": JSONSchema.string("Required with Others."),
                ], required: ["reason"]),
            example: ["reason": "Tag Damaged"]
        ) { body in
            var inputs: [(input: ConversationInput, steps: Set<StepName>?)] = [
                (.text(try body.requiredString("reason")), [.reason])
            ]
            if let description = try body.string("description") {
                inputs.append((.text(description), [.reasonDescription]))
            }
            return inputs
        },
        confirm("replace", summary: "Yes sends the customer the replacement OTP; No lists the details to change"),
        edit("replace"),
        otp("replace", step: "replace_otp", summary: "Customer's OTP (replaces the tag), or a resend"),
    ]

    // MARK: - Builders

    /// A body of optional fields of which at least one must come.
    static func atLeastOne(_ schema: JSONValue) -> JSONValue {
        JSONSchema.adding(["minProperties": 1], to: schema)
    }

    /// A body with one text field answering one step.
    static func text(
        _ flow: String, _ name: String, _ summary: String, field: String? = nil, step: String? = nil, example: String
    ) -> Endpoint {
        let field = field ?? name
        let step = step ?? name
        return Endpoint(
            flow: flow, name: name, summary: summary,
            schema: JSONSchema.object([field: JSONSchema.string()], required: [field]),
            example: .object([field: .string(example)])
        ) { body in
            [(.text(try body.requiredString(field)), [StepName(rawValue: step)])]
        }
    }

    static func otp(_ flow: String, step: String, summary: String) -> Endpoint {
        Endpoint(
            flow: flow, name: "user_otp", summary: summary,
            schema: JSONSchema.adding(
                [
                    "anyOf": [
                        ["required": ["otp"]], ["required": ["resend"], "properties": ["resend": ["const": true]]],
                    ]
                ],
                to: JSONSchema.object([
                    "otp": JSONSchema.string("The customer's 6-digit OTP."),
                    "resend": JSONSchema.boolean(
                        "true asks the provider for a new OTP instead (otp is then not used)."),
                ])),
            example: ["otp": "123456"]
        ) { body in
            let otp = try body.string("otp")
            if try body.bool("resend") == true { return [(.text("resend"), [StepName(rawValue: step)])] }
            guard let otp else { throw missing("otp") }
            return [(.text(otp), [StepName(rawValue: step)])]
        }
    }

    static func confirm(_ flow: String, summary: String) -> Endpoint {
        Endpoint(
            flow: flow, name: "confirm", summary: summary,
            schema: JSONSchema.object(
                [
                    "confirm": [
                        "type": ["string", "boolean"],
                        "description": "Yes or No (or true or false); another answer is refused in the reply.",
                        "examples": ["Yes"],
                    ]
                ], required: ["confirm"]),
            example: ["confirm": "Yes"]
        ) { body in
            let answer: String
            switch body.value("confirm") {
            case .bool(let flag)?: answer = flag ? "Yes" : "No"
            case .string(let text)?: answer = text
            case nil, .null?: throw missing("confirm")
            case let other?: throw RequestBody.invalid("confirm", "must be Yes or No, not \(other.typeName)")
            }
            return [(.text(answer), [.confirm])]
        }
    }

    static func edit(_ flow: String) -> Endpoint {
        Endpoint(
            flow: flow, name: "edit", summary: "Which detail to change, after answering No at the confirmation",
            schema: JSONSchema.object(
                ["field": JSONSchema.string("The detail as listed in the options, e.g. \"Plan\" or \"Vehicle no\".")],
                required: ["field"]),
            example: ["field": "Plan"]
        ) { body in
            [(.text(try body.requiredString("field")), [.edit])]
        }
    }

    /// `rc_front`, `RCFRONT`, `RC_FRONT`, `rc-front` and `RC Front` all name the same photo
    /// (`InputPatterns.imageKind`): ASCII letters in any case, with spaces, `_` and `-` anywhere.
    static func imageKind(_ text: String) throws(InvalidInput) -> Document.Kind {
        let separators: Set<Unicode.Scalar> = [" ", "_", "-"]
        let wanted = String(
            String.UnicodeScalarView(
                text.unicodeScalars.filter { !separators.contains($0) }.map(Validators.asciiUppercased)))
        let aliases: [String: Document.Kind] = ["TAGAFFIX": .tagFixed]
        if let kind = aliases[wanted]
            ?? Document.Kind.allCases.first(where: { $0.rawValue.uppercased().filter(\.isLetter) == wanted })
        {
            return kind
        }
        throw InvalidInput("must be one of " + Document.Kind.allCases.map(\.rawValue).joined(separator: ", "))
    }
}

/// Example answers shown in the docs.
enum StepExamples {
    static let otpSent: JSONValue = [
        "status": "success", "message": "OTP sent to your mobile. Please enter the 4-digit OTP.",
        "session_id": "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c", "options": [],
        "data": ["step": "agent_otp", "flow": "login"],
    ]
    static let menu: JSONValue = [
        "status": "success", "message": "Hi Ravi Kumar 👋,\n💼Your Wallet Balance: ₹5,000, 🏷️ FASTags Left: 10",
        "session_id": "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c", "options": ["Assign a FASTag", "Replace a FASTag"],
        "data": [
            "step": "menu", "flow": "menu", "agent_name": "Ravi Kumar", "wallet_balance": "₹5,000",
            "wallet_balance_paise": 500000, "fastags_left": 10,
        ],
    ]
    static let engine: JSONValue = [
        "status": "success", "message": "Got it ✅Share the last 5 digits of engine no.",
        "session_id": "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c", "options": [],
        "data": [
            "step": "engine_number", "flow": "assign", "agent_name": "Ravi Kumar", "wallet_balance": "₹5,000",
            "wallet_balance_paise": 500000, "fastags_left": 10,
        ],
    ]
}

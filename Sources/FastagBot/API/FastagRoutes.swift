import HTTPServerKit

/// `/fastags`: the tag stock, activation, recharge and transaction history.
struct FastagRoutes {
    let storage: Storage

    var routes: [APIRoute] {
        let fastags = storage.fastags
        let vehicles = storage.vehicles
        return [
            Self.collection.list(filters: [
                .agentFilter("Only this agent's tags."),
                .statusFilter(Fastag.Status.self, "Only tags with this status."),
            ]) { request in
                let filter = FastagStore.Filter(
                    agentID: try request.queryInteger("agent_id", in: InputLimits.id),
                    status: try request.queryChoice("status", Fastag.Status.self))
                return try await fastags.list(filter, page: try request.page())
            },

            APIRoute(
                .get, "/fastags/by-tag/{tag_number}", summary: "Find a FASTag by its barcode", tag: "FASTags",
                access: .admin
            ) {
                request in
                // Normalised as on create (trimmed, upper-case), so `abc-1234` finds ABC-1234.
                let number = (try? Self.tagNumber(request.parameter("tag_number"))) ?? request.parameter("tag_number")
                guard let tag = try await fastags.find(tagNumber: number) else {
                    throw StoreError.notFound("FASTag \(number) not found")
                }
                return .json(tag.json)
            }
            .response(200, "The FASTag", JSONSchema.ref("Fastag"), example: Examples.fastag)
            .errors(404),

            Self.collection.get(fastags.get),

            Self.collection.create(
                "Add a FASTag to the stock", body: Self.input(required: ["tag_number"], create: true),
                example: ["tag_number": "608268-001-0012345", "agent_id": 1], store: fastags.create
            ) { body in
                var fields = try Self.fields(&body)
                guard fields.tagNumber != nil else { throw missing("tag_number") }
                fields.balancePaise = try body.integer("balance_paise", in: InputLimits.balancePaise)
                return fields
            }
            .describe("New tags are `available`; an agent assigns them to vehicles through the bot.")
            .errors(400, 404, 409, 422),

            Self.collection.change(
                body: Self.input(required: [], create: false), example: ["agent_id": 2], apply: fastags.update,
                read: Self.fields
            )
            .describe(
                "Only the fields sent change. Status and balance change through activate, deactivate and recharge."
            ),

            Self.collection.action(.post, "activate", summary: "Activate a FASTag on a vehicle") { id, request in
                var body = try RequestBody(request)
                var vehicleID = try body.integer("vehicle_id", in: InputLimits.id)
                if let number = try body.validated("vehicle_number", Validators.vehicleNumber) {
                    guard let vehicle = try await vehicles.find(registrationNumber: number) else {
                        throw StoreError.notFound("Vehicle \(number) not found")
                    }
                    vehicleID = vehicle.id
                }
                guard let vehicleID else { throw missing("vehicle_id") }
                let activation = Activation(
                    vehicleID: vehicleID,
                    customerName: try body.validated("customer_name", APIInput.name),
                    customerMobile: try body.validated("customer_mobile", Validators.mobile),
                    plan: try body.validated("plan", APIInput.text(maxLength: InputLimits.textLength)),
                    amountPaise: try body.integer("amount_paise", in: 0...InputLimits.creditPaise) ?? 0)
                try body.finish()
                return .json(try await fastags.activate(id, activation).json)
            }
            .describe(
                "Links the tag to the vehicle, credits `amount_paise` and records an activation transaction, all at once. Refused for a tag that is active or replaced, or a vehicle that already has an active tag."
            )
            .body(
                JSONSchema.adding(
                    ["anyOf": [["required": ["vehicle_id"]], ["required": ["vehicle_number"]]]],
                    to: JSONSchema.object(
                        [
                            "vehicle_id": Schemas.id("The vehicle; or name it by vehicle_number (which wins)."),
                            "vehicle_number": Schemas.vehicleNumberInput(),
                            "customer_name": Schemas.name(), "customer_mobile": Schemas.mobileInput(),
                            "plan": Schemas.text(),
                            "amount_paise": JSONSchema.integer(
                                "Opening balance credited; at most ₹1,00,000.", in: 0...InputLimits.creditPaise),
                        ])),
                example: [
                    "vehicle_number": "MH12AB1234", "customer_name": "Asha Patil", "customer_mobile": "9123456780",
                    "plan": "500 Plan", "amount_paise": 20000,
                ]
            )
            .response(200, "The active FASTag", JSONSchema.ref("Fastag"), example: Examples.fastag)
            .errors(400, 404, 409, 422),

            Self.collection.action(.post, "deactivate", summary: "Deactivate a FASTag") { id, request in
                var body = try RequestBody.allowingEmpty(request)
                let note = try body.validated("note", APIInput.text(maxLength: InputLimits.noteLength))
                try body.finish()
                return .json(try await fastags.deactivate(id, note: note).json)
            }
            .body(
                JSONSchema.object(["note": Schemas.text("Why, for the history.", maxLength: InputLimits.noteLength)]),
                example: ["note": "vehicle sold"], required: false
            )
            .response(200, "The inactive FASTag", JSONSchema.ref("Fastag"), example: Examples.fastag)
            .errors(400, 404, 409, 422),

            Self.collection.action(.post, "recharge", summary: "Recharge a FASTag") { id, request in
                var body = try RequestBody(request)
                let amount = try body.requiredInteger("amount_paise", in: 1...InputLimits.creditPaise)
                let note = try body.validated("note", APIInput.text(maxLength: InputLimits.noteLength))
                try body.finish()
                return .json(try await fastags.recharge(id, amountPaise: amount, note: note).json)
            }
            .describe("Adds to an active tag's balance and records the transaction in the same database transaction.")
            .body(
                JSONSchema.object(
                    [
                        "amount_paise": JSONSchema.integer(
                            "₹1 = 100 paise; at most ₹1,00,000.", in: 1...InputLimits.creditPaise),
                        "note": Schemas.text(maxLength: InputLimits.noteLength),
                    ],
                    required: ["amount_paise"]),
                example: ["amount_paise": 50000, "note": "counter top-up"]
            )
            .response(200, "The FASTag with its new balance", JSONSchema.ref("Fastag"), example: Examples.fastag)
            .errors(400, 404, 409, 422),

            Self.collection.action(.get, "transactions", summary: "A FASTag's transactions") { id, request in
                return .json(try await fastags.transactions(id, page: try request.page()).json(\.json))
            }
            .paged()
            .response(
                200, "A page of transactions, oldest first", JSONSchema.page(of: "FastagTransaction"),
                example: Examples.page(Examples.transaction)
            )
            .errors(404, 422),

            Self.collection.delete(fastags.delete)
                .describe(
                    "Only for tags that never moved money or custody (say, entered by mistake); others are deactivated."
                )
                .errors(404, 409),
        ]
    }

    static let collection = CollectionRoutes<Fastag, Int64>(
        path: "/fastags", tag: "FASTags", noun: "FASTag", article: "a", plural: "FASTags", schema: "Fastag",
        example: Examples.fastag, json: \.json)

    private static func fields(_ body: inout RequestBody) throws -> FastagFields {
        var fields = FastagFields(tagNumber: try body.validated("tag_number", Self.tagNumber))
        let text = APIInput.text(maxLength: InputLimits.textLength)
        if body.contains("serial_number") {
            fields.serialNumber = .some(try body.validated("serial_number", nullable: true, text))
        }
        if body.contains("agent_id") {
            fields.agentID = .some(try body.integer("agent_id", in: InputLimits.id, nullable: true))
        }
        if body.contains("customer_name") {
            fields.customerName = .some(try body.validated("customer_name", nullable: true, APIInput.name))
        }
        if body.contains("customer_mobile") {
            fields.customerMobile = .some(try body.validated("customer_mobile", nullable: true, Validators.mobile))
        }
        if body.contains("plan") { fields.plan = .some(try body.validated("plan", nullable: true, text)) }
        return fields
    }

    /// Barcodes: digits, letters and dashes, 4 to 40 characters.
    static func tagNumber(_ text: String) throws(InvalidInput) -> String {
        let value = String(
            String.UnicodeScalarView(text.trimming(" \t").unicodeScalars.map(Validators.asciiUppercased)))
        guard (4...40).contains(value.utf8.count),
            value.utf8.allSatisfy({ ($0 &- 0x30 < 10) || ($0 &- 0x41 < 26) || $0 == UInt8(ascii: "-") })
        else { throw InvalidInput("must be 4-40 letters, digits or dashes, like 608268-001-0012345") }
        return value
    }

    private static func input(required: [String], create: Bool) -> JSONValue {
        let common: [(String, JSONValue)] = [
            (
                "tag_number",
                JSONSchema.string(
                    "The barcode: 4-40 letters, digits or dashes (upper-cased).", pattern: InputPatterns.tagNumber,
                    example: "608268-001-0012345")
            ),
            ("serial_number", Schemas.text(nullable: true)),
            ("agent_id", Schemas.id(nullable: true)),
            ("customer_name", Schemas.name(nullable: true)),
            ("customer_mobile", Schemas.mobileInput(nullable: true)),
            ("plan", Schemas.text(nullable: true)),
        ]
        let balance = JSONSchema.integer("Opening balance in paise; at most ₹1 crore.", in: InputLimits.balancePaise)
        let extra: [(String, JSONValue)] = create ? [("balance_paise", balance)] : []
        return JSONSchema.object(properties: common + extra, required: required)
    }
}

/// Assigning a new FASTag to a vehicle (CONVERSATION.md section 2), as a table of steps.
enum AssignFlow {
    static let flow = Flow(name: "assign", steps: vehicle + customer + documents + tagAndModel + confirmation)

    /// Steps 1-4: the vehicle and the customer's OTP.
    static let vehicle: [Step] = [
        SharedSteps.vehicleNumber(prompt: Messages.askVehicleNumber),
        .question(
            "engine_number", hint: "The last 5 letters or digits of the engine number, from the RC.",
            editLabel: "Engine no", prompt: { _ in Prompt(Messages.askEngineNumber) }
        ) { input, context in
            context.set("engine_number", try context.validate(input, expecting: "5 characters", Validators.engineLast5))
        },
        SharedSteps.customerMobile,
        .automatic("customer_otp", dependsOn: ["vehicle_number", "user_mobile"]) { context in
            try await sendCustomerOTP(&context)
        },
        .question(
            "user_otp", dependsOn: ["customer_otp"],
            hint: "The 6 digits the customer received; reply Resend for a new one.",
            resend: { (context: inout StepContext) in
                try throttleResend(context, sentAt: "customer_otp.sent_at")
                try await sendCustomerOTP(&context)
                context.notes.append(Messages.otpResent)
            },
            prompt: { session in Prompt(Messages.askCustomerOTP(session.data["user_mobile"]?.stringValue ?? "")) }
        ) { input, context in
            let otp = try context.validate(input, expecting: "the 6-digit OTP") { text throws(InvalidInput) in
                try Validators.otp(text, length: 6)
            }
            let agent = try context.providerAgent()
            let session = try context.providerSession()
            let provider = context.provider
            let vehicle = context.string("vehicle_number")
            let registry = try await context.checkCustomerOTP { () async throws(ProviderError) in
                try await provider.validateCustomerOTP(agent, session: session, vehicleNumber: vehicle, otp: otp)
            }
            context.set("user_otp", "verified")
            remember(registry, &context)
        },
    ]

    /// Steps 5-11: KYC, plan and the customer's wallet.
    static let customer: [Step] = [
        .question(
            "first_name", hint: "The customer's first name, letters only.",
            prompt: { _ in Prompt(Messages.askFirstName) }
        ) { input, context in
            context.set("first_name", try context.validate(input, expecting: "the first name", Validators.name))
        },
        .question(
            "last_name", hint: "The customer's last name, letters only.", prompt: { _ in Prompt(Messages.askLastName) }
        ) { input, context in
            context.set("last_name", try context.validate(input, expecting: "the last name", Validators.name))
        },
        .question(
            "dob", hint: "The date of birth as DD-MM-YYYY, for example 05-03-1990.",
            prompt: { _ in Prompt(Messages.askDateOfBirth) }
        ) { input, context in
            let today = context.today
            let date = try context.validate(input, expecting: "the date of birth") { text throws(InvalidInput) in
                try Validators.dateOfBirth(text, today: today)
            }
            context.set("dob", date.description)
        },
        .question(
            "id_type", hint: "1 PAN, 2 Passport, 3 Driving License or 4 Voter Id.", editLabel: "ID proof",
            prompt: { session in
                let name =
                    "\(session.data["first_name"]?.stringValue ?? "") \(session.data["last_name"]?.stringValue ?? "")"
                return Prompt(Messages.askIDProofType(name.trimming(" ").description), options: idOptions)
            }
        ) { input, context in
            let option = try context.choose(input, from: idOptions)
            context.set("id_type", IDProofType.allCases[idOptions.firstIndex(of: option)!].rawValue)
        },
        .question(
            "id_number", dependsOn: ["id_type"], hint: "The number printed on the chosen ID proof.",
            prompt: { session in Prompt(Messages.askIDNumber(idType(session))) }
        ) { input, context in
            let type = idType(context.session)
            context.set("id_number", try context.validate(input, expecting: "the ID number", type.validateNumber))
        },
        .question(
            "id_expiry", dependsOn: ["id_type"], applies: { idType($0).needsExpiry },
            hint: "The expiry date printed on the document, as DD-MM-YYYY.",
            prompt: { session in Prompt(Messages.askIDExpiry(idType(session))) }
        ) { input, context in
            let today = context.today
            let date = try context.validate(input, expecting: "the expiry date") { text throws(InvalidInput) in
                try Validators.expiryDate(text, today: today)
            }
            context.set("id_expiry", date.description)
        },
        .question(
            "plan",
            prepare: { (context: inout StepContext) in
                let agent = try context.providerAgent()
                let provider = context.provider
                let plans = try await context.call { () async throws(ProviderError) in try await provider.plans(agent) }
                guard !plans.isEmpty else { throw StepFailure.provider(.rejected(Messages.noPlans)) }
                context.set(
                    "plan.options",
                    .array(
                        plans.map {
                            [
                                "id": .string($0.id), "name": .string($0.name),
                                "amount": $0.amountPaise.map(JSONValue.int) ?? .null,
                            ]
                        }))
            },
            prepares: "plan.options",
            hint: "The number or the name of a plan in the list.", editLabel: "Plan",
            prompt: { session in
                let options = planOptions(session)
                return Prompt(Messages.askPlan(options.map(\.title)), options: options)
            }
        ) { input, context in
            let option = try context.choose(input, from: planOptions(context.session))
            let id = String(option.id.dropFirst("plan_".count))
            let plan = context.session.data["plan.options"]?.arrayValue?.first { $0["id"]?.stringValue == id }
            context.set("plan", id)
            context.set("plan.name", option.title)
            context.set("plan.amount", plan?["amount"] ?? .null)
        },
        .automatic(
            "wallet",
            dependsOn: ["user_otp", "first_name", "last_name", "dob", "id_type", "id_number", "id_expiry", "plan"],
            irreversible: true
        ) { context in
            let customer = try customerDetails(context)
            let agent = try context.providerAgent()
            let session = try context.providerSession()
            let provider = context.provider
            do throws(ProviderError) {
                try await provider.createWallet(agent, session: session, customer: customer)
            } catch .rejected(let reason) {
                throw StepFailure.redo(Messages.walletRefused(reason), clearing: ["id_type"])
            } catch {
                throw StepFailure.provider(error)
            }
            context.set("wallet", .int(context.now))
            context.notes.append(Messages.walletCreated)
        },
    ]

    /// Step 12: the five photos, each kept when it arrives and then uploaded to the
    /// provider's session. A new provider session (the vehicle number or the customer's
    /// mobile edited) gets the kept photos again without asking for them.
    static let documents: [Step] = [
        (Document.Kind.rcFront, Messages.askRCFront), (.rcBack, Messages.askRCBack),
        (.vehicleFront, Messages.askVehicleFront), (.vehicleSide, Messages.askVehicleSide),
        (.tagFixed, Messages.askTagFixed),
    ].flatMap { kind, ask in [document(kind, ask), upload(kind)] }

    /// Steps 13-17: the tag and, when the registry did not say, the vehicle's model.
    static let tagAndModel: [Step] = [
        SharedSteps.serial,
        SharedSteps.barcode,
        // The maker, model and descriptor describe the vehicle: a new customer OTP (another
        // mobile) keeps them, another vehicle number asks them (or takes the registry's) again.
        choice(
            "vehicle_maker", dependsOn: ["vehicle_number"], label: "Vehicle Maker", ask: Messages.askMaker,
            hint: "The number or the name of the maker in the list."
        ) { context in
            let agent = try context.providerAgent()
            let session = try context.providerSession()
            let provider = context.provider
            let vehicle = context.string("vehicle_number")
            return try await context.call { () async throws(ProviderError) in
                try await provider.makers(agent, session: session, vehicleNumber: vehicle)
            }
        },
        choice(
            "vehicle_model", dependsOn: ["vehicle_maker"], label: "Vehicle Model", ask: Messages.askModel,
            hint: "The number or the name of the model in the list."
        ) { context in
            let agent = try context.providerAgent()
            let session = try context.providerSession()
            let provider = context.provider
            let vehicle = context.string("vehicle_number")
            let maker = context.string("vehicle_maker")
            return try await context.call { () async throws(ProviderError) in
                try await provider.models(agent, session: session, vehicleNumber: vehicle, maker: maker)
            }
        },
        choice(
            "vehicle_descriptor", dependsOn: ["vehicle_number"], label: "Vehicle Descriptor",
            ask: Messages.askDescriptor,
            hint: "The fuel or drive: the number or the name in the list."
        ) { context in
            let provider = context.provider
            return try await context.call { () async throws(ProviderError) in try await provider.descriptors() }
        },
        .automatic(
            "vehicle_details", dependsOn: ["user_otp", "vehicle_maker", "vehicle_model", "vehicle_descriptor"],
            applies: { session in
                // Only what the agent chose by hand is reported; registry data is already known.
                ["vehicle_maker", "vehicle_model", "vehicle_descriptor"].contains {
                    session.data[Step.sourceKey($0)] != JSONValue.string("registry")
                }
            }
        ) { context in
            let agent = try context.providerAgent()
            let session = try context.providerSession()
            let provider = context.provider
            let details = VehicleDetails(
                vehicleNumber: context.string("vehicle_number"), maker: context.string("vehicle_maker"),
                model: context.string("vehicle_model"), descriptor: context.string("vehicle_descriptor"),
                colour: context.text("user_otp.colour"), stateOfRegistration: context.text("user_otp.state"))
            try await context.call { () async throws(ProviderError) in
                try await provider.setVehicleDetails(agent, session: session, vehicle: details)
            }
            context.set("vehicle_details", .int(context.now))
        },
    ]

    /// Steps 18-20: confirmation, edits and activation.
    static let confirmation: [Step] = [
        SharedSteps.edit { flow },
        .question(
            "confirm", hint: "Yes to activate the FASTag, No to change a detail.",
            prompt: { session in Prompt(summary(session), options: Messages.confirmOptions) }
        ) { input, context in
            guard try context.confirmed(input) else { return }
            try await activate(&context)
        },
    ]

    static let idOptions = [
        Option(id: "id_pan", title: "PAN"), Option(id: "id_passport", title: "Passport"),
        Option(id: "id_dl", title: "Driving License"), Option(id: "id_voter", title: "Voter Id"),
    ]

    static func idType(_ session: Session) -> IDProofType {
        IDProofType(rawValue: session.data["id_type"]?.stringValue ?? "") ?? .pan
    }

    static func planOptions(_ session: Session) -> [Option] {
        (session.data["plan.options"]?.arrayValue ?? []).compactMap { plan in
            guard let id = plan["id"]?.stringValue, let name = plan["name"]?.stringValue else { return nil }
            return Option(id: "plan_\(id)", title: name)
        }
    }

    /// A document photo, stored (named by its hash); `upload` sends it to the provider.
    static func document(_ kind: Document.Kind, _ ask: String) -> Step {
        let field = "doc_\(kind.rawValue)"
        let optional = kind == .tagFixed
        return .question(
            field,
            hint: optional
                ? "A photo of the fixed tag, or reply Skip if it is not fixed yet."
                : "A clear photo (JPEG or PNG, up to 5 MB).",
            prompt: { _ in Prompt(ask, options: optional ? [Option(id: "skip", title: "Skip")] : []) }
        ) { input, context in
            guard case .image(let bytes) = input else {
                if optional,
                    input.words?.trimming(" ").lowercased() == "skip" || input == .choice(id: "skip", title: "Skip")
                {
                    context.set(field, "skipped")
                    return
                }
                throw StepFailure.refused(Messages.sendAPhoto)
            }
            let image: ImageData
            do throws(ImageData.Refusal) {
                image = try ImageData(bytes)
            } catch .tooLarge {
                throw StepFailure.refused("That photo is larger than 5 MB. " + Messages.sendAPhoto)
            } catch {
                throw StepFailure.refused(Messages.sendAPhoto)
            }
            guard await ImageCheck.isReadable(image) else { throw StepFailure.refused(Messages.photoUnreadable) }
            let document = try await context.store.saveDocument(image, kind: kind, sessionID: context.session.id)
            context.set(field, .int(document.id))
            context.photos[document.id] = image
        }
    }

    /// `uploadDocument` for a stored photo, into the current provider session.
    static func upload(_ kind: Document.Kind) -> Step {
        let photo = "doc_\(kind.rawValue)"
        return .automatic(
            "upload_\(kind.rawValue)", dependsOn: [photo, "user_otp"],
            applies: { $0.data[photo]?.intValue != nil }
        ) { context in
            // The photo that just arrived is at hand; an older one (a new provider session
            // after an edit) is read back from the disk.
            guard let id = context.session.data[photo]?.intValue else { throw StepFailure.refused(Messages.startAgain) }
            var image = context.photos[id]
            if image == nil { image = try await context.store.documentImage(id: id) }
            guard let image else { throw StepFailure.refused(Messages.startAgain) }
            let agent = try context.providerAgent()
            let session = try context.providerSession()
            let provider = context.provider
            try await context.call { () async throws(ProviderError) in
                try await provider.uploadDocument(agent, session: session, kind: kind, image: image)
            }
            // Saved with the session: its `documents` row is marked uploaded in the same commit.
            context.set("upload_\(kind.rawValue)", .int(context.now))
        }
    }

    /// A pick from a list the provider gives (makers, models, descriptors); the list is
    /// fetched when the flow arrives at the step.
    static func choice(
        _ field: String, dependsOn: [String], label: String, ask: @escaping @Sendable ([String]) -> String,
        hint: String,
        fetch: @escaping @Sendable (StepContext) async throws -> [String]
    ) -> Step {
        .question(
            field, dependsOn: dependsOn,
            prepare: { (context: inout StepContext) in
                let items = try await fetch(context)
                guard !items.isEmpty else { throw StepFailure.provider(.unavailable("empty \(field) list")) }
                context.set("\(field).options", .array(items.map(JSONValue.string)))
            },
            prepares: "\(field).options",
            hint: hint, editLabel: label,
            prompt: { session in
                let items = session.data["\(field).options"]?.arrayValue?.compactMap(\.stringValue) ?? []
                return Prompt(
                    ask(items),
                    options: items.enumerated().map { Option(id: "\(field)_\($0.offset + 1)", title: $0.element) })
            }
        ) { input, context in
            let items = context.session.data["\(field).options"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let options = items.enumerated().map { Option(id: "\(field)_\($0.offset + 1)", title: $0.element) }
            context.set(field, try context.choose(input, from: options).title)
        }
    }

    // MARK: - Provider calls

    static func sendCustomerOTP(_ context: inout StepContext) async throws {
        let agent = try context.providerAgent()
        let provider = context.provider
        let vehicle = context.string("vehicle_number")
        let mobile = context.string("user_mobile")
        try await context.throttleCustomerOTP()
        let session = try await context.call { () async throws(ProviderError) in
            try await provider.sendCustomerOTP(agent, vehicleNumber: vehicle, mobile: mobile)
        }
        context.session.providerRequestID = session.requestID
        context.session.providerSessionID = session.sessionID
        context.set("customer_otp", .int(context.now))
        context.set("customer_otp.sent_at", .int(context.now))
        // A new OTP: the customer's codes may be tried again.
        try await context.store.customerOTPSent(context.customerOTPSubject, now: context.now)
    }

    static func throttleResend(_ context: StepContext, sentAt key: String) throws {
        let sent = context.session.data[key]?.intValue ?? 0
        // Session data can be edited by an operator: a send time so far back that the
        // difference does not fit is simply long ago.
        let (elapsed, overflow) = context.now.subtractingReportingOverflow(sent)
        if overflow { return }
        let wait = context.services.policy.resendIntervalSeconds - elapsed / 1000
        if wait > 0 { throw StepFailure.refused(Messages.resendTooSoon(wait)) }
    }

    /// Keeps what the registry knows; a complete maker/model/descriptor answers steps 15-17.
    static func remember(_ registry: RegistryVehicle, _ context: inout StepContext) {
        for (key, value) in [
            ("user_otp.colour", registry.colour), ("user_otp.type", registry.vehicleType),
            ("user_otp.chassis", registry.chassisNumber), ("user_otp.state", registry.stateOfRegistration),
        ] {
            if let value, !value.isEmpty { context.set(key, value) }
        }
        guard registry.isComplete else { return }
        for (field, value) in [
            ("vehicle_maker", registry.maker), ("vehicle_model", registry.model),
            ("vehicle_descriptor", registry.descriptor),
        ] {
            context.set(field, value ?? "")
            context.set(Step.sourceKey(field), "registry")
        }
    }

    static func customerDetails(_ context: StepContext) throws -> CustomerDetails {
        guard let dob = try? Validators.date(context.string("dob")) else {
            throw StepFailure.refused(Messages.startAgain)
        }
        let expiry = context.text("id_expiry").flatMap { try? Validators.date($0) }
        return CustomerDetails(
            firstName: context.string("first_name"), lastName: context.string("last_name"), dateOfBirth: dob,
            idType: idType(context.session), idNumber: context.string("id_number"), idExpiry: expiry,
            planID: context.string("plan"), vehicleNumber: context.string("vehicle_number"),
            mobile: context.string("user_mobile"))
    }

    /// Step 18's summary (with the chosen ID type's label and the number masked).
    static func summary(_ session: Session) -> String {
        let value = { (key: String) in session.data[key]?.stringValue ?? "" }
        return """
            Checkout Details & edit if required
            Vehicle no - \(value("vehicle_number"))
            Phone no - \(value("user_mobile"))
            Last 5 digits of engine no - \(value("engine_number"))
            \(idType(session).label) - \(Messages.masked(value("id_number")))
            Plan - \(value("plan.name"))
            Vehicle Maker - \(value("vehicle_maker"))
            Vehicle Model - \(value("vehicle_model"))
            Vehicle Descriptor - \(value("vehicle_descriptor"))
            Confirm if entered details are correct with Yes or No?
            """
    }

    /// `update_vehicle_details`, then the books: the engine records the activation, completes
    /// the session and opens the next one in a single transaction.
    static func activate(_ context: inout StepContext) async throws {
        let agent = try context.providerAgent()
        let session = try context.providerSession()
        let provider = context.provider
        let activation = ProviderActivation(
            vehicleNumber: context.string("vehicle_number"), barcode: context.string("barcode"),
            chassisNumber: context.text("user_otp.chassis"), planID: context.string("plan"),
            planAmountPaise: context.session.data["plan.amount"]?.intValue)
        try await context.call { () async throws(ProviderError) in
            try await provider.activate(agent, session: session, activation: activation)
        }
        guard let local = context.agent else { throw StepFailure.refused(Messages.loginFirst) }
        let customer = "\(context.string("first_name")) \(context.string("last_name"))"
        let record = ActivationRecord(
            agentID: local.id, vehicleNumber: activation.vehicleNumber, engineLast5: context.text("engine_number"),
            chassisNumber: activation.chassisNumber, maker: context.text("vehicle_maker"),
            model: context.text("vehicle_model"),
            descriptor: context.text("vehicle_descriptor"), colour: context.text("user_otp.colour"),
            vehicleType: context.text("user_otp.type"), stateOfRegistration: context.text("user_otp.state"),
            barcode: activation.barcode, customerName: customer, customerMobile: context.string("user_mobile"),
            plan: context.string("plan.name"), amountPaise: activation.planAmountPaise ?? 0)
        let figures = await Completion.figures(&context)
        context.set("confirm", "yes")
        context.finish = .completed(
            message: Messages.activated(
                customerName: customer, vehicleNumber: activation.vehicleNumber, barcode: activation.barcode,
                helpLink: context.services.policy.helpLink, walletPaise: figures.walletPaise,
                fastagsLeft: figures.fastagsLeft),
            record: .activation(record))
    }
}

/// What both flows do once the provider confirmed.
enum Completion {
    /// The provider's figures after the change (the last seen ones if it does not answer).
    static func figures(_ context: inout StepContext) async -> AgentFigures {
        guard let agent = context.agent else { return AgentFigures(walletPaise: 0, fastagsLeft: 0) }
        var figures = AgentFigures(walletPaise: agent.walletBalancePaise, fastagsLeft: agent.fastagsLeft)
        if let providerAgent = try? context.providerAgent(),
            let fresh = try? await context.provider.figures(providerAgent)
        {
            figures = fresh
            try? await context.store.updateFigures(agentID: agent.id, fresh)
            context.agent?.walletBalancePaise = fresh.walletPaise
            context.agent?.fastagsLeft = fresh.fastagsLeft
        }
        return figures
    }
}

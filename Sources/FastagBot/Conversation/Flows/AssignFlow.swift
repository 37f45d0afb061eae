extension FlowName {
    static let assign = FlowName(rawValue: "assign")
}

extension StepName {
    static let engineNumber = StepName(rawValue: "engine_number")
    static let customerOTP = StepName(rawValue: "customer_otp")
    static let userOTP = StepName(rawValue: "user_otp")
    static let firstName = StepName(rawValue: "first_name")
    static let lastName = StepName(rawValue: "last_name")
    static let dateOfBirth = StepName(rawValue: "dob")
    static let idType = StepName(rawValue: "id_type")
    static let idNumber = StepName(rawValue: "id_number")
    static let idExpiry = StepName(rawValue: "id_expiry")
    static let plan = StepName(rawValue: "plan")
    static let wallet = StepName(rawValue: "wallet")
    static let vehicleMaker = StepName(rawValue: "vehicle_maker")
    static let vehicleModel = StepName(rawValue: "vehicle_model")
    static let vehicleDescriptor = StepName(rawValue: "vehicle_descriptor")
    static let vehicleDetails = StepName(rawValue: "vehicle_details")

    /// The photo of one document, stored when it arrives.
    static func document(_ kind: Document.Kind) -> StepName { StepName(rawValue: "doc_\(kind.rawValue)") }
    /// The upload of that photo to the provider's session.
    static func upload(_ kind: Document.Kind) -> StepName { StepName(rawValue: "upload_\(kind.rawValue)") }
}

/// Assigning a new FASTag to a vehicle (CONVERSATION.md section 2), as a table of steps.
enum AssignFlow {
    static let flow = Flow(name: .assign, steps: vehicle + customer + documents + tagAndModel + confirmation)

    /// Steps 1-4: the vehicle and the customer's OTP.
    static let vehicle: [Step] = [
        SharedSteps.vehicleNumber(prompt: Messages.askVehicleNumber),
        .question(
            .engineNumber, hint: "The last 5 letters or digits of the engine number, from the RC.",
            editLabel: "Engine no", prompt: { _ in Prompt(Messages.askEngineNumber) }
        ) { input, context in
            context.set(.engineNumber, try context.validate(input, expecting: "5 characters", Validators.engineLast5))
        },
        SharedSteps.customerMobile,
        .automatic(.customerOTP, dependsOn: [.vehicleNumber, .userMobile]) { context in
            try await sendCustomerOTP(&context)
        },
        .question(
            .userOTP, dependsOn: [.customerOTP],
            hint: "The 6 digits the customer received; reply Resend for a new one.",
            resend: { (context: inout StepContext) in
                try throttleResend(context, sentAt: StepName.customerOTP.key("sent_at"))
                try await sendCustomerOTP(&context)
                context.notes.append(Messages.otpResent)
            },
            prompt: { session in Prompt(Messages.askCustomerOTP(session[.userMobile]?.stringValue ?? "")) }
        ) { input, context in
            let otp = try context.validate(input, expecting: "the 6-digit OTP") { text throws(InvalidInput) in
                try Validators.otp(text, length: 6)
            }
            let agent = try context.providerAgent()
            let session = try context.providerSession()
            let provider = context.provider
            let vehicle = context.string(.vehicleNumber)
            let registry = try await context.checkCustomerOTP { () async throws(ProviderError) in
                try await provider.validateCustomerOTP(agent, session: session, vehicleNumber: vehicle, otp: otp)
            }
            context.set(.userOTP, "verified")
            remember(registry, &context)
        },
    ]

    /// Steps 5-11: KYC, plan and the customer's wallet.
    static let customer: [Step] = [
        .question(
            .firstName, hint: "The customer's first name, letters only.",
            prompt: { _ in Prompt(Messages.askFirstName) }
        ) { input, context in
            context.set(.firstName, try context.validate(input, expecting: "the first name", Validators.name))
        },
        .question(
            .lastName, hint: "The customer's last name, letters only.", prompt: { _ in Prompt(Messages.askLastName) }
        ) { input, context in
            context.set(.lastName, try context.validate(input, expecting: "the last name", Validators.name))
        },
        .question(
            .dateOfBirth, hint: "The date of birth as DD-MM-YYYY, for example 05-03-1990.",
            prompt: { _ in Prompt(Messages.askDateOfBirth) }
        ) { input, context in
            let today = context.today
            let date = try context.validate(input, expecting: "the date of birth") { text throws(InvalidInput) in
                try Validators.dateOfBirth(text, today: today)
            }
            context.set(.dateOfBirth, date.description)
        },
        .question(
            .idType, hint: "1 PAN, 2 Passport, 3 Driving License or 4 Voter Id.", editLabel: "ID proof",
            prompt: { session in
                let name =
                    "\(session[.firstName]?.stringValue ?? "") \(session[.lastName]?.stringValue ?? "")"
                return Prompt(Messages.askIDProofType(name.trimming(" ").description), options: idOptions)
            }
        ) { input, context in
            let option = try context.choose(input, from: idOptions)
            context.set(.idType, IDProofType.allCases[idOptions.firstIndex(of: option)!].rawValue)
        },
        .question(
            .idNumber, dependsOn: [.idType], hint: "The number printed on the chosen ID proof.",
            prompt: { session in Prompt(Messages.askIDNumber(idType(session))) }
        ) { input, context in
            let type = idType(context.session)
            context.set(.idNumber, try context.validate(input, expecting: "the ID number", type.validateNumber))
        },
        .question(
            .idExpiry, dependsOn: [.idType], applies: { idType($0).needsExpiry },
            hint: "The expiry date printed on the document, as DD-MM-YYYY.",
            prompt: { session in Prompt(Messages.askIDExpiry(idType(session))) }
        ) { input, context in
            let today = context.today
            let date = try context.validate(input, expecting: "the expiry date") { text throws(InvalidInput) in
                try Validators.expiryDate(text, today: today)
            }
            context.set(.idExpiry, date.description)
        },
        .question(
            .plan,
            prepare: { (context: inout StepContext) in
                let agent = try context.providerAgent()
                let provider = context.provider
                let plans = try await context.call { () async throws(ProviderError) in try await provider.plans(agent) }
                guard !plans.isEmpty else { throw StepFailure.provider(.rejected(Messages.noPlans)) }
                context.set(
                    .plan, side: "options",
                    .array(
                        plans.map {
                            [
                                "id": .string($0.id), "name": .string($0.name),
                                "amount": $0.amountPaise.map(JSONValue.int) ?? .null,
                            ]
                        }))
            },
            prepares: StepName.plan.key("options"),
            hint: "The number or the name of a plan in the list.", editLabel: "Plan",
            prompt: { session in
                let options = planOptions(session)
                return Prompt(Messages.askPlan(options.map(\.title)), options: options)
            }
        ) { input, context in
            let option = try context.choose(input, from: planOptions(context.session))
            let id = String(option.id.dropFirst("plan_".count))
            let plan = context.session[.plan, side: "options"]?.arrayValue?.first { $0["id"]?.stringValue == id }
            context.set(.plan, id)
            context.set(.plan, side: "name", option.title)
            context.set(.plan, side: "amount", plan?["amount"] ?? .null)
        },
        .automatic(
            .wallet,
            dependsOn: [.userOTP, .firstName, .lastName, .dateOfBirth, .idType, .idNumber, .idExpiry, .plan],
            irreversible: true
        ) { context in
            let customer = try customerDetails(context)
            let agent = try context.providerAgent()
            let session = try context.providerSession()
            let provider = context.provider
            do throws(ProviderError) {
                try await provider.createWallet(agent, session: session, customer: customer)
            } catch .rejected(let reason) {
                throw StepFailure.redo(Messages.walletRefused(reason), clearing: [.idType])
            } catch {
                throw StepFailure.provider(error)
            }
            context.set(.wallet, .int(context.now))
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
            .vehicleMaker, dependsOn: [.vehicleNumber], label: "Vehicle Maker", ask: Messages.askMaker,
            hint: "The number or the name of the maker in the list."
        ) { context in
            let agent = try context.providerAgent()
            let session = try context.providerSession()
            let provider = context.provider
            let vehicle = context.string(.vehicleNumber)
            return try await context.call { () async throws(ProviderError) in
                try await provider.makers(agent, session: session, vehicleNumber: vehicle)
            }
        },
        choice(
            .vehicleModel, dependsOn: [.vehicleMaker], label: "Vehicle Model", ask: Messages.askModel,
            hint: "The number or the name of the model in the list."
        ) { context in
            let agent = try context.providerAgent()
            let session = try context.providerSession()
            let provider = context.provider
            let vehicle = context.string(.vehicleNumber)
            let maker = context.string(.vehicleMaker)
            return try await context.call { () async throws(ProviderError) in
                try await provider.models(agent, session: session, vehicleNumber: vehicle, maker: maker)
            }
        },
        choice(
            .vehicleDescriptor, dependsOn: [.vehicleNumber], label: "Vehicle Descriptor",
            ask: Messages.askDescriptor,
            hint: "The fuel or drive: the number or the name in the list."
        ) { context in
            let provider = context.provider
            return try await context.call { () async throws(ProviderError) in try await provider.descriptors() }
        },
        .automatic(
            .vehicleDetails, dependsOn: [.userOTP, .vehicleMaker, .vehicleModel, .vehicleDescriptor],
            applies: { session in
                // Only what the agent chose by hand is reported; registry data is already known.
                [StepName.vehicleMaker, .vehicleModel, .vehicleDescriptor].contains {
                    session[$0, side: Step.source] != JSONValue.string("registry")
                }
            }
        ) { context in
            let agent = try context.providerAgent()
            let session = try context.providerSession()
            let provider = context.provider
            let details = VehicleDetails(
                vehicleNumber: context.string(.vehicleNumber), maker: context.string(.vehicleMaker),
                model: context.string(.vehicleModel), descriptor: context.string(.vehicleDescriptor),
                colour: context.text(.userOTP, side: "colour"),
                stateOfRegistration: context.text(.userOTP, side: "state"))
            try await context.call { () async throws(ProviderError) in
                try await provider.setVehicleDetails(agent, session: session, vehicle: details)
            }
            context.set(.vehicleDetails, .int(context.now))
        },
    ]

    /// Steps 18-20: confirmation, edits and activation.
    static let confirmation: [Step] = [
        SharedSteps.edit { flow },
        .question(
            .confirm, hint: "Yes to activate the FASTag, No to change a detail.",
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
        IDProofType(rawValue: session[.idType]?.stringValue ?? "") ?? .pan
    }

    static func planOptions(_ session: Session) -> [Option] {
        (session[.plan, side: "options"]?.arrayValue ?? []).compactMap { plan in
            guard let id = plan["id"]?.stringValue, let name = plan["name"]?.stringValue else { return nil }
            return Option(id: "plan_\(id)", title: name)
        }
    }

    /// A document photo, stored (named by its hash); `upload` sends it to the provider.
    static func document(_ kind: Document.Kind, _ ask: String) -> Step {
        let field = StepName.document(kind)
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
        let photo = StepName.document(kind)
        return .automatic(
            .upload(kind), dependsOn: [photo, .userOTP],
            applies: { $0[photo]?.intValue != nil }
        ) { context in
            // The photo that just arrived is at hand; an older one (a new provider session
            // after an edit) is read back from the disk.
            guard let id = context.session[photo]?.intValue else { throw StepFailure.refused(Messages.startAgain) }
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
            context.set(.upload(kind), .int(context.now))
        }
    }

    /// A pick from a list the provider gives (makers, models, descriptors); the list is
    /// fetched when the flow arrives at the step.
    static func choice(
        _ field: StepName, dependsOn: [StepName], label: String, ask: @escaping @Sendable ([String]) -> String,
        hint: String,
        fetch: @escaping @Sendable (StepContext) async throws -> [String]
    ) -> Step {
        .question(
            field, dependsOn: dependsOn,
            prepare: { (context: inout StepContext) in
                let items = try await fetch(context)
                guard !items.isEmpty else { throw StepFailure.provider(.unavailable("empty \(field) list")) }
                context.set(field, side: "options", .array(items.map(JSONValue.string)))
            },
            prepares: field.key("options"),
            hint: hint, editLabel: label,
            prompt: { session in
                let items = session[field, side: "options"]?.arrayValue?.compactMap(\.stringValue) ?? []
                return Prompt(
                    ask(items),
                    options: items.enumerated().map {
                        Option(id: "\(field.rawValue)_\($0.offset + 1)", title: $0.element)
                    })
            }
        ) { input, context in
            let items = context.session[field, side: "options"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let options = items.enumerated().map { Option(id: "\(field.rawValue)_\($0.offset + 1)", title: $0.element) }
            context.set(field, try context.choose(input, from: options).title)
        }
    }

    // MARK: - Provider calls

    static func sendCustomerOTP(_ context: inout StepContext) async throws {
        let agent = try context.providerAgent()
        let provider = context.provider
        let vehicle = context.string(.vehicleNumber)
        let mobile = context.string(.userMobile)
        try await context.throttleCustomerOTP()
        let session = try await context.call { () async throws(ProviderError) in
            try await provider.sendCustomerOTP(agent, vehicleNumber: vehicle, mobile: mobile)
        }
        context.session.providerRequestID = session.requestID
        context.session.providerSessionID = session.sessionID
        context.set(.customerOTP, .int(context.now))
        context.set(.customerOTP, side: "sent_at", .int(context.now))
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
            ("colour", registry.colour), ("type", registry.vehicleType), ("chassis", registry.chassisNumber),
            ("state", registry.stateOfRegistration),
        ] {
            if let value, !value.isEmpty { context.set(.userOTP, side: key, value) }
        }
        guard registry.isComplete else { return }
        for (field, value) in [
            (StepName.vehicleMaker, registry.maker), (.vehicleModel, registry.model),
            (.vehicleDescriptor, registry.descriptor),
        ] {
            context.set(field, value ?? "")
            context.set(field, side: Step.source, "registry")
        }
    }

    static func customerDetails(_ context: StepContext) throws -> CustomerDetails {
        guard let dob = try? Validators.date(context.string(.dateOfBirth)) else {
            throw StepFailure.refused(Messages.startAgain)
        }
        let expiry = context.text(.idExpiry).flatMap { try? Validators.date($0) }
        return CustomerDetails(
            firstName: context.string(.firstName), lastName: context.string(.lastName), dateOfBirth: dob,
            idType: idType(context.session), idNumber: context.string(.idNumber), idExpiry: expiry,
            planID: context.string(.plan), vehicleNumber: context.string(.vehicleNumber),
            mobile: context.string(.userMobile))
    }

    /// Step 18's summary (with the chosen ID type's label and the number masked).
    static func summary(_ session: Session) -> String {
        let value = { (field: StepName, side: String?) in session[field, side: side]?.stringValue ?? "" }
        return """
            Checkout Details & edit if required
            Vehicle no - \(value(.vehicleNumber, nil))
            Phone no - \(value(.userMobile, nil))
            Last 5 digits of engine no - \(value(.engineNumber, nil))
            \(idType(session).label) - \(Messages.masked(value(.idNumber, nil)))
            Plan - \(value(.plan, "name"))
            Vehicle Maker - \(value(.vehicleMaker, nil))
            Vehicle Model - \(value(.vehicleModel, nil))
            Vehicle Descriptor - \(value(.vehicleDescriptor, nil))
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
            vehicleNumber: context.string(.vehicleNumber), barcode: context.string(.barcode),
            chassisNumber: context.text(.userOTP, side: "chassis"), planID: context.string(.plan),
            planAmountPaise: context.session[.plan, side: "amount"]?.intValue)
        try await context.call { () async throws(ProviderError) in
            try await provider.activate(agent, session: session, activation: activation)
        }
        guard let local = context.agent else { throw StepFailure.refused(Messages.loginFirst) }
        let customer = "\(context.string(.firstName)) \(context.string(.lastName))"
        let record = ActivationRecord(
            agentID: local.id, vehicleNumber: activation.vehicleNumber, engineLast5: context.text(.engineNumber),
            chassisNumber: activation.chassisNumber, maker: context.text(.vehicleMaker),
            model: context.text(.vehicleModel),
            descriptor: context.text(.vehicleDescriptor), colour: context.text(.userOTP, side: "colour"),
            vehicleType: context.text(.userOTP, side: "type"),
            stateOfRegistration: context.text(.userOTP, side: "state"),
            barcode: activation.barcode, customerName: customer, customerMobile: context.string(.userMobile),
            plan: context.string(.plan, side: "name"), amountPaise: activation.planAmountPaise ?? 0)
        let figures = await Completion.figures(&context)
        context.set(.confirm, "yes")
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

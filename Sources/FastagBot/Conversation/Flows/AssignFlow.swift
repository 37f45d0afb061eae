extension FlowName {
    static let assign = FlowName(rawValue: "assign")
}

/// Assigning a new FASTag to a vehicle (CONVERSATION.md section 2), as a table of steps.
/// The documents, the vehicle's model and the confirmation are in the extensions beside.
enum AssignFlow {
    /// The flow with every document photo, as the dialogue has it.
    static let flow = flow(photos: Document.Kind.allCases)

    /// The flow asking for `photos`, in that order (`DOCUMENT_PHOTOS`).
    static func flow(photos: [Document.Kind]) -> Flow {
        Flow(
            name: .assign, steps: vehicle + customer + documents(photos) + tagAndModel + confirmation,
            numbered: true)
    }

    /// Steps 1-4: the vehicle and the customer's OTP.
    static let vehicle: [Step] = [
        SharedSteps.vehicleNumber(prompt: Messages.askVehicleNumber),
        .typed(
            .engineNumber, expecting: "5 characters",
            hint: "The last 5 letters or digits of the engine number, from the RC.", editLabel: "Engine no",
            prompt: { _ in Prompt(Messages.askEngineNumber) }
        ) { text, _ throws(InvalidInput) in try Validators.engineLast5(text) }
        .answered(at: .text(summary: "Last 5 of the engine number", example: "K4321")),
        SharedSteps.customerMobile(summary: "Customer's mobile; sends the customer an OTP"),
        .automatic(.customerOTP, dependsOn: [.vehicleNumber, .userMobile]) { context in
            try await sendCustomerOTP(&context)
        },
        SharedSteps.customerOTP(
            .userOTP, sentBy: .customerOTP, summary: "Customer's OTP, or a resend", send: sendCustomerOTP
        ) { otp, context in
            let (provider, agent, session) = try context.providerInSession()
            let vehicle = context.string(.vehicleNumber)
            let registry = try await context.checkCustomerOTP { () async throws(ProviderError) in
                try await provider.validateCustomerOTP(agent, session: session, vehicleNumber: vehicle, otp: otp)
            }
            context.set(.userOTP, "verified")
            remember(registry, &context)
        }
        // The provider has used the code: it cannot be asked again.
        .fact(Messages.otpVerified),
        vehicleClassStep,
    ]

    /// Steps 5-11: KYC, plan and the customer's wallet.
    static let customer: [Step] = [
        .typed(
            .firstName, expecting: "the first name", hint: "The customer's first name, letters only.",
            prompt: { _ in Prompt(Messages.askFirstName) }
        ) { text, _ throws(InvalidInput) in try Validators.name(text) }
        .answered(
            at: .text(
                "user_info", summary: "Customer's first name, last name and date of birth",
                optional: true, example: "Asha")),
        .typed(
            .lastName, expecting: "the last name", hint: "The customer's last name, letters only.",
            prompt: { _ in Prompt(Messages.askLastName) }
        ) { text, _ throws(InvalidInput) in try Validators.name(text) }
        .answered(at: .text("user_info", optional: true, example: "Patil")),
        .typed(
            .dateOfBirth, expecting: "the date of birth",
            hint: "The date of birth as DD-MM-YYYY, for example 05-03-1990.",
            prompt: { _ in Prompt(Messages.askDateOfBirth) }
        ) { text, context throws(InvalidInput) in
            try Validators.dateOfBirth(text, today: context.today).description
        }
        .answered(
            at: .text(
                "user_info", description: "DD-MM-YYYY, or as typed: 5/3/1990, 1990-03-05, 5 Mar 1990, 05-03-90.",
                optional: true,
                example: "05-03-1990")),
        .question(
            .idType, hint: "1 PAN, 2 Passport, 3 Driving License or 4 Voter Id.", editLabel: "ID proof",
            prompt: { session in
                let name = "\(session[.firstName]?.stringValue ?? "") \(session[.lastName]?.stringValue ?? "")"
                return Prompt(Messages.askIDProofType(name.trimming(" ").description), options: idOptions)
            }
        ) { input, context in
            let option = try context.choose(input, from: idOptions)
            context.set(.idType, IDProofType.allCases[idOptions.firstIndex(of: option)!].rawValue)
        }
        .answered(
            at: .text(
                "id_proof", summary: "ID proof type, number and (Passport, Driving License) expiry",
                description:
                    "PAN, Passport, Driving License or Voter Id (or 1-4); another answer is refused in the reply.",
                optional: true, example: "PAN")),
        .typed(
            .idNumber, dependsOn: [.idType], expecting: "the ID number",
            hint: "The number printed on the chosen ID proof.",
            prompt: { session in Prompt(Messages.askIDNumber(idType(session))) }
        ) { text, context throws(InvalidInput) in try idType(context.session).validateNumber(text) }
        .answered(at: .text("id_proof", optional: true, example: "ABCPE1234F")),
        .typed(
            .idExpiry, dependsOn: [.idType], applies: { idType($0).needsExpiry }, expecting: "the expiry date",
            hint: "The expiry date printed on the document, as DD-MM-YYYY.",
            prompt: { session in Prompt(Messages.askIDExpiry(idType(session))) }
        ) { text, context throws(InvalidInput) in
            try Validators.expiryDate(text, today: context.today).description
        }
        .answered(
            at: .text(
                "id_proof", field: "expiry",
                description: "DD-MM-YYYY (or as typed: 5 Mar 2030, 05-03-30); Passport and Driving License only.",
                optional: true)
        )
        .numbered(.same),
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
        }
        .answered(
            at: .text(
                summary: "Plan, by name or number in the list; creates the customer's wallet",
                example: "500 Plan")),
        .automatic(
            .wallet,
            dependsOn: [.userOTP, .firstName, .lastName, .dateOfBirth, .idType, .idNumber, .idExpiry, .plan]
        ) { context in
            let customer = try customerDetails(context)
            let (provider, agent, session) = try context.providerInSession()
            do throws(ProviderError) {
                try await provider.createWallet(agent, session: session, customer: customer)
            } catch .rejected(let reason) {
                throw StepFailure.redo(Messages.walletRefused(reason), clearing: [.idType])
            } catch {
                throw StepFailure.provider(error)
            }
            context.set(.wallet, .int(context.now))
            context.notes.append(Messages.walletCreated)
        }
        .fact(Messages.walletExists)
        // CONVERSATION.md counts the wallet's creation as a step of its own (11).
        .numbered(.next),
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

    // MARK: - Provider calls

    /// `generate_otp_by_vehicle` (also for Resend): the customer gets an OTP, and the
    /// provider session it starts is kept.
    static func sendCustomerOTP(_ context: inout StepContext) async throws {
        let agent = try context.providerAgent()
        let provider = context.provider
        let vehicle = context.string(.vehicleNumber)
        let mobile = context.string(.userMobile)
        try await context.throttleCustomerOTP()
        let session = try await context.call { () async throws(ProviderError) in
            try await provider.sendCustomerOTP(agent, vehicleNumber: vehicle, mobile: mobile)
        }
        context.set(.customerOTP, .int(context.now))
        try await context.customerOTPSent(session, by: .customerOTP)
    }

    /// Keeps what the registry knows; a complete maker/model/descriptor answers steps 15-17,
    /// a usable class the class question.
    static func remember(_ registry: RegistryVehicle, _ context: inout StepContext) {
        rememberClass(registry, &context)
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
}

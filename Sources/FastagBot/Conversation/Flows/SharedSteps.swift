extension StepName {
    static let vehicleNumber = StepName(rawValue: "vehicle_number")
    static let userMobile = StepName(rawValue: "user_mobile")
    static let serial = StepName(rawValue: "serial")
    static let barcode = StepName(rawValue: "barcode")
    static let edit = StepName(rawValue: "edit")
    static let confirm = StepName(rawValue: "confirm")
}

/// Steps both the assign and the replace flow ask.
enum SharedSteps {
    static func vehicleNumber(prompt: String) -> Step {
        .question(
            .vehicleNumber, hint: "A registration number like MH12AB1234, DL1CAB1234 or 22BH1234AB.",
            editLabel: "Vehicle no", prompt: { _ in Prompt(prompt) }
        ) { input, context in
            context.set(
                .vehicleNumber, try context.validate(input, expecting: "the vehicle number", Validators.vehicleNumber))
        }
    }

    static let customerMobile = Step.question(
        .userMobile, hint: "The customer's 10-digit mobile number (it receives the OTP).", editLabel: "Phone no",
        prompt: { _ in Prompt(Messages.askCustomerMobile) }
    ) { input, context in
        context.set(.userMobile, try context.validate(input, expecting: "the mobile number", Validators.mobile))
    }

    /// The last 4 digits of the barcode: finds the agent's matching available tags.
    static let serial = Step.question(
        .serial, hint: "The last 4 digits printed under the barcode of the FASTag.", editLabel: "Barcode",
        prompt: { _ in Prompt(Messages.askSerial) }
    ) { input, context in
        let last4 = try context.validate(input, expecting: "4 digits", Validators.serialLast4)
        let agent = try context.providerAgent()
        let provider = context.provider
        let barcodes = try await context.call { () async throws(ProviderError) in
            try await provider.availableBarcodes(agent)
        }
        let matching = barcodes.filter { $0.hasSuffix(last4) }
        guard !matching.isEmpty else { throw StepFailure.refused(Messages.noBarcode(last4)) }
        context.set(.serial, last4)
        context.set(.serial, side: "choices", .array(matching.map(JSONValue.string)))
    }

    static let barcode = Step.question(
        .barcode, dependsOn: [.serial], hint: "The number of the barcode in the list, or the whole barcode.",
        prompt: { session in
            let choices = barcodeChoices(session)
            return Prompt(Messages.askBarcode(choices), options: barcodeOptions(choices))
        }
    ) { input, context in
        let choices = barcodeChoices(context.session)
        let typed = input.words.map { Validators.compact($0) }
        if let typed, let exact = choices.first(where: { Validators.compact($0) == typed }) {
            context.set(.barcode, exact)
            return
        }
        context.set(.barcode, try context.choose(input, from: barcodeOptions(choices)).title)
    }

    static func barcodeChoices(_ session: Session) -> [String] {
        session[.serial, side: "choices"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    static func barcodeOptions(_ choices: [String]) -> [Option] {
        choices.enumerated().map { Option(id: "barcode_\($0.offset + 1)", title: $0.element) }
    }

    /// Lists the confirmation's editable fields; the chosen one (and what depends on it)
    /// is cleared, so the flow asks it again and comes back to the confirmation.
    static func edit(_ flow: @escaping @Sendable () -> Flow) -> Step {
        .question(
            .edit, applies: { $0[.confirm, side: "editing"] == .bool(true) },
            hint: "Pick the detail to change; you will see the summary again afterwards.", backClears: .confirm,
            prompt: { session in Prompt(Messages.askWhatToEdit, options: editOptions(flow(), session)) }
        ) { input, context in
            let option = try context.choose(input, from: editOptions(flow(), context.session))
            let field = StepName(rawValue: String(option.id.dropFirst("edit_".count)))
            context.session[.confirm, side: "editing"] = nil
            flow().clear([field], in: &context.session)
        }
    }

    static func editOptions(_ flow: Flow, _ session: Session) -> [Option] {
        flow.steps.compactMap { step in
            guard let label = step.editLabel, step.applies(session) else { return nil }
            return Option(id: "edit_\(step.field.rawValue)", title: label)
        }
    }

}

extension StepContext {
    /// The customer whose OTP this flow asks for: tries are counted per mobile and vehicle.
    var customerOTPSubject: OTPSubject {
        .customer(flow: session.flowName, mobile: string(.userMobile), vehicle: string(.vehicleNumber))
    }

    /// Refuses a new customer OTP within the resend interval of the last one sent to the same
    /// customer and vehicle, whatever asked for it: `Resend`, or going back and entering the
    /// mobile again (which would otherwise give five more tries at once).
    func throttleCustomerOTP() async throws {
        guard let last = try await store.lastOTPSend(customerOTPSubject) else { return }
        let (elapsed, overflow) = now.subtractingReportingOverflow(last)
        if overflow { return }
        let wait = services.policy.resendIntervalSeconds - elapsed / 1000
        if wait > 0 { throw StepFailure.refused(Messages.resendTooSoon(wait)) }
    }

    /// Has the provider check a customer OTP, counting the try first (in the database, so
    /// every session of that customer and vehicle shares the count). After the last wrong
    /// code no code is sent to the provider until a new OTP (Resend) clears the count.
    func checkCustomerOTP<T>(_ check: () async throws(ProviderError) -> T) async throws -> T {
        let subject = customerOTPSubject
        let tries = services.policy.customerOTPTries
        let attempt = try await store.countOTPAttempt(subject, limit: tries, now: now)
        if case .refused = attempt { throw StepFailure.refused(Messages.customerOTPUsedUp) }
        let result: T
        do {
            result = try await check()
        } catch .rejected(let reason) {
            throw StepFailure.refused(attempt == .counted(last: true) ? Messages.customerOTPUsedUp : reason)
        } catch {
            // The provider did not answer: that was no wrong code.
            try await store.uncountOTPAttempt(subject, attempt)
            throw StepFailure.provider(error)
        }
        try await store.clearOTPAttempts(subject)
        return result
    }

    /// Yes or No at a confirmation; No opens the edit list.
    mutating func confirmed(_ input: ConversationInput) throws -> Bool {
        let option = try choose(input, from: Messages.confirmOptions)
        if option.id == "confirm_no" {
            set(.confirm, side: "editing", .bool(true))
            return false
        }
        return true
    }
}

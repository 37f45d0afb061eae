/// Steps both the assign and the replace flow ask.
enum SharedSteps {
    static func vehicleNumber(prompt: String) -> Step {
        .typed(
            .vehicleNumber, expecting: "the vehicle number",
            hint: "A registration number like MH12AB1234, DL1CAB1234 or 22BH1234AB.", editLabel: "Vehicle no",
            prompt: { _ in Prompt(prompt) }
        ) { text, _ throws(InvalidInput) in try Validators.vehicleNumber(text) }
        .answered(at: .text(summary: "Vehicle number", example: "MH12AB1234"))
    }

    static func customerMobile(summary: String) -> Step {
        .typed(
            .userMobile, expecting: "the mobile number",
            hint: "The customer's 10-digit mobile number (it receives the OTP).", editLabel: "Phone no",
            prompt: { _ in Prompt(Messages.askCustomerMobile) }
        ) { text, _ throws(InvalidInput) in try Validators.mobile(text) }
        .answered(at: .text(summary: summary, example: "9123456780"))
    }

    /// The last 4 digits of the barcode: finds the agent's matching available tags, only
    /// those of the vehicle's class once the flow knows it (the assign flow).
    static let serial = Step.question(
        .serial, hint: "The last 4 digits printed under the barcode of the FASTag.", editLabel: "Barcode",
        prompt: { _ in Prompt(Messages.askSerial) }
    ) { input, context in
        let last4 = try context.validate(input, expecting: "4 digits", Validators.serialLast4)
        let agent = try context.providerAgent()
        let provider = context.provider
        let tags = try await context.call { () async throws(ProviderError) in
            try await provider.availableBarcodes(agent)
        }
        let matching = try tagsOfClass(tags, AssignFlow.vehicleClass(context.session)).filter {
            $0.hasSuffix(last4)
        }
        guard !matching.isEmpty else {
            let other = tags.first { $0.barcode.hasSuffix(last4) }
            if let other, let wanted = AssignFlow.vehicleClass(context.session) {
                throw StepFailure.refused(
                    Messages.barcodeOfOtherClass(
                        other.barcode, tagClass: other.vehicleClass.map(VehicleClass.named), wanted: wanted))
            }
            throw StepFailure.refused(Messages.noBarcode(last4))
        }
        context.set(.serial, last4)
        context.set(.serial, side: "choices", .array(matching.map(JSONValue.string)))
        // The class the choices are of: another class later (an edited vehicle) asks again.
        context.session[.serial, side: "class"] = AssignFlow.vehicleClass(context.session).map { .string($0.id) }
    }

    /// The barcodes of the tags made for `vehicleClass` (all of them when the class is not
    /// known); a clear refusal when the agent has none of that class.
    static func tagsOfClass(_ tags: [AvailableTag], _ vehicleClass: VehicleClass?) throws -> [String] {
        guard let vehicleClass else { return tags.map(\.barcode) }
        let fitting = tags.filter { $0.vehicleClass == vehicleClass.id }.map(\.barcode)
        guard !fitting.isEmpty else { throw StepFailure.refused(Messages.noTagOfClass(vehicleClass)) }
        return fitting
    }

    static let barcode = Step.question(
        .barcode, dependsOn: [.serial], hint: "The number of the barcode in the list, or the whole barcode.",
        prompt: { session in
            let choices = barcodeChoices(session)
            return Prompt(Messages.askBarcode(choices), options: barcodeOptions(choices))
        }
    ) { input, context in
        let choices = barcodeChoices(context.session)
        let typed = input.words.map { Validators.compact(Validators.asciiDigits($0)) }
        if let typed, let exact = choices.first(where: { Validators.compact($0) == typed }) {
            context.set(.barcode, exact)
            return
        }
        context.set(.barcode, try context.choose(input, from: barcodeOptions(choices), typos: false).title)
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
        .answered(
            at: .text(
                summary: "Which detail to change, after answering No at the confirmation", field: "field",
                description: "The detail as listed in the options, e.g. \"Plan\" or \"Vehicle no\".", example: "Plan")
        )
        .numbered(.none)
    }

    static func editOptions(_ flow: Flow, _ session: Session) -> [Option] {
        flow.steps.compactMap { step in
            guard let label = step.editLabel, step.applies(session) else { return nil }
            return Option(id: "edit_\(step.field.rawValue)", title: label)
        }
    }
}

extension StepContext {
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

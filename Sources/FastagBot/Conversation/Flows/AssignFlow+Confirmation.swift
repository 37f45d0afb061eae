/// Steps 18-21 of the assign flow: the summary, edits and the activation.
extension AssignFlow {
    /// Steps 18-20: confirmation, edits and activation.
    static let confirmation: [Step] = [
        SharedSteps.edit { flow },
        .question(
            .confirm, hint: "Yes to activate the FASTag, No to change a detail.",
            prompt: { session in Prompt(summary(session), options: Messages.confirmOptions) }
        ) { input, context in
            guard try context.confirmed(input) else { return }
            try await activate(&context)
        }
        .answered(at: .confirm(summary: "Yes activates the FASTag; No lists the details to change")),
    ]

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
            Vehicle Class - \(vehicleClass(session)?.label ?? "")
            Confirm if entered details are correct with Yes or No?
            """
    }

    /// `update_vehicle_details`, then the books: the engine records the activation, completes
    /// the session and opens the next one in a single transaction.
    static func activate(_ context: inout StepContext) async throws {
        let activation = ProviderActivation(
            vehicleNumber: context.string(.vehicleNumber), barcode: context.string(.barcode),
            chassisNumber: context.text(.userOTP, side: "chassis"), planID: context.string(.plan),
            planAmountPaise: context.session[.plan, side: "amount"]?.intValue, vehicleClass: classSent(context.session))
        try await context.callInSession { (provider, agent, session) async throws(ProviderError) in
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
            stateOfRegistration: context.text(.userOTP, side: "state"), vehicleClass: context.text(.vehicleClass),
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

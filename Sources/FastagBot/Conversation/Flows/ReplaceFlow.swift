extension FlowName {
    static let replace = FlowName(rawValue: "replace")
}

/// Replacing a customer's FASTag with a new one from the agent's stock
/// (CONVERSATION.md section 3), as a table of steps.
enum ReplaceFlow {
    static let flow: Flow = Flow(
        name: .replace,
        steps: [
            SharedSteps.vehicleNumber(prompt: Messages.askReplaceVehicleNumber),
            SharedSteps.customerMobile(summary: "Customer's mobile"),
            Step.question(
                .serial, hint: "The last 4 digits printed under the barcode of the new FASTag.", editLabel: "Barcode",
                prompt: { _ in Prompt(Messages.askReplaceSerial) }, accept: SharedSteps.serial.accept
            )
            .answered(
                at: .text(
                    "serial_number", summary: "Last 4 digits of the new barcode", field: "serial_number",
                    example: "3456")),
            SharedSteps.barcode.answered(
                at: .text(
                    summary: "The new barcode, by number in the list or in full",
                    example: "608268-001-0023456")),
            .question(
                .reason, hint: "1 Tag Damaged, 2 Lost Tag, 3 Tag Not Working or 4 Others.", editLabel: "Reason",
                prompt: { _ in Prompt(Messages.askReason, options: reasonOptions) }
            ) { input, context in
                let option = try context.choose(input, from: reasonOptions)
                context.set(.reason, String(option.id.dropFirst("reason_".count)))
            }
            .answered(
                at: .text(
                    summary: "Why the tag is replaced",
                    description:
                        "Tag Damaged, Lost Tag, Tag Not Working or Others (or 1-4); another answer is refused in the reply.",
                    example: "Tag Damaged")),
            .question(
                .reasonDescription, dependsOn: [.reason], applies: { reason($0) == .other },
                hint: "A few words on why the tag is replaced.", prompt: { _ in Prompt(Messages.askReasonDescription) }
            ) { input, context in
                let text = try context.words(input, expecting: "the reason")
                guard text.count <= 200 else {
                    throw StepFailure.refused("Please keep the reason under 200 characters.")
                }
                context.set(.reasonDescription, text)
            }
            .answered(at: .text("reason", field: "description", description: "Required with Others.", optional: true)),
            SharedSteps.edit { flow },
            .question(
                .confirm, dependsOn: [.vehicleNumber, .userMobile, .barcode, .reason, .reasonDescription],
                hint: "Yes to send the customer the replacement OTP, No to change a detail.",
                prompt: { session in Prompt(summary(session), options: Messages.confirmOptions) }
            ) { input, context in
                guard try context.confirmed(input) else { return }
                try await sendOTP(&context)
                context.set(.confirm, "yes")
            }
            .answered(
                at: .confirm(summary: "Yes sends the customer the replacement OTP; No lists the details to change")),
            SharedSteps.customerOTP(
                .replaceOTP, sentBy: .confirm, summary: "Customer's OTP (replaces the tag), or a resend", send: sendOTP
            ) { otp, context in
                let (provider, agent, session) = try context.providerInSession()
                let vehicle = context.string(.vehicleNumber)
                try await context.checkCustomerOTP { () async throws(ProviderError) in
                    try await provider.validateReplacementOTP(agent, session: session, vehicleNumber: vehicle, otp: otp)
                }
                guard let local = context.agent else { throw StepFailure.refused(Messages.loginFirst) }
                let record = ReplacementRecord(
                    agentID: local.id, vehicleNumber: vehicle, customerMobile: context.string(.userMobile),
                    barcode: context.string(.barcode), reason: reasonText(context.session))
                let figures = await Completion.figures(&context)
                context.set(.replaceOTP, "verified")
                context.finish = .completed(
                    message: Messages.replaced(
                        vehicleNumber: vehicle, barcode: record.barcode, walletPaise: figures.walletPaise,
                        fastagsLeft: figures.fastagsLeft),
                    record: .replacement(record))
            },
        ])

    static let reasonOptions = Replacement.Reason.allCases.map { Option(id: "reason_\($0.rawValue)", title: $0.title) }

    package static func reason(_ session: Session) -> Replacement.Reason? {
        session[.reason]?.stringValue.flatMap(Replacement.Reason.init(rawValue:))
    }

    static func reasonText(_ session: Session) -> String {
        guard let reason = reason(session) else { return "" }
        return reason == .other ? "Others: \(session[.reasonDescription]?.stringValue ?? "")" : reason.title
    }

    static func summary(_ session: Session) -> String {
        let value = { (field: StepName) in session[field]?.stringValue ?? "" }
        return """
            Checkout Details & edit if required
            Vehicle no - \(value(.vehicleNumber))
            Phone no - \(value(.userMobile))
            New Barcode No - \(value(.barcode))
            Reason - \(reasonText(session))
            Confirm if entered details are correct with Yes or No?
            """
    }

    /// `rep_generate_otp_by_vehicle` (also for Resend): the customer gets an OTP.
    static func sendOTP(_ context: inout StepContext) async throws {
        guard let reason = reason(context.session) else { throw StepFailure.refused(Messages.startAgain) }
        let replacement = Replacement(
            vehicleNumber: context.string(.vehicleNumber), mobile: context.string(.userMobile),
            barcode: context.string(.barcode), reason: reason, description: context.string(.reasonDescription))
        let agent = try context.providerAgent()
        let provider = context.provider
        try await context.throttleCustomerOTP()
        let session = try await context.call { () async throws(ProviderError) in
            try await provider.sendReplacementOTP(agent, replacement: replacement)
        }
        try await context.customerOTPSent(session, by: .confirm)
    }
}

/// Steps 13-17 of the assign flow: the tag, and the vehicle's model when the registry did
/// not give it.
extension AssignFlow {
    /// Steps 13-17: the tag and, when the registry did not say, the vehicle's model.
    static let tagAndModel: [Step] = [
        SharedSteps.serial.answered(
            at: .text("serial_number", summary: "Last 4 digits of the barcode", field: "serial_number", example: "2345")
        ),
        SharedSteps.barcode.answered(
            at: .text(
                summary: "The barcode, by number in the list or in full", example: "608268-001-0012345")),
        // The maker, model and descriptor describe the vehicle: a new customer OTP (another
        // mobile) keeps them, another vehicle number asks them (or takes the registry's) again.
        choice(
            .vehicleMaker, dependsOn: [.vehicleNumber], label: "Vehicle Maker", ask: Messages.askMaker,
            hint: "The number or the name of the maker in the list."
        ) { context in
            let vehicle = context.string(.vehicleNumber)
            return try await context.callInSession { (provider, agent, session) async throws(ProviderError) in
                try await provider.makers(agent, session: session, vehicleNumber: vehicle)
            }
        }
        .answered(at: .text(summary: "Vehicle maker", example: "TOYOTA")),
        choice(
            .vehicleModel, dependsOn: [.vehicleMaker], label: "Vehicle Model", ask: Messages.askModel,
            hint: "The number or the name of the model in the list."
        ) { context in
            let vehicle = context.string(.vehicleNumber)
            let maker = context.string(.vehicleMaker)
            return try await context.callInSession { (provider, agent, session) async throws(ProviderError) in
                try await provider.models(agent, session: session, vehicleNumber: vehicle, maker: maker)
            }
        }
        .answered(at: .text(summary: "Vehicle model", example: "INNOVA")),
        choice(
            .vehicleDescriptor, dependsOn: [.vehicleNumber], label: "Vehicle Descriptor",
            ask: Messages.askDescriptor,
            hint: "The fuel or drive: the number or the name in the list."
        ) { context in
            let provider = context.provider
            return try await context.call { () async throws(ProviderError) in try await provider.descriptors() }
        }
        .answered(at: .text(summary: "Vehicle descriptor", example: "Diesel")),
        .automatic(
            .vehicleDetails, dependsOn: [.userOTP, .vehicleMaker, .vehicleModel, .vehicleDescriptor, .vehicleClass],
            applies: { session in
                // Only what the agent chose by hand is reported; registry data is already known.
                [StepName.vehicleMaker, .vehicleModel, .vehicleDescriptor, .vehicleClass].contains {
                    session[$0, side: Step.source] != JSONValue.string("registry")
                }
            }
        ) { context in
            let details = VehicleDetails(
                vehicleNumber: context.string(.vehicleNumber), maker: context.string(.vehicleMaker),
                model: context.string(.vehicleModel), descriptor: context.string(.vehicleDescriptor),
                colour: context.text(.userOTP, side: "colour"),
                stateOfRegistration: context.text(.userOTP, side: "state"), vehicleClass: classSent(context.session))
            try await context.callInSession { (provider, agent, session) async throws(ProviderError) in
                try await provider.setVehicleDetails(agent, session: session, vehicle: details)
            }
            context.set(.vehicleDetails, .int(context.now))
        },
    ]

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
}

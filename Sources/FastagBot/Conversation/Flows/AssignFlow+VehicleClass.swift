/// The vehicle's class in the assign flow: tags are made for one class and tolls are charged
/// by the class in the tag, so the class decides which barcodes are offered and is sent on
/// activation. The registry usually gives it with the customer's OTP; when it does not, the
/// agent picks it from the issuer's list.
extension AssignFlow {
    /// Not in CONVERSATION.md's numbering: asked only when the registry gave no class.
    static let vehicleClassStep = Step.question(
        .vehicleClass, dependsOn: [.vehicleNumber],
        // A class the registry gave is neither asked nor offered for editing.
        applies: { $0[.vehicleClass, side: Step.source] != JSONValue.string("registry") },
        prepare: { (context: inout StepContext) in
            let provider = context.provider
            let classes = try await context.call { () async throws(ProviderError) in
                try await provider.vehicleClasses()
            }
            guard !classes.isEmpty else { throw StepFailure.provider(.unavailable("empty vehicle class list")) }
            context.set(
                .vehicleClass, side: "options",
                .array(classes.map { ["id": .string($0.id), "name": .string($0.name)] }))
        },
        prepares: StepName.vehicleClass.key("options"),
        hint: "The number or the name of the vehicle's class in the list.", editLabel: "Vehicle Class",
        prompt: { session in
            let options = classOptions(session)
            return Prompt(Messages.askVehicleClass(options.map(\.title)), options: options)
        }
    ) { input, context in
        let option = try context.choose(input, from: classOptions(context.session))
        let id = String(option.id.dropFirst("class_".count))
        let chosen = offeredClasses(context.session).first { $0.id == id } ?? VehicleClass.named(id)
        context.set(.vehicleClass, chosen.id)
        context.set(.vehicleClass, side: "name", chosen.name)
        forgetTagOfOtherClass(&context)
    }
    .answered(
        at: .text(
            summary: "Vehicle class, asked only when the registry did not give it",
            description: "The class's number or name in the list offered.", example: "Bus (2 axles)")
    )
    .numbered(.none)

    /// The classes offered, as `get_vehicle_class_api` listed them.
    static func offeredClasses(_ session: Session) -> [VehicleClass] {
        (session[.vehicleClass, side: "options"]?.arrayValue ?? []).compactMap { item in
            guard let id = item["id"]?.stringValue, let name = item["name"]?.stringValue else { return nil }
            return VehicleClass(id: id, name: name)
        }
    }

    static func classOptions(_ session: Session) -> [Option] {
        offeredClasses(session).map { Option(id: "class_\($0.id)", title: $0.name.isEmpty ? $0.id : $0.name) }
    }

    /// A usable class from the registry answers the class question; otherwise a class left
    /// from an earlier answer stays (the same vehicle), and a missing one is asked.
    static func rememberClass(_ registry: RegistryVehicle, _ context: inout StepContext) {
        guard let id = VehicleClass.usableID(registry.tagClassID) else { return }
        context.set(.vehicleClass, id)
        context.set(.vehicleClass, side: Step.source, "registry")
        context.set(.vehicleClass, side: "name", VehicleClass.named(id).name)
        context.session[.vehicleClass, side: "npci"] = VehicleClass.usableID(registry.npciClassID).map(JSONValue.string)
        context.session[.vehicleClass, side: "type"] = registry.classType.map(JSONValue.string)
        forgetTagOfOtherClass(&context)
    }

    /// A barcode chosen for another class (before the vehicle was changed) no longer fits:
    /// the serial is asked again. The same class keeps it.
    static func forgetTagOfOtherClass(_ context: inout StepContext) {
        guard let chosenFor = context.session[.serial, side: "class"],
            chosenFor != context.session[.vehicleClass]
        else { return }
        flow.clear([.serial], in: &context.session)
    }

    /// The session's class as chosen or given; nil before it is known.
    static func vehicleClass(_ session: Session) -> VehicleClass? {
        guard let id = session[.vehicleClass]?.stringValue else { return nil }
        return VehicleClass(id: id, name: session[.vehicleClass, side: "name"]?.stringValue ?? "")
    }

    /// The class as sent to the provider: the registry's values where it gave them, the
    /// known class's otherwise.
    static func classSent(_ session: Session) -> ClassSent {
        let id = session[.vehicleClass]?.stringValue ?? ""
        let known = VehicleClass.known.first { $0.vehicleClass.id == id }
        let registryType = session[.userOTP, side: "type"]?.stringValue
        return ClassSent(
            tagClassID: id, npciClassID: session[.vehicleClass, side: "npci"]?.stringValue ?? id,
            type: session[.vehicleClass, side: "type"]?.stringValue ?? known?.type ?? "LMV",
            vehicleType: registryType ?? known?.vehicleType ?? session[.vehicleClass, side: "name"]?.stringValue
                ?? "Motor Car")
    }
}

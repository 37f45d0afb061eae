import FastagBot

extension AssignScript {
    /// Against the sandbox, for the demo agent: a vehicle the registry does not know (an odd
    /// last digit), so that maker, model and descriptor are asked.
    package static func sandbox(vehicle: String = "MH12AB1235") -> AssignScript {
        AssignScript(
            plans: SandboxCatalog.plans, makers: SandboxCatalog.makers, models: SandboxCatalog.toyotaModels,
            descriptors: SandboxCatalog.descriptors, customerOTP: SandboxCatalog.customerOTP,
            barcode: "608268-001-0023456", wallet: "₹4,500", fastags: 9, vehicle: vehicle)
    }

    /// Against the fake Shauryapay, for an agent whose figures are its wallet and its four
    /// barcodes. The registry knows a vehicle number with an even last digit.
    package static func fakeShauryapay(vehicle: String = "MH12AB1235") -> AssignScript {
        let known = FakeShauryapay.registryKnows(vehicle)
        return AssignScript(
            plans: FakeShauryapay.plans.map(\.name), makers: known ? [] : FakeShauryapay.makers,
            models: FakeShauryapay.models["TOYOTA"] ?? [], descriptors: FakeShauryapay.descriptors,
            customerOTP: FakeShauryapay.customerOTP, barcode: FakeShauryapay.initialBarcodes[1], wallet: "₹4,500",
            fastags: 3, vehicle: vehicle, tagPhoto: true)
    }

    /// Against the sandbox, for one of its demo vehicles (`VehicleCatalog.demoVehicles`),
    /// which the registry knows in full, with a demo tag of its class. The classless one's
    /// class is asked, and the agent picks `classAsked`.
    package static func sandboxDemo(_ vehicle: SandboxCatalog.DemoVehicle, classAsked: String? = nil) -> AssignScript {
        var script = sandbox(vehicle: vehicle.number)
        script.makers = []
        (script.maker, script.model, script.descriptor) = (vehicle.maker, vehicle.model, vehicle.descriptor)
        script.barcode = vehicle.barcode
        script.vehicleClass = vehicle.vehicleClass
        if let classAsked { script.classAsked = (Copy.sandboxClasses, classAsked) }
        return script
    }
}

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
}

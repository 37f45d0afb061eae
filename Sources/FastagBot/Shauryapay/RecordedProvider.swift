/// One call to the provider as the console shows it: which call, for which session, how it
/// went and how long it took. Never the request or the answer: they carry customers' details.
package struct ProviderCall: Sendable, Equatable {
    package var sessionID: String?
    package var call: String
    package var failed: Bool
    /// `rejected` or `unavailable` (the kind of `ProviderError`, not its words).
    package var error: String?
    package var latencyMilliseconds: Int64
    package var at: Int64
}

/// Where provider calls are kept (the database: `provider_calls`).
package protocol ProviderCallLog: Sendable {
    func record(_ call: ProviderCall) async
}

/// The session whose step is calling the provider, set by the engine around a step's code,
/// so that the provider's signature needs no session of ours.
package enum ProviderCallContext {
    @TaskLocal package static var sessionID: String?
}

/// A `FastagProvider` that records every call it passes on (`ProviderCallLog`): the
/// console's failures by call and Shauryapay's latency come from these records.
struct RecordedProvider: FastagProvider {
    let inner: any FastagProvider
    let log: any ProviderCallLog
    let time: any TimeSource

    private func timed<T: Sendable>(_ call: String, _ body: () async throws(ProviderError) -> T)
        async throws(ProviderError) -> T
    {
        let started = ContinuousClock.now
        let result: Result<T, ProviderError>
        do throws(ProviderError) {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        let elapsed = ContinuousClock.now - started
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        var error: String?
        if case .failure(let failure) = result {
            switch failure {
            case .rejected: error = "rejected"
            case .unavailable: error = "unavailable"
            }
        }
        await log.record(
            ProviderCall(
                sessionID: ProviderCallContext.sessionID, call: call, failed: error != nil, error: error,
                latencyMilliseconds: max(milliseconds, 0), at: time.nowMilliseconds()))
        return try result.get()
    }

    func sendCustomerOTP(_ agent: ProviderAgent, vehicleNumber: String, mobile: String) async throws(ProviderError)
        -> ProviderSession
    {
        try await timed("sendCustomerOTP") { () async throws(ProviderError) in
            try await inner.sendCustomerOTP(agent, vehicleNumber: vehicleNumber, mobile: mobile)
        }
    }

    func validateCustomerOTP(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, otp: String)
        async throws(ProviderError) -> RegistryVehicle
    {
        try await timed("validateCustomerOTP") { () async throws(ProviderError) in
            try await inner.validateCustomerOTP(agent, session: session, vehicleNumber: vehicleNumber, otp: otp)
        }
    }

    func plans(_ agent: ProviderAgent) async throws(ProviderError) -> [Plan] {
        try await timed("plans") { () async throws(ProviderError) in try await inner.plans(agent) }
    }

    func createWallet(_ agent: ProviderAgent, session: ProviderSession, customer: CustomerDetails)
        async throws(ProviderError)
    {
        try await timed("createWallet") { () async throws(ProviderError) in
            try await inner.createWallet(agent, session: session, customer: customer)
        }
    }

    func uploadDocument(_ agent: ProviderAgent, session: ProviderSession, kind: Document.Kind, image: ImageData)
        async throws(ProviderError)
    {
        try await timed("uploadDocument") { () async throws(ProviderError) in
            try await inner.uploadDocument(agent, session: session, kind: kind, image: image)
        }
    }

    func availableBarcodes(_ agent: ProviderAgent) async throws(ProviderError) -> [AvailableTag] {
        try await timed("availableBarcodes") { () async throws(ProviderError) in
            try await inner.availableBarcodes(agent)
        }
    }

    func vehicleClasses() async throws(ProviderError) -> [VehicleClass] {
        try await timed("vehicleClasses") { () async throws(ProviderError) in try await inner.vehicleClasses() }
    }

    func makers(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String) async throws(ProviderError)
        -> [String]
    {
        try await timed("makers") { () async throws(ProviderError) in
            try await inner.makers(agent, session: session, vehicleNumber: vehicleNumber)
        }
    }

    func models(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, maker: String)
        async throws(ProviderError) -> [String]
    {
        try await timed("models") { () async throws(ProviderError) in
            try await inner.models(agent, session: session, vehicleNumber: vehicleNumber, maker: maker)
        }
    }

    func descriptors() async throws(ProviderError) -> [String] {
        try await timed("descriptors") { () async throws(ProviderError) in try await inner.descriptors() }
    }

    func setVehicleDetails(_ agent: ProviderAgent, session: ProviderSession, vehicle: VehicleDetails)
        async throws(ProviderError)
    {
        try await timed("setVehicleDetails") { () async throws(ProviderError) in
            try await inner.setVehicleDetails(agent, session: session, vehicle: vehicle)
        }
    }

    func activate(_ agent: ProviderAgent, session: ProviderSession, activation: ProviderActivation)
        async throws(ProviderError)
    {
        try await timed("activate") { () async throws(ProviderError) in
            try await inner.activate(agent, session: session, activation: activation)
        }
    }

    func sendReplacementOTP(_ agent: ProviderAgent, replacement: Replacement) async throws(ProviderError)
        -> ProviderSession
    {
        try await timed("sendReplacementOTP") { () async throws(ProviderError) in
            try await inner.sendReplacementOTP(agent, replacement: replacement)
        }
    }

    func validateReplacementOTP(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, otp: String)
        async throws(ProviderError)
    {
        try await timed("validateReplacementOTP") { () async throws(ProviderError) in
            try await inner.validateReplacementOTP(agent, session: session, vehicleNumber: vehicleNumber, otp: otp)
        }
    }

    func figures(_ agent: ProviderAgent) async throws(ProviderError) -> AgentFigures {
        try await timed("figures") { () async throws(ProviderError) in try await inner.figures(agent) }
    }
}

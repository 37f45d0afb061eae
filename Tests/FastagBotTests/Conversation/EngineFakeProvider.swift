import Synchronization
import TestKit

@testable import FastagBot

/// A `FastagProvider` that records every call and answers from a script.
final class EngineFakeProvider: FastagProvider {
    struct Script {
        var registry: [String: RegistryVehicle] = [:]
        var plans = [
            Plan(id: "P400", name: "400 Plan", amountPaise: 40_000),
            Plan(id: "P500", name: "500 Plan", amountPaise: 50_000),
        ]
        var barcodes = ["608268-001-0012345", "608268-001-0016789", "608268-001-0026789"]
        /// The vehicle class of each barcode (`mapper_vehicle_class`); unlisted ones are cars.
        var barcodeClasses: [String: String?] = [:]
        var vehicleClasses = VehicleClass.known.map(\.vehicleClass)
        var makers = ["MARUTI", "TOYOTA", "TATA", "HYUNDAI"]
        var models = [
            "TOYOTA": ["CAMRY", "COROLLA", "INNOVA"], "MARUTI": ["SWIFT", "DZIRE"], "TATA": ["NEXON"],
            "HYUNDAI": ["I20", "CRETA"],
        ]
        var descriptors = ["Petrol", "Diesel", "CNG", "Electric", "Hybrid"]
        var figures = AgentFigures(walletPaise: 125_050, fastagsLeft: 7)
        /// Failures to throw, per call name, first in first out.
        var failures: [String: [ProviderError]] = [:]
        /// Calls that wait for `release` before answering.
        var holds: Set<String> = []
        var waiting: [String: CheckedContinuation<Void, Never>] = [:]
        var sessionCounter = 0
    }

    /// The customer OTP it accepts.
    static let customerOTP = "123456"

    static let complete = RegistryVehicle(
        maker: "TOYOTA", model: "INNOVA", descriptor: "Diesel", colour: "WHITE", vehicleType: "Motor Car",
        chassisNumber: "MA3ERLF1S00123456", stateOfRegistration: "MH", tagClassID: "4", npciClassID: "4",
        classType: "LMV")
    /// What the registry says of a vehicle not scripted: nothing but its class, a car's.
    static let carOnly = RegistryVehicle(tagClassID: "4")

    private let state = Mutex(Script())
    private let log = Mutex<[ProviderCall]>([])

    var calls: [ProviderCall] { log.withLock { $0 } }
    func calls(_ name: String) -> [ProviderCall] { calls.filter { $0.name == name } }
    /// The arguments of each call named `name`, in order.
    func arguments(_ name: String) -> [[String: String]] { calls(name).map(\.arguments) }
    func clearCalls() { log.withLock { $0 = [] } }

    func script(_ change: (inout Script) -> Void) { state.withLock { change(&$0) } }

    /// The next call named `name` throws `error`.
    func fail(_ name: String, with error: ProviderError) {
        state.withLock { $0.failures[name, default: []].append(error) }
    }

    /// The next call named `name` waits until `release(name)`.
    func hold(_ name: String) { _ = state.withLock { $0.holds.insert(name) } }

    /// Waits until a held call named `name` is waiting.
    func waitUntilHeld(_ name: String) async -> Bool {
        await eventually { isWaiting(name) }
    }

    func isWaiting(_ name: String) -> Bool { state.withLock { $0.waiting[name] != nil } }

    func release(_ name: String) {
        let continuation = state.withLock { $0.waiting.removeValue(forKey: name) }
        continuation?.resume()
    }

    private func record(_ name: String, _ arguments: [String: String] = [:]) async throws(ProviderError) {
        log.withLock { $0.append(ProviderCall(name, arguments)) }
        let held = state.withLock { $0.holds.remove(name) != nil }
        if held {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                state.withLock { $0.waiting[name] = continuation }
            }
        }
        let failure = state.withLock { script -> ProviderError? in
            guard var queue = script.failures[name], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            script.failures[name] = queue
            return first
        }
        if let failure { throw failure }
    }

    private func newSession() -> ProviderSession {
        let number = state.withLock { script in
            script.sessionCounter += 1
            return script.sessionCounter
        }
        return ProviderSession(requestID: "REQ-\(number)", sessionID: "SES-\(number)")
    }

    /// Records a call made for `agent` (in `session`, when there is one) with `arguments`.
    private func record(
        _ name: String, _ agent: ProviderAgent, _ session: ProviderSession? = nil, _ arguments: [String: String] = [:]
    ) async throws(ProviderError) {
        var all = arguments
        all["agent"] = agent.providerID
        if let session { all["session"] = session.sessionID }
        try await record(name, all)
    }

    func sendCustomerOTP(_ agent: ProviderAgent, vehicleNumber: String, mobile: String) async throws(ProviderError)
        -> ProviderSession
    {
        try await record("sendCustomerOTP", agent, nil, ["vehicle": vehicleNumber, "mobile": mobile])
        return newSession()
    }

    func validateCustomerOTP(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, otp: String)
        async throws(ProviderError) -> RegistryVehicle
    {
        try await record("validateCustomerOTP", agent, session, ["vehicle": vehicleNumber, "otp": otp])
        guard otp == Self.customerOTP else { throw .rejected("Invalid OTP. Please check and try again.") }
        return state.withLock { $0.registry[vehicleNumber] } ?? Self.carOnly
    }

    func plans(_ agent: ProviderAgent) async throws(ProviderError) -> [Plan] {
        try await record("plans", agent)
        return state.withLock { $0.plans }
    }

    func createWallet(_ agent: ProviderAgent, session: ProviderSession, customer: CustomerDetails)
        async throws(ProviderError)
    {
        try await record(
            "createWallet", agent, session,
            [
                "first": customer.firstName, "last": customer.lastName, "dob": customer.dateOfBirth.description,
                "idType": customer.idType.rawValue, "idNumber": customer.idNumber,
                "idExpiry": customer.idExpiry?.description ?? "", "plan": customer.planID,
                "vehicle": customer.vehicleNumber, "mobile": customer.mobile,
            ])
    }

    func uploadDocument(_ agent: ProviderAgent, session: ProviderSession, kind: Document.Kind, image: ImageData)
        async throws(ProviderError)
    {
        try await record("uploadDocument", agent, session, ["kind": kind.rawValue, "bytes": "\(image.bytes.count)"])
    }

    func availableBarcodes(_ agent: ProviderAgent) async throws(ProviderError) -> [AvailableTag] {
        try await record("availableBarcodes", agent)
        return state.withLock { script in
            script.barcodes.map { AvailableTag(barcode: $0, vehicleClass: script.barcodeClasses[$0] ?? "4") }
        }
    }

    func vehicleClasses() async throws(ProviderError) -> [VehicleClass] {
        try await record("vehicleClasses")
        return state.withLock { $0.vehicleClasses }
    }

    func makers(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String) async throws(ProviderError)
        -> [String]
    {
        try await record("makers", agent, session, ["vehicle": vehicleNumber])
        return state.withLock { $0.makers }
    }

    func models(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, maker: String)
        async throws(ProviderError) -> [String]
    {
        try await record("models", agent, session, ["vehicle": vehicleNumber, "maker": maker])
        return state.withLock { $0.models[maker] ?? [] }
    }

    func descriptors() async throws(ProviderError) -> [String] {
        try await record("descriptors")
        return state.withLock { $0.descriptors }
    }

    func setVehicleDetails(_ agent: ProviderAgent, session: ProviderSession, vehicle: VehicleDetails)
        async throws(ProviderError)
    {
        try await record(
            "setVehicleDetails", agent, session,
            [
                "vehicle": vehicle.vehicleNumber, "maker": vehicle.maker, "model": vehicle.model,
                "descriptor": vehicle.descriptor, "class": vehicle.vehicleClass.tagClassID,
                "npci": vehicle.vehicleClass.npciClassID, "type": vehicle.vehicleClass.type,
                "vehicleType": vehicle.vehicleClass.vehicleType,
            ])
    }

    func activate(_ agent: ProviderAgent, session: ProviderSession, activation: ProviderActivation)
        async throws(ProviderError)
    {
        try await record(
            "activate", agent, session,
            [
                "vehicle": activation.vehicleNumber, "barcode": activation.barcode, "plan": activation.planID,
                "amount": activation.planAmountPaise.map { "\($0)" } ?? "", "class": activation.vehicleClass.tagClassID,
                "npci": activation.vehicleClass.npciClassID,
            ])
    }

    func sendReplacementOTP(_ agent: ProviderAgent, replacement: Replacement) async throws(ProviderError)
        -> ProviderSession
    {
        try await record(
            "sendReplacementOTP", agent, nil,
            [
                "vehicle": replacement.vehicleNumber, "mobile": replacement.mobile, "barcode": replacement.barcode,
                "reason": replacement.reason.rawValue, "description": replacement.description,
            ])
        return newSession()
    }

    func validateReplacementOTP(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, otp: String)
        async throws(ProviderError)
    {
        try await record("validateReplacementOTP", agent, session, ["vehicle": vehicleNumber, "otp": otp])
        guard otp == Self.customerOTP else { throw .rejected("Invalid OTP. Please check and try again.") }
    }

    func figures(_ agent: ProviderAgent) async throws(ProviderError) -> AgentFigures {
        try await record("figures", agent)
        return state.withLock { $0.figures }
    }
}

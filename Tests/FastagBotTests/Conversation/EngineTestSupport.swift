import Foundation
import Synchronization
import Testing

@testable import FastagBot

// Test doubles for the conversation engine: a store in memory, a scripted provider, an SMS
// gateway that keeps the codes, and a harness that drives one chat. No sockets, no database.

// MARK: - Values the product builds from database rows

extension Agent {
    /// An agent as the `agents` table would hold it.
    static func engineTest(
        id: Int64, firstName: String, lastName: String = "", mobile: String, status: Status = .active,
        walletPaise: Int64 = 100_000, fastagsLeft: Int64 = 5
    ) -> Agent {
        Agent(
            id: id, firstName: firstName, lastName: lastName, mobile: mobile, shauryapayAgentID: "SP-\(id)",
            status: status, walletBalancePaise: walletPaise, fastagsLeft: fastagsLeft, createdAt: 0, updatedAt: 0)
    }
}

extension Document {
    /// A document row for an image stored in memory.
    static func engineTest(id: Int64, sessionID: String, kind: Kind, image: ImageData, now: Int64) -> Document {
        let digest = Crypto.hex(Crypto.sha256(image.bytes))
        return Document(
            id: id, sessionID: sessionID, vehicleID: nil, kind: kind, sha256: digest, mimeType: image.mimeType,
            sizeBytes: image.bytes.count, storedPath: "documents/\(digest).\(image.fileExtension)",
            uploadedToProviderAt: nil, createdAt: now)
    }
}

// MARK: - Store

/// `ConversationStore` in memory, with the rules of the SQLite one: one open session per
/// chat, saving an unknown session fails, `complete` only completes an open session.
actor EngineMemoryStore: ConversationStore {
    enum Failure: Error, Equatable {
        case notFound(String)
        case duplicateOpenSession(String)
        case duplicateID(String)
    }

    private(set) var sessions: [String: Session] = [:]
    private(set) var agents: [Int64: Agent] = [:]
    private(set) var otps: [Int64: AgentOTP] = [:]
    private(set) var documents: [Int64: (document: Document, image: ImageData)] = [:]
    private(set) var records: [CompletionRecord] = []
    private(set) var completeCalls = 0
    private var nextDocumentID: Int64 = 1

    init(agents: [Agent]) {
        for agent in agents { self.agents[agent.id] = agent }
    }

    func put(_ agent: Agent) { agents[agent.id] = agent }

    func allSessions() -> [Session] { sessions.values.sorted { $0.createdAt < $1.createdAt } }

    // MARK: Sessions

    func session(_ id: String) async throws -> Session? { sessions[id] }

    func openSession(channel: Session.Channel, chatID: String) async throws -> Session? {
        sessions.values.first { $0.channel == channel && $0.chatID == chatID && $0.status == .open }
    }

    func insert(_ session: Session, delivering delivery: Delivery?) async throws {
        var copy = sessions
        try insert(session, into: &copy)
        sessions = copy
        if let delivery { deliveries.append(delivery) }
    }

    func save(_ session: Session, delivering delivery: Delivery?) async throws {
        var copy = sessions
        try save(session, into: &copy)
        sessions = copy
        markUploads(of: session)
        if let delivery { deliveries.append(delivery) }
    }

    func deliver(_ delivery: Delivery, error: String?) async throws {
        deliveries.append(delivery)
    }

    func replace(_ old: Session, with successor: Session) async throws {
        var copy = sessions
        try save(old, into: &copy)
        try insert(successor, into: &copy)
        sessions = copy
    }

    func complete(_ session: Session, successor: Session, record: CompletionRecord, delivering delivery: Delivery?)
        async throws -> Bool
    {
        completeCalls += 1
        guard sessions[session.id]?.status == .open else { return false }
        var copy = sessions
        try save(session, into: &copy)
        try insert(successor, into: &copy)
        sessions = copy
        records.append(record)
        if let delivery { deliveries.append(delivery) }
        return true
    }

    /// Replies the engine queued for chats.
    private(set) var deliveries: [Delivery] = []

    private func insert(_ session: Session, into sessions: inout [String: Session]) throws {
        guard sessions[session.id] == nil else { throw Failure.duplicateID(session.id) }
        if let agentID = session.agentID, agents[agentID] == nil { throw Failure.notFound("agent \(agentID)") }
        try checkOpen(session, in: sessions)
        sessions[session.id] = session
    }

    private func save(_ session: Session, into sessions: inout [String: Session]) throws {
        guard sessions[session.id] != nil else { throw Failure.notFound("session \(session.id)") }
        if let agentID = session.agentID, agents[agentID] == nil { throw Failure.notFound("agent \(agentID)") }
        try checkOpen(session, in: sessions)
        sessions[session.id] = session
    }

    /// The unique index `sessions_open_chat`.
    private func checkOpen(_ session: Session, in sessions: [String: Session]) throws {
        guard session.status == .open, let chat = session.chatID else { return }
        if sessions.values.contains(where: {
            $0.id != session.id && $0.status == .open && $0.channel == session.channel && $0.chatID == chat
        }) {
            throw Failure.duplicateOpenSession(chat)
        }
    }

    // MARK: Agents

    func agent(id: Int64) async throws -> Agent? { agents[id] }

    func agent(mobile: String) async throws -> Agent? { agents.values.first { $0.mobile == mobile } }

    func updateFigures(agentID: Int64, _ figures: AgentFigures) async throws {
        agents[agentID]?.walletBalancePaise = max(figures.walletPaise, 0)
        agents[agentID]?.fastagsLeft = max(figures.fastagsLeft, 0)
    }

    func agentOTP(agentID: Int64) async throws -> AgentOTP? { otps[agentID] }

    func deleteAgentOTP(agentID: Int64) async throws { otps[agentID] = nil }

    // MARK: OTP limits (the rules of OTPLimitStore's SQL)

    private(set) var otpSends: [String: [Int64]] = [:]
    private(set) var otpTries: [String: (attempts: Int, lockedUntil: Int64?)] = [:]

    func issueAgentOTP(_ otp: AgentOTP, subject: OTPSubject, limit: OTPSendLimit, now: Int64) async throws
        -> OTPIssue
    {
        if let until = otpTries[subject.key]?.lockedUntil, until > now { return .locked(until: until) }
        let window = limit.windowSeconds * 1000
        let recent = (otpSends[subject.key] ?? []).filter { $0 > now - window }.sorted()
        if recent.count >= limit.maxSends {
            return .tooManySends(until: recent[recent.count - limit.maxSends] + window)
        }
        otpSends[subject.key] = recent + [now]
        otps[otp.agentID] = otp
        return .issued
    }

    func countOTPAttempt(_ subject: OTPSubject, limit: OTPAttemptLimit, now: Int64) async throws -> OTPAttempt {
        var entry = otpTries[subject.key] ?? (0, nil)
        if let until = entry.lockedUntil, until <= now { entry = (0, nil) }
        if let until = entry.lockedUntil { return .refused(until: until) }
        if limit.lockSeconds == nil, entry.attempts >= limit.maxAttempts { return .refused(until: nil) }
        entry.attempts += 1
        if entry.attempts >= limit.maxAttempts { entry.lockedUntil = limit.lockSeconds.map { now + $0 * 1000 } }
        otpTries[subject.key] = entry
        return .counted(last: entry.attempts >= limit.maxAttempts)
    }

    func uncountOTPAttempt(_ subject: OTPSubject, _ attempt: OTPAttempt) async throws {
        guard case .counted(let last) = attempt, var entry = otpTries[subject.key], entry.attempts > 0 else { return }
        entry.attempts -= 1
        if last { entry.lockedUntil = nil }
        otpTries[subject.key] = entry
    }

    func clearOTPAttempts(_ subject: OTPSubject) async throws { otpTries[subject.key] = nil }

    func lastOTPSend(_ subject: OTPSubject) async throws -> Int64? { otpSends[subject.key]?.max() }

    func customerOTPSent(_ subject: OTPSubject, now: Int64) async throws {
        otpSends[subject.key, default: []].append(now)
        otpTries[subject.key] = nil
    }

    /// Codes tried for `subject` since the last right one.
    func otpAttempts(_ subject: OTPSubject) -> Int { otpTries[subject.key]?.attempts ?? 0 }

    // MARK: Documents

    func saveDocument(_ image: ImageData, kind: Document.Kind, sessionID: String) async throws -> Document {
        guard sessions[sessionID] != nil else { throw Failure.notFound("session \(sessionID)") }
        let document = Document.engineTest(id: nextDocumentID, sessionID: sessionID, kind: kind, image: image, now: 0)
        nextDocumentID += 1
        documents[document.id] = (document, image)
        return document
    }

    func documentImage(id: Int64) async throws -> ImageData? { documents[id]?.image }

    /// Like the SQLite store: an `upload_<kind>` value marks that photo of the session uploaded.
    private func markUploads(of session: Session) {
        for (id, entry) in documents where entry.document.sessionID == session.id {
            if let uploaded = session.data["upload_\(entry.document.kind.rawValue)"]?.intValue {
                documents[id]?.document.uploadedToProviderAt = uploaded
            }
        }
    }
}

// MARK: - Provider

/// One call the engine made to the provider.
struct ProviderCall: Equatable, CustomStringConvertible {
    var name: String
    var arguments: [String: String]

    init(_ name: String, _ arguments: [String: String] = [:]) {
        self.name = name
        self.arguments = arguments
    }

    var description: String {
        "\(name)(\(arguments.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")))"
    }
}

/// A `FastagProvider` that records every call and answers from a script.
final class EngineFakeProvider: FastagProvider {
    struct Script {
        var registry: [String: RegistryVehicle] = [:]
        var plans = [
            Plan(id: "P400", name: "400 Plan", amountPaise: 40_000),
            Plan(id: "P500", name: "500 Plan", amountPaise: 50_000),
        ]
        var barcodes = ["608268-001-0012345", "608268-001-0016789", "608268-001-0026789"]
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

    static let complete = RegistryVehicle(
        maker: "TOYOTA", model: "INNOVA", descriptor: "Diesel", colour: "WHITE", vehicleType: "Motor Car",
        chassisNumber: "MA3ERLF1S00123456", stateOfRegistration: "MH")

    private let state = Mutex(Script())
    private let log = Mutex<[ProviderCall]>([])

    var calls: [ProviderCall] { log.withLock { $0 } }
    func calls(_ name: String) -> [ProviderCall] { calls.filter { $0.name == name } }
    func clearCalls() { log.withLock { $0 = [] } }

    func script(_ change: (inout Script) -> Void) { state.withLock { change(&$0) } }

    /// The next call named `name` throws `error`.
    func fail(_ name: String, with error: ProviderError) {
        state.withLock { $0.failures[name, default: []].append(error) }
    }

    /// The next call named `name` waits until `release(name)`.
    func hold(_ name: String) { _ = state.withLock { $0.holds.insert(name) } }

    /// Waits (up to 5 s) until a held call named `name` is waiting.
    func waitUntilHeld(_ name: String) async -> Bool {
        for _ in 0..<500 {
            if state.withLock({ $0.waiting[name] != nil }) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
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

    private func describe(_ agent: ProviderAgent, _ session: ProviderSession? = nil) -> [String: String] {
        var arguments = ["agent": agent.providerID]
        if let session { arguments["session"] = session.sessionID }
        return arguments
    }

    func sendCustomerOTP(_ agent: ProviderAgent, vehicleNumber: String, mobile: String) async throws(ProviderError)
        -> ProviderSession
    {
        try await record(
            "sendCustomerOTP", describe(agent).merging(["vehicle": vehicleNumber, "mobile": mobile]) { $1 })
        return newSession()
    }

    func validateCustomerOTP(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, otp: String)
        async throws(ProviderError) -> RegistryVehicle
    {
        try await record(
            "validateCustomerOTP", describe(agent, session).merging(["vehicle": vehicleNumber, "otp": otp]) { $1 })
        guard otp == "123456" else { throw .rejected("Invalid OTP. Please check and try again.") }
        return state.withLock { $0.registry[vehicleNumber] } ?? RegistryVehicle()
    }

    func plans(_ agent: ProviderAgent) async throws(ProviderError) -> [Plan] {
        try await record("plans", describe(agent))
        return state.withLock { $0.plans }
    }

    func createWallet(_ agent: ProviderAgent, session: ProviderSession, customer: CustomerDetails)
        async throws(ProviderError)
    {
        try await record(
            "createWallet",
            describe(agent, session).merging([
                "first": customer.firstName, "last": customer.lastName, "dob": customer.dateOfBirth.description,
                "idType": customer.idType.rawValue, "idNumber": customer.idNumber,
                "idExpiry": customer.idExpiry?.description ?? "", "plan": customer.planID,
                "vehicle": customer.vehicleNumber, "mobile": customer.mobile,
            ]) { $1 })
    }

    func uploadDocument(_ agent: ProviderAgent, session: ProviderSession, kind: Document.Kind, image: ImageData)
        async throws(ProviderError)
    {
        try await record(
            "uploadDocument",
            describe(agent, session).merging(["kind": kind.rawValue, "bytes": "\(image.bytes.count)"]) { $1 })
    }

    func availableBarcodes(_ agent: ProviderAgent) async throws(ProviderError) -> [String] {
        try await record("availableBarcodes", describe(agent))
        return state.withLock { $0.barcodes }
    }

    func makers(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String) async throws(ProviderError)
        -> [String]
    {
        try await record("makers", describe(agent, session).merging(["vehicle": vehicleNumber]) { $1 })
        return state.withLock { $0.makers }
    }

    func models(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, maker: String)
        async throws(ProviderError) -> [String]
    {
        try await record("models", describe(agent, session).merging(["vehicle": vehicleNumber, "maker": maker]) { $1 })
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
            "setVehicleDetails",
            describe(agent, session).merging([
                "vehicle": vehicle.vehicleNumber, "maker": vehicle.maker, "model": vehicle.model,
                "descriptor": vehicle.descriptor,
            ]) { $1 })
    }

    func activate(_ agent: ProviderAgent, session: ProviderSession, activation: ProviderActivation)
        async throws(ProviderError)
    {
        try await record(
            "activate",
            describe(agent, session).merging([
                "vehicle": activation.vehicleNumber, "barcode": activation.barcode, "plan": activation.planID,
                "amount": activation.planAmountPaise.map { "\($0)" } ?? "",
            ]) { $1 })
    }

    func sendReplacementOTP(_ agent: ProviderAgent, replacement: Replacement) async throws(ProviderError)
        -> ProviderSession
    {
        try await record(
            "sendReplacementOTP",
            describe(agent).merging([
                "vehicle": replacement.vehicleNumber, "mobile": replacement.mobile, "barcode": replacement.barcode,
                "reason": replacement.reason.rawValue, "description": replacement.description,
            ]) { $1 })
        return newSession()
    }

    func validateReplacementOTP(_ agent: ProviderAgent, session: ProviderSession, vehicleNumber: String, otp: String)
        async throws(ProviderError)
    {
        try await record(
            "validateReplacementOTP", describe(agent, session).merging(["vehicle": vehicleNumber, "otp": otp]) { $1 })
        guard otp == "123456" else { throw .rejected("Invalid OTP. Please check and try again.") }
    }

    func figures(_ agent: ProviderAgent) async throws(ProviderError) -> AgentFigures {
        try await record("figures", describe(agent))
        return state.withLock { $0.figures }
    }
}

// MARK: - SMS

/// Keeps every code it is asked to send.
final class EngineFakeSMS: SMSGateway {
    private let sent = Mutex<[(code: String, mobile: String)]>([])
    private let failNext = Mutex(false)

    var codes: [String] { sent.withLock { $0.map(\.code) } }
    var lastCode: String? { codes.last }
    var mobiles: [String] { sent.withLock { $0.map(\.mobile) } }

    func failNextSend() { failNext.withLock { $0 = true } }

    func sendOTP(_ code: String, to mobile: String) async throws {
        let fail = failNext.withLock { value in
            defer { value = false }
            return value
        }
        if fail { throw CancellationError() }
        sent.withLock { $0.append((code, mobile)) }
    }
}

// MARK: - Harness

/// One engine with its fakes, and a chat driven through it (the session id follows the
/// replies, as a front door's would).
final class EngineHarness {
    static let agentMobile = "9876543210"
    static let start = Date(timeIntervalSince1970: 1_790_000_000)  // 21-09-2026 in India, a Monday

    let store: EngineMemoryStore
    let provider = EngineFakeProvider()
    let sms = EngineFakeSMS()
    let time = ManualTime(EngineHarness.start)
    let engine: ConversationEngine
    let agent: Agent
    var sessionID: String
    var chatID: String

    init(
        agent: Agent = .engineTest(id: 1, firstName: "Ravi", lastName: "Kumar", mobile: EngineHarness.agentMobile),
        otherAgents: [Agent] = [], chatID: String = "chat-1", policy: (inout ConversationPolicy) -> Void = { _ in }
    ) async throws {
        self.agent = agent
        self.chatID = chatID
        store = EngineMemoryStore(agents: [agent] + otherAgents)
        var settings = ConversationPolicy()
        settings.helpLink = "https://help.example"
        policy(&settings)
        engine = ConversationEngine(
            services: ConversationServices(provider: provider, store: store, sms: sms, policy: settings), time: time)
        sessionID = try await engine.session(channel: .whatsapp, chatID: chatID).session.id
    }

    /// Sends one input and follows the reply's session.
    @discardableResult
    func send(_ input: ConversationInput) async throws -> Reply {
        let reply = try await engine.handle(input, sessionID: sessionID)
        sessionID = reply.sessionID
        return reply
    }

    @discardableResult
    func say(_ text: String) async throws -> Reply { try await send(.text(text)) }

    @discardableResult
    func photo() async throws -> Reply { try await send(.image(ImageBytes.jpeg)) }

    /// The stored session the chat is at.
    func stored() async throws -> Session {
        try #require(try await store.session(sessionID))
    }

    /// Logs in with the OTP the fake SMS received; the chat is then at the menu.
    @discardableResult
    func login() async throws -> Reply {
        try await say(Self.agentMobile)
        let code = try #require(sms.lastCode)
        return try await say(code)
    }

    /// From the menu: assign up to (and including) the confirmation, with the given answers.
    struct AssignAnswers {
        var vehicle = "MH12AB1234"
        var engine = "AB123"
        var mobile = "9123456789"
        var first = "Asha"
        var last = "Patil"
        var dob = "05-03-1990"
        var idType = "1"
        var idNumber = "ABCPE1234F"
        var idExpiry: String?
        var plan = "1"
        var serial = "2345"
        var barcode = "1"
        var maker = "TOYOTA"
        var model = "CAMRY"
        var descriptor = "Petrol"
    }

    /// Walks the assign flow from the menu to the confirmation. The registry answers for the
    /// vehicle as scripted; makers, models and descriptors are only answered when asked.
    @discardableResult
    func assignToConfirmation(_ answers: AssignAnswers = AssignAnswers()) async throws -> Reply {
        var reply = try await say("1")
        try #require(reply.step == "vehicle_number", "\(reply.text)")
        for text in [
            answers.vehicle, answers.engine, answers.mobile, "123456", answers.first, answers.last, answers.dob,
        ] {
            reply = try await say(text)
            try #require(!reply.isRefusal, "\(text): \(reply.text)")
        }
        reply = try await say(answers.idType)
        reply = try await say(answers.idNumber)
        if let expiry = answers.idExpiry { reply = try await say(expiry) }
        reply = try await say(answers.plan)
        try #require(reply.step == "doc_rc_front", "\(reply.text)")
        for _ in 0..<5 { reply = try await photo() }
        reply = try await say(answers.serial)
        reply = try await say(answers.barcode)
        if reply.step == "vehicle_maker" { reply = try await say(answers.maker) }
        if reply.step == "vehicle_model" { reply = try await say(answers.model) }
        if reply.step == "vehicle_descriptor" { reply = try await say(answers.descriptor) }
        try #require(reply.step == "confirm", "\(reply.step): \(reply.text)")
        return reply
    }
}

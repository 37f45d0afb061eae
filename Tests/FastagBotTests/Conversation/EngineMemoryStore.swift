@testable import FastagBot

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

    func setLanguage(_ language: Language, agentID: Int64) async throws { agents[agentID]?.language = language }

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

    func saveDocument(
        _ image: ImageData, kind: Document.Kind, sessionID: String, checking check: @escaping @Sendable () async -> Bool
    ) async throws -> Document? {
        guard await check() else { return nil }
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

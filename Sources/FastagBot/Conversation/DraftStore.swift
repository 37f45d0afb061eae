import Synchronization

/// A store that keeps one session's saves in memory and passes everything else on: the
/// photos of a burst are applied one by one as usual, and the session they leave is saved
/// once, with the one reply and every photo's answered mark (`answerPhotos`).
final class DraftStore: ConversationStore {
    private let base: any ConversationStore
    private let draft: Mutex<Session>

    init(base: any ConversationStore, session: Session) {
        self.base = base
        draft = Mutex(session)
    }

    /// The session as the last save left it.
    var session: Session { draft.withLock { $0 } }

    func session(_ id: String) async throws -> Session? {
        let current = session
        return current.id == id ? current : try await base.session(id)
    }

    func openSession(channel: Session.Channel, chatID: String) async throws -> Session? {
        let current = session
        guard current.channel == channel, current.chatID == chatID, current.status == .open else {
            return try await base.openSession(channel: channel, chatID: chatID)
        }
        return current
    }

    func save(_ session: Session, delivering: Delivery?) async throws {
        guard session.id == self.session.id, delivering == nil else {
            return try await base.save(session, delivering: delivering)
        }
        draft.withLock { $0 = session }
    }

    // Everything else is not part of the draft.

    func insert(_ session: Session, delivering: Delivery?) async throws {
        try await base.insert(session, delivering: delivering)
    }
    func replace(_ old: Session, with successor: Session) async throws { try await base.replace(old, with: successor) }
    func deliver(_ delivery: Delivery, error: String?) async throws { try await base.deliver(delivery, error: error) }
    func agent(id: Int64) async throws -> Agent? { try await base.agent(id: id) }
    func agent(mobile: String) async throws -> Agent? { try await base.agent(mobile: mobile) }
    func exclusively<T: Sendable>(_ key: String, _ body: () async throws -> T) async throws -> T {
        // The engine that drafts runs inside the real engine's turn, which holds the session.
        try await body()
    }
    func updateFigures(agentID: Int64, _ figures: AgentFigures) async throws {
        try await base.updateFigures(agentID: agentID, figures)
    }
    func setLanguage(_ language: Language, agentID: Int64) async throws {
        try await base.setLanguage(language, agentID: agentID)
    }
    func agentOTP(agentID: Int64) async throws -> AgentOTP? { try await base.agentOTP(agentID: agentID) }
    func deleteAgentOTP(agentID: Int64) async throws { try await base.deleteAgentOTP(agentID: agentID) }
    func issueAgentOTP(_ otp: AgentOTP, subject: OTPSubject, limit: OTPSendLimit, now: Int64) async throws
        -> OTPIssue
    {
        try await base.issueAgentOTP(otp, subject: subject, limit: limit, now: now)
    }
    func countOTPAttempt(_ subject: OTPSubject, limit: OTPAttemptLimit, now: Int64) async throws -> OTPAttempt {
        try await base.countOTPAttempt(subject, limit: limit, now: now)
    }
    func uncountOTPAttempt(_ subject: OTPSubject, _ attempt: OTPAttempt) async throws {
        try await base.uncountOTPAttempt(subject, attempt)
    }
    func clearOTPAttempts(_ subject: OTPSubject) async throws { try await base.clearOTPAttempts(subject) }
    func lastOTPSend(_ subject: OTPSubject) async throws -> Int64? { try await base.lastOTPSend(subject) }
    func customerOTPSent(_ subject: OTPSubject, now: Int64) async throws {
        try await base.customerOTPSent(subject, now: now)
    }
    func saveDocument(
        _ image: ImageData, kind: Document.Kind, sessionID: String, checking check: @escaping @Sendable () async -> Bool
    ) async throws -> Document? {
        try await base.saveDocument(image, kind: kind, sessionID: sessionID, checking: check)
    }
    func documentImage(id: Int64) async throws -> ImageData? { try await base.documentImage(id: id) }
    func complete(_ session: Session, successor: Session, record: CompletionRecord, delivering: Delivery?)
        async throws -> Bool
    {
        try await base.complete(session, successor: successor, record: record, delivering: delivering)
    }
}

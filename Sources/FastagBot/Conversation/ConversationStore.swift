/// What the engine needs from storage. The engine sees sessions, agents and documents as
/// values; how they are kept (SQLite in the product, memory in tests) is not its business.
protocol ConversationStore: Sendable {
    func session(_ id: String) async throws -> Session?
    func openSession(channel: Session.Channel, chatID: String) async throws -> Session?
    /// Inserts a new session; with a delivery, also queues its first reply and marks the chat
    /// message answered, in the same transaction (a chat's first message creates its session).
    func insert(_ session: Session, delivering: Delivery?) async throws
    /// Saves the session (and marks the photos its `upload_<kind>` values name as uploaded);
    /// with a delivery, also queues the reply for its chat and marks the chat message
    /// answered, in the same transaction (so a chat message is answered
    /// exactly once, even across a crash).
    func save(_ session: Session, delivering: Delivery?) async throws
    /// Saves `old` (now closed) and inserts `successor`, in one transaction.
    func replace(_ old: Session, with successor: Session) async throws
    /// Queues a reply that changes no session (an apology), marking the message answered.
    func deliver(_ delivery: Delivery, error: String?) async throws

    func agent(id: Int64) async throws -> Agent?
    func agent(mobile: String) async throws -> Agent?

    /// Runs `body` while no other replica sharing the store works on `key` (a session or a
    /// chat); the engine already keeps this process's own tasks apart. A store that only one
    /// process uses runs `body` as it is.
    func exclusively<T: Sendable>(_ key: String, _ body: () async throws -> T) async throws -> T
    /// Keeps the provider's latest wallet and FASTag figures on the agent.
    func updateFigures(agentID: Int64, _ figures: AgentFigures) async throws
    /// Keeps the language the agent chose, for every session and front door.
    func setLanguage(_ language: Language, agentID: Int64) async throws

    func agentOTP(agentID: Int64) async throws -> AgentOTP?
    func deleteAgentOTP(agentID: Int64) async throws

    // OTP limits: per mobile number, whatever the session or front door (OTPLimits.swift).

    /// Keeps `otp` (it replaces the agent's previous one) and records its send to `subject`,
    /// in one transaction, unless the subject is locked or its window's sends are used up.
    func issueAgentOTP(_ otp: AgentOTP, subject: OTPSubject, limit: OTPSendLimit, now: Int64) async throws
        -> OTPIssue
    /// Counts one try of a code for `subject` before it is checked, unless no try is left.
    func countOTPAttempt(_ subject: OTPSubject, limit: OTPAttemptLimit, now: Int64) async throws -> OTPAttempt
    /// Takes back a counted try that was not a wrong code (no OTP to check, no provider
    /// answer), with the lock it set if it was the last.
    func uncountOTPAttempt(_ subject: OTPSubject, _ attempt: OTPAttempt) async throws
    /// Forgets the tries of `subject`: a right code, or a new customer OTP.
    func clearOTPAttempts(_ subject: OTPSubject) async throws
    /// When an OTP was last sent to `subject`, if within the last few minutes.
    func lastOTPSend(_ subject: OTPSubject) async throws -> Int64?
    /// Records a new customer OTP sent to `subject` and forgets its tries, in one transaction.
    func customerOTPSent(_ subject: OTPSubject, now: Int64) async throws

    /// Keeps a photo once `check` (whether it decodes whole) passes; nil, keeping nothing,
    /// when it does not. The store may keep the bytes while the check runs.
    func saveDocument(
        _ image: ImageData, kind: Document.Kind, sessionID: String, checking check: @escaping @Sendable () async -> Bool
    ) async throws -> Document?
    func documentImage(id: Int64) async throws -> ImageData?

    /// In one transaction: records what the flow achieved (activation or replacement),
    /// completes `session`, opens `successor` and queues the delivery. Returns false,
    /// changing nothing, when the session was already completed (a repeated "Yes").
    func complete(_ session: Session, successor: Session, record: CompletionRecord, delivering: Delivery?) async throws
        -> Bool
}

extension ConversationStore {
    func insert(_ session: Session) async throws { try await insert(session, delivering: nil) }
}

/// A reply bound for a chat.
struct Delivery: Sendable, Equatable {
    var target: ChatDelivery
    var messages: [BotMessage]
}

/// A login OTP: only its hash is kept.
struct AgentOTP: Sendable, Equatable {
    var agentID: Int64
    var hash: String
    var expiresAt: Int64
    var attempts: Int
    var lastSentAt: Int64
}

/// What a completed flow leaves in the books.
enum CompletionRecord: Sendable, Equatable {
    case activation(ActivationRecord)
    case replacement(ReplacementRecord)
}

struct ActivationRecord: Sendable, Equatable {
    var agentID: Int64
    var vehicleNumber: String
    var engineLast5: String?
    var chassisNumber: String?
    var maker: String?
    var model: String?
    var descriptor: String?
    var colour: String?
    var vehicleType: String?
    var stateOfRegistration: String?
    /// The tag class it was activated for (`4`…).
    var vehicleClass: String?
    var barcode: String
    var customerName: String
    var customerMobile: String
    var plan: String
    var amountPaise: Int64
}

struct ReplacementRecord: Sendable, Equatable {
    var agentID: Int64
    var vehicleNumber: String
    var customerMobile: String
    var barcode: String
    package var reason: String
}

extension ConversationStore {
    func exclusively<T: Sendable>(_ key: String, _ body: () async throws -> T) async throws -> T {
        try await body()
    }
}

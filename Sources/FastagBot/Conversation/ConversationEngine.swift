import Foundation

/// Runs every flow for every front door. One input at a time per session (others wait
/// their turn); different sessions run in parallel. An input is applied to a copy of the
/// session, together with the automatic steps it leads to, and saved when all of it
/// succeeds: a provider failure leaves the session exactly where it was, unless a fact
/// (`Step.fact`) or an automatic step succeeded first; that is saved, and a retry resumes.
final class ConversationEngine: Sendable {
    /// Why an input could not be applied at all to a session (the step API answers these
    /// with 4xx: `API/EngineError+HTTP.swift`).
    enum EngineError: Error, Equatable, Sendable {
        case unknownSession(String)
        /// The session is completed, expired or cancelled; `successor` continues it, if any.
        case closed(session: String, status: Session.Status, successor: String?)
        /// A step endpoint was called while the session is at another step.
        case wrongStep(session: String, current: StepName, flow: FlowName)
        /// The session is a chat's (WhatsApp, Interakt): only that chat answers it.
        case otherChannel(session: String, channel: Session.Channel)
    }

    let services: ConversationServices
    let time: any TimeSource
    let flows: [FlowName: Flow]
    let locks = KeyedLocks()

    init(services: ConversationServices, time: any TimeSource) {
        self.services = services
        self.time = time
        flows = Dictionary(uniqueKeysWithValues: Flow.all(photos: services.policy.documentPhotos).map { ($0.name, $0) })
    }

    var store: any ConversationStore { services.store }

    // MARK: - Sessions

    /// The open session of a chat, created (at the login, or, when the sender may be
    /// trusted, at the menu) when there is none. `created` tells which.
    func session(channel: Session.Channel, chatID: String, senderMobile: String? = nil) async throws -> (
        session: Session, created: Bool
    ) {
        try await exclusively("chat:\(channel.rawValue):\(chatID)") {
            if let open = try await store.openSession(channel: channel, chatID: chatID) { return (open, false) }
            let context = try await newChat(channel: channel, chatID: chatID, senderMobile: senderMobile)
            try await store.insert(context.session)
            return (context.session, true)
        }
    }

    /// Starts a new login for a step-API caller, closing the caller's previous session (in
    /// the same write that opens the new one).
    func startLogin(chatID: String) async throws -> Session {
        try await exclusively("chat:api:\(chatID)") {
            let session = Session(
                id: RandomID.uuid(), channel: .api, chatID: chatID, flow: .login, step: .agentMobile,
                now: time.nowMilliseconds())
            try await open(session, inAPIChat: chatID)
            return session
        }
    }

    /// Stores `session` as the open session of the step-API chat `chatID`, cancelling the
    /// chat's previous one in the same write. Called under the chat's lock.
    func open(_ session: Session, inAPIChat chatID: String) async throws {
        guard let open = try await store.openSession(channel: .api, chatID: chatID) else {
            try await store.insert(session)
            return
        }
        // Under that session's own lock, so an input being applied to it finishes first.
        try await exclusively("session:\(open.id)") {
            guard var current = try await store.session(open.id), current.status == .open else {
                try await store.insert(session)
                return
            }
            current.status = .cancelled
            current.updatedAt = session.createdAt
            try await store.replace(current, with: session)
        }
    }

    /// The open session of a step-API caller (by the mobile number it logged in with).
    func session(forAPIChat chatID: String) async throws -> String? {
        try await store.openSession(channel: .api, chatID: chatID)?.id
    }

    /// The current question again (a new chat's greeting).
    func prompt(sessionID: String, delivery target: ChatDelivery? = nil) async throws -> Reply {
        try await exclusively("session:\(sessionID)") {
            let session = try await openSession(sessionID)
            let agent = try await agentOf(session)
            var context = StepContext(session: session, agent: agent, services: services, now: time.nowMilliseconds())
            if let step = flow(session).step(named: session.stepName), let prepare = step.prepare {
                try? await prepare(&context)
            }
            return try await finish(context, refusal: false, target)
        }
    }

    /// Answers a chat message that could not be handled with an apology (and marks it answered).
    func apologize(delivery target: ChatDelivery, error: String) async throws {
        let said = Rendering.reply(BotMessage(Messages.apology), in: await language(of: target))
        try await store.deliver(Delivery(target: target, messages: said.messages), error: error)
    }

    // MARK: - Helpers

    /// One input at a time per key (a session, a chat): this process's tasks wait in turn
    /// for its in-memory lock, and the store keeps other replicas out.
    func exclusively<T: Sendable>(_ key: String, _ body: () async throws -> T) async throws -> T {
        try await locks.withLock(key) { try await store.exclusively(key, body) }
    }

    func flow(_ session: Session) -> Flow {
        flows[session.flowName] ?? LoginFlow.flow
    }

    func openSession(_ id: String) async throws -> Session {
        guard let session = try await store.session(id) else { throw EngineError.unknownSession(id) }
        guard session.status == .open else {
            var successor: String?
            if let chatID = session.chatID,
                let open = try await store.openSession(channel: session.channel, chatID: chatID)
            {
                successor = open.id
            }
            throw EngineError.closed(session: id, status: session.status, successor: successor)
        }
        return session
    }

    func agentOf(_ session: Session) async throws -> Agent? {
        guard let id = session.agentID else { return nil }
        return try await store.agent(id: id)
    }
}

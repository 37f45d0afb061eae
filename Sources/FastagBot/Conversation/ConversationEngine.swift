import Foundation

/// Runs every flow for every front door. One input at a time per session (others wait
/// their turn); different sessions run in parallel. An input is applied to a copy of the
/// session, together with the automatic steps it leads to, and saved only when all of it
/// succeeds: a provider failure leaves the session exactly where it was.
public final class ConversationEngine: Sendable {
    /// Why an input could not be applied at all (the step API answers these with 4xx).
    public enum EngineError: Error, Equatable, Sendable {
        case unknownSession(String)
        /// The session is completed, expired or cancelled; `successor` continues it, if any.
        case closed(status: Session.Status, successor: String?)
        /// A step endpoint was called while the session is at another step.
        case wrongStep(current: String, flow: String)
        /// The session is a chat's (WhatsApp, Interakt): only that chat answers it.
        case otherChannel(Session.Channel)
    }

    /// Words that work at every step (CONVERSATION.md section 4).
    enum GlobalWord: String {
        case menu, cancel, back, help, resend, logout
    }

    let services: ConversationServices
    let time: any TimeSource
    private let flows: [String: Flow]
    let locks = KeyedLocks()

    init(services: ConversationServices, time: any TimeSource) {
        self.services = services
        self.time = time
        flows = Dictionary(
            uniqueKeysWithValues: [LoginFlow.flow, LoginFlow.menu, AssignFlow.flow, ReplaceFlow.flow].map {
                ($0.name, $0)
            })
    }

    var store: any ConversationStore { services.store }

    // MARK: - Sessions

    /// The open session of a chat, created (at the login, or, when the sender may be
    /// trusted, at the menu) when there is none. `created` tells which.
    public func session(channel: Session.Channel, chatID: String, senderMobile: String? = nil) async throws -> (
        session: Session, created: Bool
    ) {
        try await locks.withLock("chat:\(channel.rawValue):\(chatID)") {
            if let open = try await store.openSession(channel: channel, chatID: chatID) { return (open, false) }
            let context = try await newChat(channel: channel, chatID: chatID, senderMobile: senderMobile)
            try await store.insert(context.session)
            return (context.session, true)
        }
    }

    /// Starts a new login for a step-API caller, closing the caller's previous session (in
    /// the same write that opens the new one).
    public func startLogin(chatID: String) async throws -> Session {
        try await locks.withLock("chat:api:\(chatID)") {
            let now = time.nowMilliseconds()
            let session = Session(
                id: RandomID.uuid(), channel: .api, chatID: chatID, flow: "login", state: "agent_mobile",
                now: now)
            guard let open = try await store.openSession(channel: .api, chatID: chatID) else {
                try await store.insert(session)
                return session
            }
            // Under that session's own lock, so an input being applied to it finishes first.
            try await locks.withLock(open.id) {
                guard var current = try await store.session(open.id), current.status == .open else {
                    try await store.insert(session)
                    return
                }
                current.status = .cancelled
                current.updatedAt = now
                try await store.replace(current, with: session)
            }
            return session
        }
    }

    /// The open session of a step-API caller (by the mobile number it logged in with).
    public func session(forAPIChat chatID: String) async throws -> String? {
        try await store.openSession(channel: .api, chatID: chatID)?.id
    }

    /// The current question again (a new chat's greeting).
    public func prompt(sessionID: String, delivery target: ChatDelivery? = nil) async throws -> Reply {
        try await locks.withLock(sessionID) {
            let session = try await openSession(sessionID)
            let agent = try await agentOf(session)
            var context = StepContext(session: session, agent: agent, services: services, now: time.nowMilliseconds())
            if let step = flow(session).step(named: session.state), let prepare = step.prepare {
                try? await prepare(&context)
            }
            return try await finish(context, refusal: false, target)
        }
    }

    /// Answers a chat message that could not be handled with an apology (and marks it answered).
    public func apologize(delivery target: ChatDelivery, error: String) async throws {
        try await store.deliver(Delivery(target: target, messages: [BotMessage(Messages.apology)]), error: error)
    }

    // MARK: - Inputs

    /// Applies inputs in order to one session, each checked against the steps it may
    /// answer (`nil`: any). Throws `EngineError.wrongStep` when the first input does not fit
    /// the session's step. The inputs are answered together or not at all: a refusal of
    /// any of them (a bad value, a provider failure) leaves the session where the first
    /// found it, so that the same inputs can be sent again. With `channel`, a session of
    /// another channel is refused (`EngineError.otherChannel`) before anything is applied.
    public func handle(
        _ inputs: [(input: ConversationInput, steps: Set<String>?)], sessionID: String,
        channel: Session.Channel? = nil, delivery target: ChatDelivery? = nil
    ) async throws -> Reply {
        try await locks.withLock(sessionID) {
            var reply: Reply?
            var currentID = sessionID
            var original: Session?
            for (index, item) in inputs.enumerated() {
                let session = try await openSession(currentID)
                if let channel, session.channel != channel { throw EngineError.otherChannel(session.channel) }
                if index == 0 { original = session }
                if let steps = item.steps, !steps.contains(session.state) {
                    if index == 0 { throw EngineError.wrongStep(current: session.state, flow: session.flow) }
                    break
                }
                // Only the last input's answer goes to the chat (a chat sends one input at a time).
                let next = try await apply(item.input, to: session, index == inputs.count - 1 ? target : nil)
                reply = next
                currentID = next.sessionID
                if next.isRefusal {
                    if index > 0, let original, let reason = next.reason,
                        try await canUndo(to: original, from: session)
                    {
                        // Only step-API bodies carry several inputs; they have no chat to deliver to.
                        reply = try await refuse(
                            original, agent: try await agentOf(original), now: time.nowMilliseconds(), reason, nil)
                    }
                    break
                }
            }
            guard let reply else {
                // No input at all answers no step: the session's own step is still to answer.
                let session = try await openSession(sessionID)
                throw EngineError.wrongStep(current: session.state, flow: session.flow)
            }
            return reply
        }
    }

    /// Whether `session` may be put back to `original`: the same session and flow, and no
    /// provider call that cannot be undone (wallet creation, activation) done in between.
    private func canUndo(to original: Session, from session: Session) async throws -> Bool {
        guard session.id == original.id, session.flow == original.flow, session.status == .open else { return false }
        return !flow(original).steps.contains { $0.irreversible && !$0.isDone(original) && $0.isDone(session) }
    }

    /// Applies one input to a session (of `channel`, when given).
    public func handle(_ input: ConversationInput, sessionID: String, channel: Session.Channel? = nil)
        async throws -> Reply
    {
        try await handle([(input, nil)], sessionID: sessionID, channel: channel)
    }

    /// Where a session stands (flow, step), for callers that route by step.
    public func position(sessionID: String) async throws -> (flow: String, step: String) {
        let session = try await openSession(sessionID)
        return (session.flow, session.state)
    }

    private func apply(_ input: ConversationInput, to session: Session, _ target: ChatDelivery?) async throws -> Reply {
        let now = time.nowMilliseconds()
        let agent = try await agentOf(session)
        let policy = services.policy
        if session.authenticatedAt != nil, agent?.status != .active {
            // An operator deactivated the agent: the login ends now, not when it would expire.
            return try await restart(
                session, agent: nil, status: .cancelled, note: Messages.agentInactive, now: now, target)
        }
        if let authenticated = session.authenticatedAt, now - authenticated > policy.loginLifetimeSeconds * 1000 {
            return try await restart(
                session, agent: nil, status: .expired, note: Messages.loginExpired, now: now, target)
        }
        if session.flow != "menu", now - session.lastActivityAt > policy.idleTimeoutSeconds * 1000 {
            return try await restart(
                session, agent: agent, status: .expired, note: Messages.sessionIdle, now: now, target)
        }
        // A question whose figures or options were never fetched (a session stored before
        // its question was prepared) gets them now rather than refusing every answer.
        var session = session
        if let step = flow(session).step(named: session.state), let prepare = step.prepare,
            !step.isPrepared(session)
        {
            var context = StepContext(session: session, agent: agent, services: services, now: now)
            try? await prepare(&context)
            session = context.session
        }
        if let text = input.words, let word = GlobalWord(rawValue: text.trimming(" \t\n").lowercased()) {
            return try await handle(word, in: session, agent: agent, now: now, target)
        }
        if case .unsupported(let kind) = input {
            return try await refuse(session, agent: agent, now: now, Messages.unsupported(kind), target)
        }
        let flow = flow(session)
        guard let step = flow.step(named: session.state) else {
            var context = StepContext(session: session, agent: agent, services: services, now: now)
            return try await advance(&context, original: session, target)
        }
        var context = StepContext(session: session, agent: agent, services: services, now: now)
        do {
            try await step.accept(input, &context)
        } catch let failure as StepFailure {
            switch failure {
            case .refused(let message):
                return try await refuse(session, agent: agent, now: now, message, target)
            case .provider(let error):
                return try await refuse(session, agent: agent, now: now, error.agentMessage, target)
            case .redo(let message, let fields):
                flow.clear(fields, in: &context.session)
                context.notes.append(message)
            }
        }
        return try await advance(&context, original: session, target)
    }

    /// Walks the flow from the top to the first step that is not done, running automatic
    /// steps on the way; saves and answers with that step's question.
    private func advance(_ context: inout StepContext, original: Session, _ target: ChatDelivery?) async throws -> Reply
    {
        context.session.lastActivityAt = context.now
        context.session.updatedAt = context.now
        for _ in 0..<64 {
            if let finish = context.finish { return try await complete(&context, finish, target) }
            let flow = self.flow(context.session)
            guard let step = flow.pendingStep(context.session) else {
                // A flow with nothing left to ask (login) continues at the menu.
                context.switchFlow(to: "menu")
                continue
            }
            do {
                if step.kind == .automatic {
                    try await step.accept(.text(""), &context)
                    continue
                }
                if let prepare = step.prepare {
                    try await prepare(&context)
                    if step.isDone(context.session) { continue }
                }
            } catch let failure as StepFailure {
                switch failure {
                case .refused(let message):
                    return try await refuse(original, agent: context.agent, now: context.now, message, target)
                case .provider(let error):
                    return try await refuse(
                        original, agent: context.agent, now: context.now, error.agentMessage, target)
                case .redo(let message, let fields):
                    flow.clear(fields, in: &context.session)
                    context.notes.append(message)
                    continue
                }
            }
            context.session.state = step.name
            return try await finish(context, refusal: false, target)
        }
        throw EngineError.wrongStep(current: context.session.state, flow: context.session.flow)
    }

    /// Keeps the session as it was (apart from its activity time) and asks again.
    private func refuse(_ session: Session, agent: Agent?, now: Int64, _ message: String, _ target: ChatDelivery?)
        async throws -> Reply
    {
        var session = session
        session.lastActivityAt = now
        var context = StepContext(session: session, agent: agent, services: services, now: now)
        context.notes = [message]
        var answer = try await finish(context, refusal: true, target)
        answer.reason = message
        return answer
    }

    /// Saves the session together with its reply (queued for the chat, when there is one).
    private func finish(_ context: StepContext, refusal: Bool, _ target: ChatDelivery?) async throws -> Reply {
        let answer = reply(context, refusal: refusal)
        try await store.save(
            context.session, delivering: target.map { Delivery(target: $0, messages: answer.messages) })
        return answer
    }

    /// A completed flow: the books, the session's completion and its successor at the
    /// menu are one transaction; the reply is the success message with the menu options.
    private func complete(_ context: inout StepContext, _ end: FlowEnd, _ target: ChatDelivery?) async throws -> Reply {
        guard case .completed(let message, let record) = end else { fatalError("unreachable") }
        var closed = context.session
        closed.status = .completed
        closed.completedAt = context.now
        closed.state = "completed"
        var successor = successorSession(of: closed, now: context.now)
        if let agent = context.agent {
            // The flow has just read the provider's figures; the menu shows them.
            successor.data["menu.agent_name"] = .string(agent.fullName)
            successor.data["menu.wallet"] = .int(agent.walletBalancePaise)
            successor.data["menu.fastags"] = .int(agent.fastagsLeft)
        }
        let next = StepContext(session: successor, agent: context.agent, services: services, now: context.now)
        let answer = Reply(
            sessionID: successor.id, messages: [BotMessage(message, options: Messages.menuOptions)], isRefusal: false,
            flow: "menu", step: "menu", data: replyData(next))
        let delivery = target.map { Delivery(target: $0, messages: answer.messages) }
        guard try await store.complete(closed, successor: successor, record: record, delivering: delivery) else {
            throw EngineError.closed(status: .completed, successor: nil)
        }
        return answer
    }

    /// Closes a session (idle, expired login, cancel) and continues in a new one at the
    /// menu, or at the login when `agent` is nil.
    private func restart(
        _ session: Session, agent: Agent?, status: Session.Status, note: String?, now: Int64, _ target: ChatDelivery?
    ) async throws -> Reply {
        var closed = session
        closed.status = status
        closed.updatedAt = now
        if status == .expired { closed.expiredAt = now }
        var successor = successorSession(of: closed, now: now)
        if agent == nil {
            successor.agentID = nil
            successor.authenticatedAt = nil
            successor.flow = "login"
            successor.state = "agent_mobile"
        }
        try await store.replace(closed, with: successor)
        var context = StepContext(session: successor, agent: agent, services: services, now: now)
        if let note { context.notes.append(note) }
        return try await advance(&context, original: successor, target)
    }

    private func successorSession(of session: Session, now: Int64) -> Session {
        var successor = Session(
            id: RandomID.uuid(), channel: session.channel, chatID: session.chatID, flow: "menu",
            state: "menu",
            now: now)
        successor.agentID = session.agentID
        successor.authenticatedAt = session.authenticatedAt
        return successor
    }

    // MARK: - Global words

    private func handle(_ word: GlobalWord, in session: Session, agent: Agent?, now: Int64, _ target: ChatDelivery?)
        async throws -> Reply
    {
        let flow = flow(session)
        var context = StepContext(session: session, agent: agent, services: services, now: now)
        switch word {
        case .menu, .cancel:
            guard agent != nil, session.authenticatedAt != nil else {
                return try await advance(&context, original: session, target)
            }
            if session.flow == "menu" { return try await advance(&context, original: session, target) }
            return try await restart(session, agent: agent, status: .cancelled, note: nil, now: now, target)
        case .help:
            guard let step = flow.step(named: session.state) else {
                return try await advance(&context, original: session, target)
            }
            context.session.lastActivityAt = now
            var answer = reply(context, refusal: false)
            answer.messages[answer.messages.count - 1].text += "\n(\(step.hint))"
            try await store.save(
                context.session, delivering: target.map { Delivery(target: $0, messages: answer.messages) })
            return answer
        case .resend:
            guard let step = flow.step(named: session.state), let resend = step.resend else {
                return try await refuse(session, agent: agent, now: now, Messages.resendNotHere, target)
            }
            do {
                try await resend(&context)
            } catch let failure as StepFailure {
                switch failure {
                case .refused(let message), .redo(let message, _):
                    return try await refuse(session, agent: agent, now: now, message, target)
                case .provider(let error):
                    return try await refuse(session, agent: agent, now: now, error.agentMessage, target)
                }
            }
            context.session.lastActivityAt = now
            return try await finish(context, refusal: false, target)
        case .back:
            return try await back(session, agent: agent, now: now, target)
        case .logout:
            var closed = session
            closed.status = .cancelled
            closed.updatedAt = now
            let answer = Reply(
                sessionID: session.id, messages: [BotMessage(Messages.loggedOut)], isRefusal: false, flow: "logout",
                step: "logged_out", data: [:])
            try await store.save(closed, delivering: target.map { Delivery(target: $0, messages: answer.messages) })
            return answer
        }
    }

    /// The previous question of the table, unless a provider call that cannot be undone
    /// lies between; before a flow's first question is the menu.
    private func back(_ session: Session, agent: Agent?, now: Int64, _ target: ChatDelivery?) async throws -> Reply {
        let flow = flow(session)
        guard let index = flow.steps.firstIndex(where: { $0.name == session.state }) else {
            return try await refuse(session, agent: agent, now: now, Messages.firstQuestion, target)
        }
        var context = StepContext(session: session, agent: agent, services: services, now: now)
        if let field = flow.steps[index].backClears {
            flow.clear([field], in: &context.session)
            return try await advance(&context, original: session, target)
        }
        for candidate in flow.steps[..<index].reversed() where candidate.applies(session) && candidate.isDone(session) {
            if candidate.irreversible {
                return try await refuse(session, agent: agent, now: now, Messages.cannotGoBack, target)
            }
            // Automatic steps and answers the agent did not give (registry data) are passed over.
            guard candidate.kind == .question, candidate.answeredByAgent(session) else { continue }
            flow.clear([candidate.field], in: &context.session)
            return try await advance(&context, original: session, target)
        }
        if session.flow == "assign" || session.flow == "replace" {
            return try await restart(session, agent: agent, status: .cancelled, note: nil, now: now, target)
        }
        return try await refuse(session, agent: agent, now: now, Messages.firstQuestion, target)
    }

    // MARK: - Helpers

    func flow(_ session: Session) -> Flow {
        flows[session.flow] ?? LoginFlow.flow
    }

    private func openSession(_ id: String) async throws -> Session {
        guard let session = try await store.session(id) else { throw EngineError.unknownSession(id) }
        guard session.status == .open else {
            var successor: String?
            if let chatID = session.chatID,
                let open = try await store.openSession(channel: session.channel, chatID: chatID)
            {
                successor = open.id
            }
            throw EngineError.closed(status: session.status, successor: successor)
        }
        return session
    }

    private func agentOf(_ session: Session) async throws -> Agent? {
        guard let id = session.agentID else { return nil }
        return try await store.agent(id: id)
    }

    func reply(_ context: StepContext, refusal: Bool) -> Reply {
        let session = context.session
        let step = flow(session).step(named: session.state)
        let prompt = step?.prompt(session) ?? Prompt("")
        var messages = context.notes.map { BotMessage($0) }
        if messages.isEmpty || !prompt.text.isEmpty {
            messages.append(BotMessage(prompt.text, options: prompt.options))
        }
        if refusal, messages.count >= 2 {
            // One message for a refusal: the reason, then the same question.
            messages = [BotMessage(messages.map(\.text).joined(separator: "\n\n"), options: prompt.options)]
        }
        return Reply(
            sessionID: session.id, messages: messages, isRefusal: refusal, flow: session.flow, step: session.state,
            data: replyData(context))
    }

    private func replyData(_ context: StepContext) -> [String: JSONValue] {
        var data: [String: JSONValue] = ["step": .string(context.session.state), "flow": .string(context.session.flow)]
        if let agent = context.agent {
            let wallet = context.session.data["menu.wallet"]?.intValue ?? agent.walletBalancePaise
            let fastags = context.session.data["menu.fastags"]?.intValue ?? agent.fastagsLeft
            data["agent_name"] = .string(agent.fullName)
            data["wallet_balance"] = .string(Money.rupees(wallet))
            data["wallet_balance_paise"] = .int(wallet)
            data["fastags_left"] = .int(fastags)
        }
        return data
    }
}

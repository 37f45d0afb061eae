/// The end of a session: a completed flow, or a session closed (idle, expired login,
/// cancel) and continued in a new one.
extension ConversationEngine {
    /// A completed flow: the books, the session's completion and its successor at the
    /// menu are one transaction; the reply is the success message with the menu options.
    func complete(_ context: inout StepContext, _ end: FlowEnd, _ target: ChatDelivery?) async throws -> Reply {
        guard case .completed(let message, let record) = end else { fatalError("unreachable") }
        var closed = context.session
        closed.status = .completed
        closed.completedAt = context.now
        closed.stepName = .completed
        var successor = successorSession(of: closed, now: context.now)
        if let agent = context.agent {
            // The flow has just read the provider's figures; the menu shows them.
            successor[.menu, side: "agent_name"] = .string(agent.fullName)
            successor[.menu, side: "wallet"] = .int(agent.walletBalancePaise)
            successor[.menu, side: "fastags"] = .int(agent.fastagsLeft)
        }
        let next = StepContext(session: successor, agent: context.agent, services: services, now: context.now)
        let said = Rendering.reply(BotMessage(message, options: Messages.menuOptions), in: next.language)
        var answer = Reply(
            sessionID: successor.id, messages: said.messages, isRefusal: false, flow: .menu, step: .menu,
            data: replyData(next))
        answer.untranslated = said.untranslated
        let delivery = target.map { Delivery(target: $0, messages: answer.messages) }
        guard try await store.complete(closed, successor: successor, record: record, delivering: delivery) else {
            throw EngineError.closed(session: closed.id, status: .completed, successor: nil)
        }
        return answer
    }

    /// Closes a session (idle, expired login, cancel) and continues in a new one at the
    /// menu, or at the login when `agent` is nil.
    func restart(
        _ session: Session, agent: Agent?, status: Session.Status, note: String?, now: Int64, _ target: ChatDelivery?
    ) async throws -> Reply {
        var closed = session
        closed.status = status
        closed.updatedAt = now
        if status == .expired { closed.expiredAt = now }
        var successor = successorSession(of: closed, now: now)
        if agent == nil {
            // Logged out by the bot (an expired login): the login is asked in the agent's language.
            if let previous = try await agentOf(session), previous.language != .english {
                successor.guessedLanguage = previous.language
            }
            successor.agentID = nil
            successor.authenticatedAt = nil
            successor.flowName = .login
            successor.stepName = .agentMobile
        }
        try await store.replace(closed, with: successor)
        var context = StepContext(session: successor, agent: agent, services: services, now: now)
        if let note { context.notes.append(note) }
        return try await advance(&context, original: successor, target)
    }

    func successorSession(of session: Session, now: Int64) -> Session {
        var successor = Session(
            id: RandomID.uuid(), channel: session.channel, chatID: session.chatID, flow: .menu, step: .menu, now: now)
        successor.agentID = session.agentID
        successor.authenticatedAt = session.authenticatedAt
        successor.chosenLanguage = session.chosenLanguage
        successor.guessedLanguage = session.guessedLanguage
        return successor
    }
}

/// Words that work at every step (CONVERSATION.md section 4).
extension ConversationEngine {
    enum GlobalWord: String {
        case menu, cancel, back, help, resend, logout

        /// Hindi names of the words, understood in every language the bot speaks.
        static let hindi: [String: GlobalWord] = ["मेनू": .menu, "मेन्यू": .menu, "वापस": .back, "मदद": .help]

        /// The word an input is, any case, spaces around it ignored.
        init?(typed text: String) {
            let word = text.trimming(" \t\n").lowercased()
            guard let found = GlobalWord(rawValue: word) ?? Self.hindi[word] else { return nil }
            self = found
        }
    }

    func handle(_ word: GlobalWord, in session: Session, agent: Agent?, now: Int64, _ target: ChatDelivery?)
        async throws -> Reply
    {
        let flow = flow(session)
        var context = StepContext(session: session, agent: agent, services: services, now: now)
        switch word {
        case .menu, .cancel:
            guard agent != nil, session.authenticatedAt != nil else {
                return try await advance(&context, original: session, target)
            }
            if session.flowName == .menu { return try await advance(&context, original: session, target) }
            return try await restart(session, agent: agent, status: .cancelled, note: nil, now: now, target)
        case .help:
            guard let step = flow.step(named: session.stepName) else {
                return try await advance(&context, original: session, target)
            }
            context.session.lastActivityAt = now
            var answer = reply(context, refusal: false)
            let hint = flow.isResuming(session) ? Messages.carryOnHint : step.hint
            answer.messages[answer.messages.count - 1].text += "\n(\(answer.localized(hint)))"
            try await store.save(
                context.session, delivering: target.map { Delivery(target: $0, messages: answer.messages) })
            return answer
        case .resend:
            // Once the OTP is verified (a retry pending), a new one would start another provider session.
            guard let step = flow.step(named: session.stepName), let resend = step.resend, !flow.isResuming(session)
            else {
                return try await refuse(session, agent: agent, now: now, Messages.resendNotHere, target)
            }
            // A redo here (the login's OTP gone) is a refusal: the question stays.
            if case .refused(let reason) = try await run(&context, in: flow, redoable: false, resend) {
                return try await refuse(session, agent: agent, now: now, reason, target)
            }
            context.session.lastActivityAt = now
            return try await finish(context, refusal: false, target)
        case .back:
            return try await back(session, agent: agent, now: now, target)
        case .logout:
            var closed = session
            closed.status = .cancelled
            closed.updatedAt = now
            let said = Rendering.reply(BotMessage(Messages.loggedOut), in: context.language)
            var answer = Reply(
                sessionID: session.id, messages: said.messages, isRefusal: false, flow: .logout,
                step: .loggedOut, data: [:])
            answer.untranslated = said.untranslated
            try await store.save(closed, delivering: target.map { Delivery(target: $0, messages: answer.messages) })
            return answer
        }
    }
}

extension FlowName {
    /// Not a table: the answer to `logout` names it as where the agent is.
    static let logout = FlowName(rawValue: "logout")
}

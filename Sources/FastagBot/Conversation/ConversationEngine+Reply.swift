/// Answers: the session saved with what the agent is told.
extension ConversationEngine {
    /// Keeps the session as it was (apart from its activity time) and asks again.
    func refuse(_ session: Session, agent: Agent?, now: Int64, _ message: String, _ target: ChatDelivery?)
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

    /// A chat's "More…": the current question again, at that page of its options, with no
    /// answer changed. An old "More…" from an earlier question thus only shows a page of the
    /// current one (or the question alone, if it has no options).
    func show(page: Int, of session: Session, agent: Agent?, now: Int64, _ target: ChatDelivery?) async throws
        -> Reply
    {
        var context = StepContext(session: session, agent: agent, services: services, now: now)
        guard flow(session).step(named: session.stepName) != nil else {
            return try await advance(&context, original: session, target)
        }
        context.session.lastActivityAt = now
        var answer = reply(context, refusal: false)
        answer.messages[answer.messages.count - 1].page = page
        try await store.save(
            context.session, delivering: target.map { Delivery(target: $0, messages: answer.messages) })
        return answer
    }

    /// Saves the session together with its reply (queued for the chat, when there is one).
    func finish(_ context: StepContext, refusal: Bool, _ target: ChatDelivery?) async throws -> Reply {
        var context = context
        try await settleLanguage(&context)
        let answer = reply(context, refusal: refusal)
        try await store.save(
            context.session, delivering: target.map { Delivery(target: $0, messages: answer.messages) })
        return answer
    }

    func reply(_ context: StepContext, refusal: Bool) -> Reply {
        let session = context.session
        let flow = flow(session)
        // Stopped part way through an input: the question is answered, a retry carries on.
        var prompt =
            flow.isResuming(session)
            ? Prompt(Messages.carryOn, options: Messages.retryOptions)
            : flow.step(named: session.stepName)?.prompt(session) ?? Prompt("")
        if let suggested = Self.pendingSuggestion(session) {
            prompt = Prompt(Messages.didYouMean(suggested.title), options: Messages.suggestionOptions)
        }
        // In the agent's language, each part on its own (a refusal joins them below).
        var rendering = Rendering(context.language)
        var messages = context.notes.map { rendering.message(BotMessage($0)) }
        if messages.isEmpty || !prompt.text.isEmpty {
            messages.append(rendering.message(BotMessage(prompt.text, options: prompt.options)))
        }
        if refusal, messages.count >= 2 {
            // One message for a refusal: the reason, then the same question.
            let question = messages[messages.count - 1]
            messages = [BotMessage(messages.map(\.text).joined(separator: "\n\n"), options: question.options)]
            messages[0].language = question.language
        }
        var answer = Reply(
            sessionID: session.id, messages: messages, isRefusal: refusal, flow: session.flowName,
            step: session.stepName,
            data: replyData(context))
        answer.untranslated = rendering.untranslated
        return answer
    }

    func replyData(_ context: StepContext) -> [String: JSONValue] {
        var data: [String: JSONValue] = ["step": .string(context.session.state), "flow": .string(context.session.flow)]
        if let agent = context.agent {
            let wallet = context.session[.menu, side: "wallet"]?.intValue ?? agent.walletBalancePaise
            let fastags = context.session[.menu, side: "fastags"]?.intValue ?? agent.fastagsLeft
            data["agent_name"] = .string(agent.fullName)
            data["wallet_balance"] = .string(Money.rupees(wallet))
            data["wallet_balance_paise"] = .int(wallet)
            data["fastags_left"] = .int(fastags)
        }
        return data
    }
}

/// The agent's language: switching at any step, keeping the choice with the agent, and
/// rendering replies in it (`Language`, `Rendering`). The flows and `Messages` stay English;
/// the reply is translated here, at its end, each part before the parts are joined.
extension ConversationEngine {
    /// `Hindi`, `English`…: the choice is kept (with the agent; before login with the
    /// session, carried to the agent at login) and the current question is asked again in
    /// it, after a short confirmation in the new language. No answer changes.
    func switchLanguage(to language: Language, in session: Session, agent: Agent?, now: Int64, _ target: ChatDelivery?)
        async throws -> Reply
    {
        var context = StepContext(session: session, agent: agent, services: services, now: now)
        try await choose(language, &context)
        context.notes.append(language.switched)
        guard flow(session).step(named: session.stepName) != nil else {
            return try await advance(&context, original: session, target)
        }
        context.session.lastActivityAt = now
        return try await finish(context, refusal: false, target)
    }

    /// Keeps `language` with the agent, or with the session before login.
    func choose(_ language: Language, _ context: inout StepContext) async throws {
        guard let agent = context.agent else {
            context.session.chosenLanguage = language
            return
        }
        try await store.setLanguage(language, agentID: agent.id)
        context.agent?.language = language
        context.session.chosenLanguage = nil
    }

    /// Before a reply is saved: at login a language chosen before it becomes the agent's;
    /// before login, once the mobile number names an agent, that agent's language is used
    /// (unless one was chosen).
    func settleLanguage(_ context: inout StepContext) async throws {
        if let agent = context.agent {
            guard let chosen = context.session.chosenLanguage else { return }
            context.session.chosenLanguage = nil
            if chosen != agent.language {
                try await store.setLanguage(chosen, agentID: agent.id)
                context.agent?.language = chosen
            }
        } else if context.session.chosenLanguage == nil, context.session.guessedLanguage == nil,
            let id = context.session[.agentMobile, side: "agent_id"]?.intValue,
            let named = try await store.agent(id: id), named.language != .english
        {
            context.session.guessedLanguage = named.language
        }
    }

    /// A typed option title in another language (a Hindi title) as the pick of that option,
    /// so that the steps only ever see the English titles and the ids.
    func pickedByTitle(_ input: ConversationInput, in session: Session) -> ConversationInput {
        let flow = flow(session)
        guard case .text(let text) = input, let step = flow.step(named: session.stepName), !flow.isResuming(session),
            let option = Language.option(titled: text, among: step.prompt(session).options)
        else { return input }
        return .choice(id: option.id, title: option.title)
    }

    /// The language of a chat's apology: its open session's, English when it cannot be read.
    func language(of target: ChatDelivery) async -> Language {
        guard let session = try? await store.openSession(channel: target.channel, chatID: target.chatID) else {
            return .english
        }
        let agent = try? await agentOf(session)
        return StepContext(session: session, agent: agent ?? nil, services: services, now: 0).language
    }
}

extension StepContext {
    /// The language replies are in: the agent's once logged in, else the session's choice.
    var language: Language { agent?.language ?? session.chosenLanguage ?? session.guessedLanguage ?? .english }
}

extension Reply {
    /// `english` in the language of the reply (its last message), noted when it falls back.
    mutating func localized(_ english: String) -> String {
        var rendering = Rendering(messages.last?.language ?? .english)
        let text = rendering.text(english)
        untranslated += rendering.untranslated
        return text
    }
}

extension Rendering {
    /// One message in `language`, with what fell back to English.
    static func reply(_ message: BotMessage, in language: Language) -> (messages: [BotMessage], untranslated: [String])
    {
        var rendering = Rendering(language)
        let rendered = rendering.message(message)
        return ([rendered], rendering.untranslated)
    }
}

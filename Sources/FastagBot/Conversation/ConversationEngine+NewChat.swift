/// A chat's first message: its session is created with what its first question shows and
/// the greeting, in one write.
extension ConversationEngine {
    /// Answers a chat message. A chat without an open session gets one and is greeted with
    /// its first question, whatever the message said; the new session (with the figures its
    /// question shows), the greeting and the message's answered mark are one write, so a
    /// crash leaves all of it or none of it (and the message is answered again).
    func answer(
        _ input: ConversationInput, channel: Session.Channel, chatID: String, senderMobile: String?,
        delivery target: ChatDelivery
    ) async throws -> Reply {
        enum Opened {
            case existing(String)
            case greeted(Reply)
        }
        let opened: Opened = try await exclusively("chat:\(channel.rawValue):\(chatID)") {
            if let open = try await store.openSession(channel: channel, chatID: chatID) { return .existing(open.id) }
            var context = try await newChat(channel: channel, chatID: chatID, senderMobile: senderMobile)
            if let language = input.words.flatMap(Language.asked(by:)) {
                // A first message that asks for a language is answered in it.
                try await choose(language, &context)
                context.notes.append(language.switched)
            }
            let greeting = reply(context, refusal: false)
            try await store.insert(context.session, delivering: Delivery(target: target, messages: greeting.messages))
            return .greeted(greeting)
        }
        switch opened {
        case .greeted(let greeting): return greeting
        case .existing(let id): return try await handle([(input, nil)], sessionID: id, delivery: target)
        }
    }

    /// A new chat's session, not yet stored, with its first question prepared (the menu's figures).
    func newChat(channel: Session.Channel, chatID: String, senderMobile: String?) async throws -> StepContext {
        let now = time.nowMilliseconds()
        var session = Session(
            id: RandomID.uuid(), channel: channel, chatID: chatID, flow: .login, step: .agentMobile, now: now)
        var agent: Agent?
        var sender: Agent?
        if let mobile = senderMobile.flatMap({ try? Validators.mobile($0) }) {
            sender = try await store.agent(mobile: mobile)
        }
        if services.policy.trustChatSender, let sender, sender.status == .active {
            agent = sender
            session.agentID = sender.id
            session.authenticatedAt = session.createdAt
            session.flowName = .menu
            session.stepName = .menu
        }
        if agent == nil, let sender, sender.language != .english {
            // The chat's number is an agent's: greeted in that agent's language.
            session.guessedLanguage = sender.language
        }
        var context = StepContext(session: session, agent: agent, services: services, now: now)
        if let prepare = flow(session).step(named: session.stepName)?.prepare { try? await prepare(&context) }
        return context
    }
}

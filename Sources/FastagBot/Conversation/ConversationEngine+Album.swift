/// Bursts of photos: an agent who picks all the document photos at once sends them as
/// separate image messages a second or two apart. They are answered together: each photo
/// fills the next empty slot from the one asked, in the order sent, and a single reply says
/// how many are in, which were refused, and what is still missing (or the next question).
extension ConversationEngine {
    /// How many document photos the chat's open session still misses, from the one it asks
    /// for now; 0 when it asks for none.
    func photosMissing(channel: Session.Channel, chatID: String) async throws -> Int {
        guard let session = try await store.openSession(channel: channel, chatID: chatID),
            let first = photoSlot(session)
        else { return 0 }
        let flow = flow(session)
        return services.policy.documentPhotos[first...].count {
            flow.step(named: .document($0))?.isDone(session) == false
        }
    }

    /// Answers the photos of one burst, in order, with one reply that also marks every one
    /// of them answered: the session, the reply and the marks are one write, so a crash
    /// leaves all of it or none of it. Returns how many photos, from the first, it took:
    /// those beyond the empty slots are left to be answered one by one; 0 when the session
    /// asks for no photo (or must restart first): the caller answers the first one alone.
    func answerPhotos(
        _ photos: [(bytes: [UInt8], inboxID: Int64)], channel: Session.Channel, chatID: String
    ) async throws -> Int {
        guard let open = try await store.openSession(channel: channel, chatID: chatID) else { return 0 }
        return try await exclusively("session:\(open.id)") {
            let session = try await openSession(open.id)
            let now = time.nowMilliseconds()
            let agent = try await agentOf(session)
            guard let first = photoSlot(session), !mustRestart(session, agent: agent, now: now) else { return 0 }
            let kinds = services.policy.documentPhotos
            let flow = flow(session)
            let empty = kinds[first...].filter { flow.step(named: .document($0))?.isDone(session) == false }
            let used = min(photos.count, empty.count)
            guard used > 0 else { return 0 }

            // A second engine over a draft of the session: each photo goes through the flow as
            // if sent alone, but only the result is saved.
            let draft = DraftStore(base: store, session: session)
            let drafting = ConversationEngine(
                services: ConversationServices(
                    provider: services.provider, store: draft, sms: services.sms, policy: services.policy),
                time: time)
            var refusals: [String] = []
            var last: Reply?
            for (photo, kind) in zip(photos, empty) {
                var current = try await drafting.openSession(session.id)
                // Each photo to its own slot, so that a refused one leaves its slot empty.
                current.stepName = .document(kind)
                let reply = try await drafting.apply(.image(photo.bytes), to: current, nil)
                if reply.isRefusal { refusals.append(Messages.photoRefused(kind, reply.reason ?? Messages.sendAPhoto)) }
                last = reply
            }
            guard var next = last else { return 0 }
            if next.isRefusal {
                // A refusal leaves the session at the refused slot: ask for the first missing one.
                var context = StepContext(
                    session: draft.session, agent: agent, services: drafting.services, now: time.nowMilliseconds())
                next = try await drafting.advance(&context, original: draft.session, nil)
            }
            let result = draft.session
            let received = kinds.filter { flow.step(named: .document($0))?.isDone(result) == true }.count
            // In the agent's language, each part on its own (the next question already is).
            var rendering = Rendering(StepContext(session: result, agent: agent, services: services, now: now).language)
            var summary = Messages.photosReceived(received, of: kinds.count)
            if let missing = photoSlot(result) {
                summary = rendering.text(summary + Messages.nowSend(kinds[missing]))
            } else {
                summary = rendering.text(summary)
                if !next.text.isEmpty { summary += "\n\n" + next.text }
            }
            var message = BotMessage(
                (refusals.map { rendering.text($0) } + [summary]).joined(separator: "\n\n"), options: next.options)
            message.language = rendering.language
            let ids = photos.prefix(used).map(\.inboxID)
            let target = ChatDelivery(
                inboxID: ids[ids.count - 1], channel: channel, chatID: chatID, alsoAnswers: Array(ids.dropLast()))
            try await store.save(result, delivering: Delivery(target: target, messages: [message]))
            return used
        }
    }

    /// The index in `DOCUMENT_PHOTOS` of the photo the session asks for, if it asks for one.
    func photoSlot(_ session: Session) -> Int? {
        guard session.status == .open, flow(session).step(named: session.stepName) != nil else { return nil }
        return services.policy.documentPhotos.firstIndex { StepName.document($0) == session.stepName }
    }

    /// Whether the next input restarts the session instead of answering it (`apply`).
    func mustRestart(_ session: Session, agent: Agent?, now: Int64) -> Bool {
        let policy = services.policy
        if session.authenticatedAt != nil, agent?.status != .active { return true }
        if let authenticated = session.authenticatedAt, now - authenticated > policy.loginLifetimeSeconds * 1000 {
            return true
        }
        return session.flowName != .menu && now - session.lastActivityAt > policy.idleTimeoutSeconds * 1000
    }
}

/// The console's "Try the bot" panel talks to the sandbox as an agent already signed in: the
/// operator proved who they are with the admin token, and the sandbox's demo agent is no
/// one's real account, so the OTP step is skipped (the routes offer this in sandbox mode only).
extension ConversationEngine {
    /// A step-API session of the agent with this mobile number, at the menu and logged in,
    /// replacing the number's open step-API session (as a new login would) in one write.
    func openSignedIn(agentMobile mobile: String) async throws -> Reply? {
        try await exclusively("chat:api:\(mobile)") {
            guard let agent = try await store.agent(mobile: mobile), agent.status == .active else { return nil }
            let now = time.nowMilliseconds()
            var session = Session(
                id: RandomID.uuid(), channel: .api, chatID: mobile, flow: .menu, step: .menu, now: now)
            session.agentID = agent.id
            session.authenticatedAt = now
            var context = StepContext(session: session, agent: agent, services: services, now: now)
            if let prepare = flow(session).step(named: session.stepName)?.prepare { try? await prepare(&context) }
            let opened = context.session
            if let open = try await store.openSession(channel: .api, chatID: mobile) {
                // Under that session's own lock, so an input being applied to it finishes first.
                try await exclusively("session:\(open.id)") {
                    guard var current = try await store.session(open.id), current.status == .open else {
                        try await store.insert(opened, delivering: nil)
                        return
                    }
                    current.status = .cancelled
                    current.updatedAt = now
                    try await store.replace(current, with: opened)
                }
            } else {
                try await store.insert(opened, delivering: nil)
            }
            return reply(context, refusal: false)
        }
    }
}
